"""The ``Entity`` resource: one Monite tenant (an organisation or an individual).

Wiring only: typed args in, the ``EntityProvider`` does the work. Replacing an entity makes a new
tenant id and only deactivates the old one, so changing ``type`` or ``address.country`` is refused
unless ``allow_replacement=True``; protect production tenants with ``protect=True`` or
``retain_on_delete=True`` in their ``ResourceOptions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from monite_pulumi.providers.entity import ENTITY_SHAPE, EntityProvider
from monite_pulumi.resources._props import resource_props

__all__ = [
    "Entity",
    "EntityAddressArgs",
    "EntityArgs",
    "EntityIndividualArgs",
    "EntityOrganizationArgs",
]


@dataclass
class EntityAddressArgs:
    """Registered address. ``country`` (ISO 3166-1 alpha-2) cannot change after creation."""

    country: pulumi.Input[str]
    city: pulumi.Input[str]
    postal_code: pulumi.Input[str]
    line1: pulumi.Input[str]
    line2: pulumi.Input[str] | None = None
    state: pulumi.Input[str] | None = None


@dataclass
class EntityIndividualArgs:
    """The person, for ``type="individual"``."""

    first_name: pulumi.Input[str]
    last_name: pulumi.Input[str]
    title: pulumi.Input[str] | None = None
    date_of_birth: pulumi.Input[str] | None = None
    id_number: pulumi.Input[str] | None = None
    ssn_last_4: pulumi.Input[str] | None = None


@dataclass
class EntityOrganizationArgs:
    """The company, for ``type="organization"``."""

    legal_name: pulumi.Input[str]
    business_structure: pulumi.Input[str] | None = None
    legal_entity_id: pulumi.Input[str] | None = None
    directors_provided: pulumi.Input[bool] | None = None
    executives_provided: pulumi.Input[bool] | None = None
    owners_provided: pulumi.Input[bool] | None = None
    representative_provided: pulumi.Input[bool] | None = None


@dataclass
class EntityArgs:
    """Inputs of ``Entity``: Monite's create request plus partner metadata and options."""

    type: pulumi.Input[str]
    email: pulumi.Input[str]
    address: pulumi.Input[EntityAddressArgs]
    individual: pulumi.Input[EntityIndividualArgs] | None = None
    organization: pulumi.Input[EntityOrganizationArgs] | None = None
    phone: pulumi.Input[str] | None = None
    website: pulumi.Input[str] | None = None
    tax_id: pulumi.Input[str] | None = None
    registration_number: pulumi.Input[str] | None = None
    registration_authority: pulumi.Input[str] | None = None
    partner_metadata: pulumi.Input[dict[str, Any]] | None = None
    """Managed only when given: leaving it out keeps whatever Monite holds; ``{}`` clears it."""
    active: pulumi.Input[bool] = True
    """False deactivates the entity (what delete does too)."""
    allow_replacement: pulumi.Input[bool] = False
    """Set deliberately to let a change of ``type`` or ``address.country`` create a new tenant."""
    adopt_id: pulumi.Input[str] | None = None
    """An existing Monite object to take over on create instead of creating one; needed for the
    first ``up`` only, ignored afterwards (docs/adopting-existing-tenants.md)."""


class Entity(Resource, module="monite", name="Entity"):
    """A Monite entity (tenant). Type token ``pulumi-python:dynamic/monite:Entity``."""

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

    def __init__(
        self,
        resource_name: str,
        args: EntityArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            EntityProvider(), resource_name, resource_props(args, ENTITY_SHAPE.outputs), opts
        )
