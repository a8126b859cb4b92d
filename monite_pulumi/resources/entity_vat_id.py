"""The ``EntityVatId`` resource: one VAT (or other tax) id of an entity.

Wiring only: typed args in, the ``EntityVatIdProvider`` does the work. ``entity_id`` is
create-only; ``country``, ``value`` and ``type`` change in place.
"""

from __future__ import annotations

import pulumi

from monite_pulumi.core.args import EntityVatIdArgs
from monite_pulumi.providers.entity_vat_id import EntityVatIdProvider
from monite_pulumi.resources._props import MoniteResource

__all__ = ["EntityVatId", "EntityVatIdArgs"]


class EntityVatId(MoniteResource[EntityVatIdArgs], module="monite", name="EntityVatId"):
    """A VAT id of a Monite entity. Type token ``pulumi-python:dynamic/monite:EntityVatId``."""

    # GENERATED outputs (scripts/gen_sdk.py, from the declaration): do not edit
    vat_id: pulumi.Output[str]
    entity_id: pulumi.Output[str]
    country: pulumi.Output[str]
    value: pulumi.Output[str]
    type: pulumi.Output[str]
    declared_inputs: pulumi.Output[list[str]]
    api_url: pulumi.Output[str]
    schema_version: pulumi.Output[int]
    # end of GENERATED outputs

    provider_class = EntityVatIdProvider
