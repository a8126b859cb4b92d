"""The provider SDK's ``PropertyValue`` <-> the plain values the core works with.

A preview's unknown becomes the same sentinel the dynamic face sees (``rpc.UNKNOWN``), so the
core treats unknowns one way for both faces. Secrets are unwrapped on the way in; on the way out
the declared secret outputs, and every output whose input came in secret, are marked secret.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pulumi.provider.experimental.property_value import (
    Computed,
    PropertyValue,
    ResourceReference,
)
from pulumi.runtime.rpc import UNKNOWN

from monite_pulumi.providers._values import is_unknown

__all__ = ["from_plain", "from_plain_map", "secret_names", "to_plain", "to_plain_map"]


def to_plain(value: PropertyValue) -> Any:
    """One value as plain Python (unknown as ``rpc.UNKNOWN``, secrets unwrapped)."""
    inner = value.value
    if isinstance(inner, Computed):
        return UNKNOWN
    if isinstance(inner, ResourceReference):
        return to_plain(inner.resource_id) if inner.resource_id is not None else inner.urn
    if isinstance(inner, Mapping):
        return {key: to_plain(item) for key, item in inner.items()}
    if isinstance(inner, (list, tuple)):
        return [to_plain(item) for item in inner]
    return inner


def to_plain_map(props: Mapping[str, PropertyValue]) -> dict[str, Any]:
    return {key: to_plain(value) for key, value in props.items()}


def secret_names(props: Mapping[str, PropertyValue]) -> frozenset[str]:
    """Top-level names whose value is, or holds, a secret."""
    return frozenset(key for key, value in props.items() if value.contains_secret())


def from_plain(value: Any, secret: bool = False) -> PropertyValue:
    """Plain Python as a ``PropertyValue`` (numbers as floats, the sentinel as unknown)."""
    if is_unknown(value):
        # The wire form of an unknown; PropertyValue.marshal cannot marshal Computed itself.
        return PropertyValue(UNKNOWN, is_secret=secret)
    if isinstance(value, Mapping):
        inner: Any = {str(key): from_plain(item) for key, item in value.items()}
    elif isinstance(value, (list, tuple)):
        inner = [from_plain(item) for item in value]
    elif isinstance(value, bool) or value is None or isinstance(value, str):
        inner = value
    elif isinstance(value, (int, float)):
        inner = float(value)
    else:
        inner = str(value)
    return PropertyValue(inner, is_secret=secret)


def from_plain_map(props: Mapping[str, Any], secrets: Collection[str] = ()) -> dict[str, Any]:
    return {key: from_plain(value, key in secrets) for key, value in props.items()}
