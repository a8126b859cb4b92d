"""camelCase (the native face, as every Pulumi schema) <-> snake_case (the core), by declaration.

Only declared object properties are renamed; the keys of a free-form map (``partner_metadata``)
are data and stay exactly as given, which a blind key-by-key translation would break.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from monite_pulumi.core.declaration import Field, ResourceDeclaration, TypeRef

__all__ = ["path_to_native", "to_core", "to_native", "unknown_inputs"]

_INDEX = re.compile(r"^([^\[]+)((?:\[\d+\])*)$")


def _fields(declaration: ResourceDeclaration, kind: TypeRef | None) -> tuple[Field, ...]:
    if kind is None:
        return declaration.inputs + declaration.output_fields
    assert kind.ref is not None
    return declaration.object_type(kind.ref).fields


def _convert(
    declaration: ResourceDeclaration,
    value: Any,
    kind: TypeRef,
    rename: Callable[[Field], tuple[str, str]],
) -> Any:
    if kind.kind == "object" and isinstance(value, Mapping):
        return _convert_object(declaration, value, kind, rename)
    if kind.kind == "array" and isinstance(value, (list, tuple)) and kind.items is not None:
        return [_convert(declaration, item, kind.items, rename) for item in value]
    if kind.kind == "map" and isinstance(value, Mapping) and kind.items is not None:
        return {key: _convert(declaration, item, kind.items, rename) for key, item in value.items()}
    return value


def _convert_object(
    declaration: ResourceDeclaration,
    value: Mapping[str, Any],
    kind: TypeRef | None,
    rename: Callable[[Field], tuple[str, str]],
) -> dict[str, Any]:
    by_name = {rename(item)[0]: item for item in _fields(declaration, kind)}
    converted: dict[str, Any] = {}
    for key, item in value.items():
        declared = by_name.get(key)
        if declared is None:
            converted[key] = item  # not declared: check names it as it was given
        else:
            converted[rename(declared)[1]] = _convert(declaration, item, declared.type, rename)
    return converted


def _from_camel(item: Field) -> tuple[str, str]:
    return item.camel, item.name


def _from_snake(item: Field) -> tuple[str, str]:
    return item.name, item.camel


def to_core(declaration: ResourceDeclaration, props: Mapping[str, Any]) -> dict[str, Any]:
    """Native (camelCase) properties as the core names them."""
    return _convert_object(declaration, props, None, _from_camel)


def to_native(declaration: ResourceDeclaration, props: Mapping[str, Any]) -> dict[str, Any]:
    """Core (snake_case) properties as the native schema names them."""
    return _convert_object(declaration, props, None, _from_snake)


def unknown_inputs(declaration: ResourceDeclaration, props: Mapping[str, Any]) -> list[str]:
    """Top-level native property names that are no input of the resource."""
    known = {item.camel for item in declaration.inputs}
    return sorted(key for key in props if key not in known)


def path_to_native(declaration: ResourceDeclaration, path: str) -> str:
    """A core property path (``address.postal_code``, ``rates[0].base``) in native names."""
    kind: TypeRef | None = None
    parts = []
    for segment in path.split("."):
        match = _INDEX.match(segment)
        name, index = (match.group(1), match.group(2)) if match else (segment, "")
        found = None
        if kind is None or kind.kind == "object":
            found = next((f for f in _fields(declaration, kind) if f.name == name), None)
        if found is None:
            parts.append(segment)
            kind = TypeRef("any")
            continue
        parts.append(found.camel + index)
        kind = found.type
        while kind.kind in ("array", "map") and kind.items is not None:
            kind = kind.items
    return ".".join(parts)
