"""The ``EntitySettings`` resource: the settings of one entity that a program manages.

Wiring only: typed args in, the ``EntitySettingsProvider`` does the work. Only the fields set
here are managed; destroying the resource leaves the entity's settings as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from monite_pulumi.providers.entity_settings import (
    ENTITY_SETTINGS_SHAPE,
    EntitySettingsProvider,
)
from monite_pulumi.resources._props import resource_props

__all__ = [
    "EntitySettings",
    "EntitySettingsArgs",
    "ExchangeRateArgs",
    "SettingsCurrencyArgs",
    "SettingsDocumentIdsArgs",
]


@dataclass
class ExchangeRateArgs:
    """``1 base = rate to``, e.g. ``ExchangeRateArgs("USD", "EUR", 0.92)``."""

    base: pulumi.Input[str]
    to: pulumi.Input[str]
    rate: pulumi.Input[float]


@dataclass
class SettingsCurrencyArgs:
    """``currency``: the entity's default currency and optional fixed exchange rates."""

    default: pulumi.Input[str]
    exchange_rates: pulumi.Input[list[ExchangeRateArgs]] | None = None


@dataclass
class SettingsDocumentIdsArgs:
    """``document_ids``: how document numbers look (``INV-00042``); ``document_type_prefix``
    maps ``invoice``, ``quote``, ``credit_note``, ``purchase_order``, ``delivery_note``."""

    prefix: pulumi.Input[str] | None = None
    separator: pulumi.Input[str] | None = None
    min_digits: pulumi.Input[int] | None = None
    include_date: pulumi.Input[bool] | None = None
    document_type_prefix: pulumi.Input[dict[str, str]] | None = None


@dataclass
class EntitySettingsArgs:
    """Inputs of ``EntitySettings``; names as in Monite's ``PatchSettingsPayload``."""

    entity_id: pulumi.Input[str]
    """The entity; create-only."""
    language: pulumi.Input[str] | None = None
    currency: pulumi.Input[SettingsCurrencyArgs] | None = None
    reminder: pulumi.Input[dict[str, bool]] | None = None
    """``{"enabled": True}`` turns payment reminders on."""
    mail: pulumi.Input[dict[str, list[str]]] | None = None
    """``{"reply_to": ["billing@acme.example"]}``."""
    document_ids: pulumi.Input[SettingsDocumentIdsArgs] | None = None
    payment_priority: pulumi.Input[str] | None = None
    receivable_edit_flow: pulumi.Input[str] | None = None
    vat_mode: pulumi.Input[str] | None = None
    vat_inclusive_discount_mode: pulumi.Input[str] | None = None
    allow_purchase_order_autolinking: pulumi.Input[bool] | None = None
    payables_skip_approval_flow: pulumi.Input[bool] | None = None
    quote_signature_required: pulumi.Input[bool] | None = None


class EntitySettings(Resource, module="monite", name="EntitySettings"):
    """An entity's Monite settings. Type token ``pulumi-python:dynamic/monite:EntitySettings``."""

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

    def __init__(
        self,
        resource_name: str,
        args: EntitySettingsArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            EntitySettingsProvider(),
            resource_name,
            resource_props(args, ENTITY_SETTINGS_SHAPE.outputs),
            opts,
        )
