"""Which inputs the program declared, as dotted paths kept in the outputs (``declared_inputs``).

The engine gives ``diff`` and ``update`` only the previous OUTPUTS, and refresh rewrites the
previous inputs with Monite's values, so without a record the provider cannot tell "the user
removed ``description``" (clear it in Monite, show a change) from "the user never declared it"
(leave it unmanaged). Create and update write the paths of every given input (nested keys of
objects such as ``address.line2`` included, free-form objects such as ``partner_metadata`` as a
whole); refresh keeps them. Comparing the previous outputs only on the declared keys also keeps
defaults Monite fills in (``organization.directors_provided``) from showing as drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from monite_pulumi.providers._values import is_unknown

__all__ = ["DECLARED_OUTPUT", "declared_paths", "project", "sub_paths", "top_level"]

DECLARED_OUTPUT = "declared_inputs"
"""Output holding the sorted dotted paths of the inputs declared at the last create/update."""


def declared_paths(inputs: Mapping[str, Any], opaque: Iterable[str] = ()) -> list[str]:
    """Sorted paths of every given input; objects are walked, except the ``opaque`` ones."""
    whole = frozenset(opaque)
    found: list[str] = []

    def walk(value: Any, path: str, descend: bool) -> None:
        if value is None:
            return
        found.append(path)
        if descend and isinstance(value, Mapping) and not is_unknown(value):
            for key, item in value.items():
                walk(item, f"{path}.{key}", True)

    for name, value in inputs.items():
        walk(value, name, name not in whole)
    return sorted(found)


def top_level(paths: Iterable[str]) -> frozenset[str]:
    """The input names among ``paths`` (``address`` of ``address.city``)."""
    return frozenset(path.split(".", 1)[0] for path in paths)


def sub_paths(paths: Iterable[str], name: str) -> frozenset[str]:
    """The paths below ``name``, relative to it (``city`` for ``address.city``)."""
    prefix = name + "."
    return frozenset(path[len(prefix) :] for path in paths if path.startswith(prefix))


def project(value: Any, paths: Iterable[str]) -> Any:
    """``value`` restricted to the relative ``paths`` (all of it when there are none)."""
    wanted = frozenset(paths)
    if not wanted or not isinstance(value, Mapping):
        return value
    return {key: project(value.get(key), sub_paths(wanted, key)) for key in top_level(wanted)}
