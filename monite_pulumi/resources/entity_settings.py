"""The ``EntitySettings`` resource: the settings of one entity that a program manages.

Wiring only: typed args in, the ``EntitySettingsProvider`` does the work. Only the fields set
here are managed; destroying the resource leaves the entity's settings as they are.
"""

from __future__ import annotations

from typing import Any

import pulumi

from monite_pulumi.core.args import (
    EntitySettingsArgs,
    ExchangeRateArgs,
    SettingsCurrencyArgs,
    SettingsDocumentIdsArgs,
)
from monite_pulumi.providers.entity_settings import (
    EntitySettingsProvider,
)
from monite_pulumi.resources._props import MoniteResource

__all__ = [
    "EntitySettings",
    "EntitySettingsArgs",
    "ExchangeRateArgs",
    "SettingsCurrencyArgs",
    "SettingsDocumentIdsArgs",
]


class EntitySettings(MoniteResource[EntitySettingsArgs], module="monite", name="EntitySettings"):
    """An entity's Monite settings. Type token ``pulumi-python:dynamic/monite:EntitySettings``."""

    # GENERATED outputs (scripts/gen_sdk.py, from the declaration): do not edit
    entity_id: pulumi.Output[str]
    language: pulumi.Output[str | None]
    currency: pulumi.Output[dict[str, Any] | None]
    reminder: pulumi.Output[dict[str, Any] | None]
    mail: pulumi.Output[dict[str, Any] | None]
    document_ids: pulumi.Output[dict[str, Any] | None]
    payment_priority: pulumi.Output[str | None]
    receivable_edit_flow: pulumi.Output[str | None]
    vat_mode: pulumi.Output[str | None]
    vat_inclusive_discount_mode: pulumi.Output[str | None]
    allow_purchase_order_autolinking: pulumi.Output[bool | None]
    payables_skip_approval_flow: pulumi.Output[bool | None]
    quote_signature_required: pulumi.Output[bool | None]
    declared_inputs: pulumi.Output[list[str]]
    api_url: pulumi.Output[str]
    schema_version: pulumi.Output[int]
    # end of GENERATED outputs

    provider_class = EntitySettingsProvider
