"""Turn the raw `tenants` config value into validated tenants, or one error naming each problem.

Every entry is checked before any resource is declared, so a bad entry never leaves a stack
half-updated, and the message says which tenant and which field to fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from monite_pulumi.platform.tenants import HUMAN_MESSAGES, Tenant

_SHAPE_MESSAGES = {
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "dict_type": "must be a mapping",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
}
"""Human words for pydantic messages that name a class (`instance of TenantAccounting`)."""


class TenantConfigError(ValueError):
    """A tenant entry is invalid. Plain (no pulumi import) so tools can validate without Pulumi;
    the platform program raises it as a ``pulumi.RunError`` (``program.TenantConfigRunError``)."""

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
            problems.extend(_describe(label, error, entry))
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


def _describe(label: str, error: ValidationError, entry: Mapping[str, Any]) -> list[str]:
    """One line per pydantic error, naming the field by its dotted path; never the input value.

    A problem inside a product also names the product, so a long catalog is easy to search.
    """
    lines = []
    for item in error.errors(include_input=False, include_url=False):
        loc = item["loc"]
        field = ".".join(
            f"[{part}]" if isinstance(part, int) else str(part) for part in loc
        ).replace(".[", "[")
        lines.append(
            f"{label}: {_product_of(entry, loc)}field '{field or '<entry>'}': {_message(item)}"
        )
    return lines


def _message(item: ErrorDetails) -> str:
    """Pydantic's message, unless it shows a regular expression or a class name."""
    kind = item["type"]
    if kind in _SHAPE_MESSAGES:
        return _SHAPE_MESSAGES[kind]
    if kind == "string_pattern_mismatch":
        last = next((str(part) for part in reversed(item["loc"]) if isinstance(part, str)), "")
        return HUMAN_MESSAGES.get(last, "has a form that is not allowed here")
    return str(item["msg"])


def _product_of(entry: Mapping[str, Any], loc: tuple[int | str, ...]) -> str:
    """`product 'Consulting hour': ` when ``loc`` is inside one of the entry's products."""
    if len(loc) < 2 or loc[0] != "products" or not isinstance(loc[1], int):
        return ""
    products = entry.get("products")
    if not isinstance(products, Sequence) or isinstance(products, (str, bytes)):
        return ""
    if not 0 <= loc[1] < len(products) or not isinstance(products[loc[1]], Mapping):
        return ""
    name = products[loc[1]].get("name")
    return f"product '{name}': " if isinstance(name, str) and name else ""


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
