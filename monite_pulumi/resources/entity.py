"""The ``Entity`` resource: one Monite tenant (an organisation or an individual).

Wiring only: typed args in, the ``EntityProvider`` does the work. Replacing an entity makes a new
tenant id and only deactivates the old one, so changing ``type`` or ``address.country`` is refused
unless ``allow_replacement=True``; protect production tenants with ``protect=True`` or
``retain_on_delete=True`` in their ``ResourceOptions``.
"""

from __future__ import annotations

from typing import Any

import pulumi

from monite_pulumi.core.args import (
    EntityAddressArgs,
    EntityArgs,
    EntityIndividualArgs,
    EntityOrganizationArgs,
)
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.resources._props import MoniteResource

__all__ = [
    "Entity",
    "EntityAddressArgs",
    "EntityArgs",
    "EntityIndividualArgs",
    "EntityOrganizationArgs",
]


class Entity(MoniteResource[EntityArgs], module="monite", name="Entity"):
    """A Monite entity (tenant). Type token ``pulumi-python:dynamic/monite:Entity``."""

    # GENERATED outputs (scripts/gen_sdk.py, from the declaration): do not edit
    entity_id: pulumi.Output[str]
    status: pulumi.Output[str]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    type: pulumi.Output[str]
    email: pulumi.Output[str]
    address: pulumi.Output[dict[str, Any]]
    individual: pulumi.Output[dict[str, Any] | None]
    organization: pulumi.Output[dict[str, Any] | None]
    phone: pulumi.Output[str | None]
    website: pulumi.Output[str | None]
    tax_id: pulumi.Output[str | None]
    registration_number: pulumi.Output[str | None]
    registration_authority: pulumi.Output[str | None]
    partner_metadata: pulumi.Output[dict[str, Any] | None]
    active: pulumi.Output[bool]
    allow_replacement: pulumi.Output[bool]
    declared_inputs: pulumi.Output[list[str]]
    api_url: pulumi.Output[str]
    schema_version: pulumi.Output[int]
    # end of GENERATED outputs

    provider_class = EntityProvider
