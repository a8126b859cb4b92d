"""The platform program's own config keys: a typo among them stops the program.

A stack that declares no tenant plans to delete every tenant it manages (entities deactivated,
connections disconnected). So a misspelt key (`tenant:` for `tenants:`) must not read as "no
tenants": any key of the project's namespace that the program does not know is an error naming
it and the closest known key, and a stack without `tenants` (or `tenantsFile`) is an error too;
deleting every tenant takes an explicit empty list. Plain (no pulumi import) like `loading`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["missing_tenants_problem", "unknown_key_problems"]


def unknown_key_problems(keys: Iterable[str], project: str, known: Iterable[str]) -> list[str]:
    """One line per key of ``project``'s namespace that is not in ``known``, closest key named."""
    allowed = sorted(set(known))
    problems = []
    for key in sorted(set(keys)):
        namespace, _, name = key.partition(":")
        if namespace != project or not name or name in allowed:
            continue
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        if not close:
            close = [k for k in allowed if k.lower() == name.lower()]
        hint = f"did you mean {project}:{close[0]}? " if close else ""
        problems.append(
            f"{key}: not a setting of this program; {hint}Its settings are "
            f"{', '.join(f'{project}:{k}' for k in allowed)}. Nothing was changed: a misspelt "
            "key would otherwise leave tenants undeclared, and `up` would delete them."
        )
    return problems


def missing_tenants_problem(tenants_key: str, file_key: str) -> str:
    """Why a stack without a tenant list stops, and how to delete every tenant on purpose."""
    return (
        f"{tenants_key}: not set (nor {file_key}). A stack without its tenant list would declare "
        "no tenant, and `up` would delete every tenant it manages (entities deactivated, "
        f"connections disconnected). Set {tenants_key} to the stack's tenants, or "
        f"{file_key} to a file of them; to delete every tenant on purpose, set "
        f"`{tenants_key}: []` (an explicit empty list)."
    )
