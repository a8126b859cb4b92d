"""Stack names as the CLI's file backend accepts them, so a name can never pick a path.

pkg/backend/diy/backend.go ``ValidateStackName`` -> store.go ``projectReferenceStore.
ParseReference``: ``<stack>``, ``<org>/<stack>`` or ``<org>/<project>/<stack>``, the org always
``organization``; sdk/go/common/tokens/stack_name.go ``ParseStackName``: not empty, at most 100
characters of ``[A-Za-z0-9_.-]``. Names made only of dots pass that pattern but are paths
(``.`` and ``..``): refused too.
"""

from __future__ import annotations

import re

__all__ = ["StackNameError", "parse_stack_name"]

_NAME = re.compile(r"[A-Za-z0-9_.-]*")
_ORGANIZATION = "organization"


class StackNameError(ValueError):
    """The name is not one the CLI's file backend would accept."""


def _check_name(name: str) -> str:
    if not name:
        raise StackNameError("a stack name may not be empty")
    if len(name) > 100:
        raise StackNameError("a stack name cannot exceed 100 characters")
    matched = _NAME.match(name)
    end = matched.end() if matched else 0
    if end != len(name):
        raise StackNameError(
            "a stack name may only contain alphanumeric, hyphens, underscores, or periods: "
            f"invalid character {name[end]!r} at position {end}"
        )
    if set(name) == {"."}:
        raise StackNameError(f"{name!r} is not a stack name (it names a directory)")
    return name


def parse_stack_name(reference: str, project: str) -> str:
    """The stack's name from ``--stack`` (``StackNameError`` naming what is wrong)."""
    if reference == "":
        raise StackNameError("stack name must not be empty")
    parts = reference.split("/")
    if len(parts) > 3:
        raise StackNameError(
            f"{reference!r}: a stack is named <stack>, organization/<stack> or "
            "organization/<project>/<stack>"
        )
    name = parts[-1]
    if len(parts) >= 2 and parts[0] != _ORGANIZATION:
        raise StackNameError(f"{reference!r}: organization name must be '{_ORGANIZATION}'")
    if len(parts) == 3 and parts[1] != project:
        raise StackNameError(
            f"{reference!r}: the project here is {project!r}, not {parts[1]!r} (--cwd DIR)"
        )
    return _check_name(name)
