"""Property values as the engine hands them over: unknowns, nulls and numbers.

During preview a value computed by another resource arrives as ``pulumi.output.Unknown`` (the
dynamic server deserialises with ``keep_unknowns``) or, through other paths, as the raw sentinel
string ``pulumi.runtime.rpc.UNKNOWN``. Numbers cross gRPC as floats. ``canonical`` makes two
values comparable regardless of those encodings and of absent-versus-null keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

__all__ = [
    "UNKNOWN",
    "canonical",
    "changed_values",
    "contains_unknown",
    "declared_values",
    "is_unknown",
    "same_value",
    "unknown_paths",
    "without_unknowns",
]


def is_unknown(value: Any) -> bool:
    """True for the preview-time placeholder of a value not computed yet."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN)


def contains_unknown(value: Any) -> bool:
    """True if the value, or anything nested in it, is not known yet."""
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(item) for item in value)
    return False


def without_unknowns(value: Any) -> Any:
    """The value with every unknown part removed (dict keys dropped, list items kept as None)."""
    if isinstance(value, Mapping):
        return {key: without_unknowns(item) for key, item in value.items() if not is_unknown(item)}
    if isinstance(value, (list, tuple)):
        return [None if is_unknown(item) else without_unknowns(item) for item in value]
    return value


def canonical(value: Any) -> Any:
    """A comparable form: null-valued keys dropped, empty objects as null, whole floats as ints."""
    if isinstance(value, Mapping):
        cleaned = {key: canonical(item) for key, item in value.items()}
        kept = {key: item for key, item in cleaned.items() if item is not None}
        return kept or None
    if isinstance(value, (list, tuple)):
        return [canonical(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def same_value(old: Any, new: Any) -> bool:
    """Whether two known property values mean the same thing to Monite."""
    return bool(canonical(old) == canonical(new))


def unknown_paths(value: Any, prefix: str = "") -> frozenset[str]:
    """Dotted paths of every unknown part of a property bag (``address.city``)."""
    found: set[str] = set()
    if isinstance(value, Mapping):
        for key, item in value.items():
            path = f"{prefix}{key}"
            if is_unknown(item):
                found.add(path)
            else:
                found |= unknown_paths(item, path + ".")
    return frozenset(found)


def declared_values(props: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The ``names`` that are given (not None) in ``props``: what a request body would carry."""
    return {name: props[name] for name in names if props.get(name) is not None}


def changed_values(
    olds: Mapping[str, Any], news: Mapping[str, Any], names: tuple[str, ...]
) -> dict[str, Any]:
    """The given ``names`` of ``news`` whose value differs from ``olds``: what a PATCH sends."""
    return {
        name: value
        for name, value in declared_values(news, names).items()
        if not same_value(olds.get(name), value)
    }
