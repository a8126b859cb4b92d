"""One declaration per resource: its inputs, outputs and rules, written once.

From a ``ResourceDeclaration`` derive the provider shape (``providers._shape.shape_of``), the
native provider's schema and property names (``native``), the Python SDK of the native face
(``scripts/gen_sdk.py``) and the reference tables of docs/resources.md. Names are the Python
(snake_case) names of the dynamic face; the native face shows them in camelCase, as every
Pulumi schema does (``postal_code`` -> ``postalCode``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "ANY",
    "BOOLEAN",
    "COMMON_OUTPUTS",
    "INTEGER",
    "NUMBER",
    "STRING",
    "Field",
    "ObjectType",
    "ResourceDeclaration",
    "TypeRef",
    "array_of",
    "camel",
    "map_of",
    "object_of",
]


@dataclass(frozen=True)
class TypeRef:
    """A property type: a primitive, ``any``, an array or map of a type, or a named object."""

    kind: str
    """``string``, ``integer``, ``number``, ``boolean``, ``any``, ``array``, ``map``, ``object``."""
    items: TypeRef | None = None
    """The element type of an array or a map."""
    ref: str | None = None
    """The object type's name (``EntityAddress``) for kind ``object``."""


STRING = TypeRef("string")
INTEGER = TypeRef("integer")
NUMBER = TypeRef("number")
BOOLEAN = TypeRef("boolean")
ANY = TypeRef("any")


def array_of(items: TypeRef) -> TypeRef:
    return TypeRef("array", items=items)


def map_of(items: TypeRef) -> TypeRef:
    """A free-form object: its keys are data, never renamed between the faces."""
    return TypeRef("map", items=items)


def object_of(name: str) -> TypeRef:
    return TypeRef("object", ref=name)


def camel(name: str) -> str:
    """Pulumi's schema spelling of a snake_case name: ``postal_code`` -> ``postalCode``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclass(frozen=True)
class Field:
    """One property of a resource or of an object type."""

    name: str
    type: TypeRef
    description: str
    required: bool = False
    default: Any = None
    """What an absent input means (applied by check and when reading older state)."""
    secret: bool = False
    """An output stored and shown only as a secret."""
    may_be_absent: bool = False
    """A computed output Monite sets only sometimes (``platform`` once connected): typed
    ``T | None`` on the dynamic resource, as an optional input is."""

    @property
    def camel(self) -> str:
        return camel(self.name)


@dataclass(frozen=True)
class ObjectType:
    """A nested object with named properties (an entity's ``address``)."""

    name: str
    description: str
    fields: tuple[Field, ...]


COMMON_OUTPUTS = (
    Field(
        "declared_inputs",
        array_of(STRING),
        "Dotted paths of the inputs the program declared at the last create or update: what "
        "the provider manages (a removed one is cleared in Monite, one never declared is left "
        "alone).",
    ),
    Field("api_url", STRING, "The Monite API the object lives in (a guard against moving it)."),
    Field("schema_version", INTEGER, "Version of this output layout in the state."),
)
"""Outputs every resource has after its own, in this order."""


@dataclass(frozen=True)
class ResourceDeclaration:
    """Everything about one resource type that does not depend on a protocol."""

    name: str
    """The type name: ``Entity`` (``monite:index:Entity``, ``pulumi-python:dynamic/monite:...``)."""
    label: str
    """Human name used in messages (``entity``)."""
    description: str
    id_output: str
    """Output that repeats the resource id (``entity_id``)."""
    inputs: tuple[Field, ...]
    """Every input, Monite fields and provider options alike, in a stable order."""
    computed: tuple[Field, ...]
    """Outputs Monite computes (id, status, timestamps), before the inputs."""
    options: frozenset[str] = frozenset()
    """Inputs that steer the provider and are never sent to Monite."""
    create_only: frozenset[str] = frozenset()
    """Inputs Monite cannot change in place: changing them needs a replacement."""
    input_only: frozenset[str] = frozenset()
    """Inputs that steer the create alone (``adopt_id``): never an output, never compared."""
    opaque: frozenset[str] = frozenset()
    """Object inputs managed as a whole (free-form ``partner_metadata``), not key by key."""
    delete_before_replace: bool = False
    """Monite forbids old and new side by side (one accounting connection per entity)."""
    entity_scoped: bool = False
    """Monite scopes it by entity: its import id is ``<entity_id>/<object_id>``."""
    objects: tuple[ObjectType, ...] = ()
    """The object types its inputs and outputs use."""

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.inputs)

    @property
    def computed_names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.computed)

    @property
    def defaults(self) -> dict[str, Any]:
        return {item.name: item.default for item in self.inputs if item.default is not None}

    @property
    def output_fields(self) -> tuple[Field, ...]:
        """Every output, in the order the state holds them."""
        stored = (item for item in self.inputs if item.name not in self.input_only)
        return (*self.computed, *stored, *COMMON_OUTPUTS)

    @property
    def secret_outputs(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.output_fields if item.secret)

    @property
    def token(self) -> str:
        """The native provider's resource token."""
        return f"monite:index:{self.name}"

    def object_type(self, name: str) -> ObjectType:
        for item in self.objects:
            if item.name == name:
                return item
        raise KeyError(name)
