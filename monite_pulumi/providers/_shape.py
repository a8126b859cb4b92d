"""What a resource's property bag looks like: inputs, computed outputs, create-only fields.

One ``ResourceShape`` per resource type drives the shared check, diff and output building in
``_core``, and lets tests pin the output names that live in every stack's state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from monite_pulumi.core.declaration import ResourceDeclaration
from monite_pulumi.providers._declared import DECLARED_OUTPUT

__all__ = ["SCHEMA_VERSION", "ResourceShape", "shape_of"]

SCHEMA_VERSION = 2
"""Version of the output layout written to state; bump it with a migration in ``_core``.

1: every input echoed in the outputs. 2: plus ``declared_inputs``, the paths of the inputs the
program declared (``_declared``); state of version 1 is compared as version 1 compared it."""


@dataclass(frozen=True)
class ResourceShape:
    """The property layout of one resource type."""

    label: str
    """Human name used in messages (``entity``)."""
    id_output: str
    """Output that repeats the resource id (``entity_id``)."""
    inputs: tuple[str, ...]
    """Every declared input, Monite fields and provider options alike."""
    computed: tuple[str, ...]
    """Outputs Monite computes (id, status, timestamps), before the inputs."""
    options: frozenset[str] = frozenset()
    """Inputs that steer the provider and are never sent to Monite."""
    create_only: frozenset[str] = frozenset()
    """Inputs Monite cannot change in place: changing them needs a replacement."""
    defaults: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Values an absent input means, applied by check and when reading older state."""
    delete_before_replace: bool = False
    """Monite forbids old and new side by side (one accounting connection per entity)."""
    opaque: frozenset[str] = frozenset()
    """Object inputs managed as a whole (free-form ``partner_metadata``), not key by key."""
    input_only: frozenset[str] = frozenset()
    """Inputs that steer the create alone (``adopt_id``): never an output, never compared."""

    @property
    def outputs(self) -> tuple[str, ...]:
        """Every output name, in a stable order."""
        stored = (name for name in self.inputs if name not in self.input_only)
        return (*self.computed, *stored, DECLARED_OUTPUT, "api_url", "schema_version")

    def input_value(self, props: Mapping[str, Any], name: str) -> Any:
        """The input as given, or what its absence means."""
        value = props.get(name)
        return self.defaults.get(name) if value is None else value


def shape_of(declaration: ResourceDeclaration) -> ResourceShape:
    """The shape the dynamic providers work with, derived from the resource's declaration."""
    return ResourceShape(
        label=declaration.label,
        id_output=declaration.id_output,
        inputs=declaration.input_names,
        computed=declaration.computed_names,
        options=declaration.options,
        create_only=declaration.create_only,
        defaults=MappingProxyType(declaration.defaults),
        delete_before_replace=declaration.delete_before_replace,
        opaque=declaration.opaque,
        input_only=declaration.input_only,
    )
