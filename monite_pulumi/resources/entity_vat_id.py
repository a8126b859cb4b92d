"""The ``EntityVatId`` resource: one VAT (or other tax) id of an entity.

Wiring only: typed args in, the ``EntityVatIdProvider`` does the work. ``entity_id`` is
create-only; ``country``, ``value`` and ``type`` change in place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi.dynamic import Resource

from monite_pulumi.providers.entity_vat_id import ENTITY_VAT_ID_SHAPE, EntityVatIdProvider
from monite_pulumi.resources._props import resource_props

__all__ = ["EntityVatId", "EntityVatIdArgs"]


@dataclass
class EntityVatIdArgs:
    """Inputs of ``EntityVatId``; names as in Monite's ``EntityVatID``."""

    entity_id: pulumi.Input[str]
    """The entity the VAT id belongs to; create-only."""
    country: pulumi.Input[str]
    """ISO 3166-1 alpha-2, e.g. ``DE``."""
    value: pulumi.Input[str]
    """The id itself, e.g. ``DE123456789`` (at most 32 characters)."""
    type: pulumi.Input[str] = "unknown"
    """``VatIDTypeEnum``: ``eu_vat``, ``gb_vat``, ``us_ein``, ... or ``unknown``."""
    adopt_id: pulumi.Input[str] | None = None
    """An existing Monite object to take over on create instead of creating one; needed for the
    first ``up`` only, ignored afterwards (docs/adopting-existing-tenants.md)."""


class EntityVatId(Resource, module="monite", name="EntityVatId"):
    """A VAT id of a Monite entity. Type token ``pulumi-python:dynamic/monite:EntityVatId``."""

    vat_id: pulumi.Output[str]
    entity_id: pulumi.Output[str]
    country: pulumi.Output[str]
    value: pulumi.Output[str]
    type: pulumi.Output[str]
    declared_inputs: pulumi.Output[list[str]]
    api_url: pulumi.Output[str]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: EntityVatIdArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            EntityVatIdProvider(),
            resource_name,
            resource_props(args, ENTITY_VAT_ID_SHAPE.outputs),
            opts,
        )
