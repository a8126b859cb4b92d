"""Turn the raw `tenants` config value into validated tenants, or one error naming each problem.

Every entry is checked before any resource is declared, so a bad entry never leaves a stack
half-updated, and the message says which tenant and which field to fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pulumi
import yaml
from pydantic import ValidationError

from monite_pulumi.platform.tenants import Tenant


class TenantConfigError(pulumi.RunError):
    """A tenant entry is invalid. A RunError, so the CLI shows the message without a traceback."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"invalid tenant configuration:\n{lines}")


def parse_tenants(raw: object, *, source: str = "tenants") -> list[Tenant]:
    """Validate every entry of `raw` (a list of mappings); raise TenantConfigError listing all."""
    if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)):
        raise TenantConfigError([f"{source}: must be a list of tenant entries"])
    problems: list[str] = []
    tenants: list[Tenant] = []
    for index, entry in enumerate(raw):
        label = _label(source, index, entry)
        if not isinstance(entry, Mapping):
            problems.append(f"{label}: must be a mapping of tenant fields")
            continue
        try:
            tenant = Tenant.model_validate(dict(entry))
        except ValidationError as error:
            problems.extend(_describe(label, error))
            continue
        problems.extend(f"{label}: field '{field}': {msg}" for field, msg in tenant.problems())
        tenants.append(tenant)
    problems.extend(_duplicate_names(source, tenants))
    if problems:
        raise TenantConfigError(problems)
    return tenants


def read_tenants_file(path: Path) -> object:
    """The raw tenant list of a YAML (or JSON) file, for `parse_tenants`; one list that several
    stacks (the shards of one tenant list) read instead of each holding a copy."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        problem = f"{path}: cannot read the tenants file: {error.strerror}"
        raise TenantConfigError([problem]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise TenantConfigError([f"{path}: not valid YAML{where}"]) from None


def _label(source: str, index: int, entry: object) -> str:
    name: Any = entry.get("name") if isinstance(entry, Mapping) else None
    shown = f"'{name}'" if isinstance(name, str) and name else "(unnamed)"
    return f"tenant {shown} ({source}[{index}])"


def _describe(label: str, error: ValidationError) -> list[str]:
    """One line per pydantic error, naming the field by its dotted path; never the input value."""
    lines = []
    for item in error.errors(include_input=False, include_url=False):
        field = ".".join(
            f"[{part}]" if isinstance(part, int) else str(part) for part in item["loc"]
        ).replace(".[", "[")
        lines.append(f"{label}: field '{field or '<entry>'}': {item['msg']}")
    return lines


def _duplicate_names(source: str, tenants: Sequence[Tenant]) -> list[str]:
    seen: set[str] = set()
    problems = []
    for tenant in tenants:
        if tenant.name in seen:
            problems.append(
                f"tenant '{tenant.name}' ({source}): field 'name': used by more than one tenant"
            )
        seen.add(tenant.name)
    return problems
