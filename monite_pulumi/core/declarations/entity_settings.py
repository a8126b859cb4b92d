"""``EntitySettings``: the settings of one entity that a program manages."""

from __future__ import annotations

from monite_pulumi.core.declaration import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRING,
    Field,
    ObjectType,
    ResourceDeclaration,
    array_of,
    object_of,
)
from monite_pulumi.core.declarations._common import entity_id

__all__ = ["ENTITY_SETTINGS"]

_OBJECTS = (
    ObjectType(
        "ExchangeRate",
        "1 base = rate to, e.g. base USD, to EUR, rate 0.92.",
        (
            Field("base", STRING, "ISO 4217 currency code.", required=True),
            Field("to", STRING, "ISO 4217 currency code.", required=True),
            Field("rate", NUMBER, "How many `to` one `base` is worth (> 0).", required=True),
        ),
    ),
    ObjectType(
        "SettingsCurrency",
        "The entity's default currency and optional fixed exchange rates.",
        (
            Field("default", STRING, "ISO 4217 currency code, e.g. EUR.", required=True),
            Field("exchange_rates", array_of(object_of("ExchangeRate")), "Fixed rates."),
        ),
    ),
    ObjectType(
        "SettingsReminder",
        "Payment reminders.",
        (Field("enabled", BOOLEAN, "True turns payment reminders on.", required=True),),
    ),
    ObjectType(
        "SettingsMail",
        "Outgoing mail.",
        (Field("reply_to", array_of(STRING), "Reply-to addresses.", required=True),),
    ),
    ObjectType(
        "SettingsDocumentTypePrefix",
        "A number prefix per document type.",
        tuple(
            Field(name, STRING, f"Prefix of {name.replace('_', ' ')} numbers (1-25 characters).")
            for name in ("credit_note", "delivery_note", "invoice", "purchase_order", "quote")
        ),
    ),
    ObjectType(
        "SettingsDocumentIds",
        "How document numbers look (INV-00042).",
        (
            Field("prefix", STRING, "Prefix (1-25 characters)."),
            Field("separator", STRING, "One of /, -, |, . or empty."),
            Field("min_digits", INTEGER, "Digits at least (1-25)."),
            Field("include_date", BOOLEAN, "Whether the number includes the date."),
            Field(
                "document_type_prefix",
                object_of("SettingsDocumentTypePrefix"),
                "A prefix per document type.",
            ),
        ),
    ),
)

ENTITY_SETTINGS = ResourceDeclaration(
    name="EntitySettings",
    label="entity settings",
    description=(
        "An entity's Monite settings. Only the fields set are managed; destroying the resource "
        "leaves the entity's settings as they are."
    ),
    id_output="entity_id",
    inputs=(
        entity_id("The entity; create-only."),
        Field("language", STRING, "ISO 639-1 language code, e.g. de."),
        Field("currency", object_of("SettingsCurrency"), "Default currency and exchange rates."),
        Field("reminder", object_of("SettingsReminder"), "Payment reminders."),
        Field("mail", object_of("SettingsMail"), "Outgoing mail."),
        Field("document_ids", object_of("SettingsDocumentIds"), "How document numbers look."),
        Field("payment_priority", STRING, "working_capital, balanced or bottom_line."),
        Field("receivable_edit_flow", STRING, "compliant, partially_compliant or non_compliant."),
        Field("vat_mode", STRING, "exclusive or inclusive."),
        Field("vat_inclusive_discount_mode", STRING, "exclusive or inclusive."),
        Field(
            "allow_purchase_order_autolinking",
            BOOLEAN,
            "Link purchase orders to payables automatically.",
        ),
        Field("payables_skip_approval_flow", BOOLEAN, "Skip the payables approval flow."),
        Field("quote_signature_required", BOOLEAN, "Require a signature on quotes."),
    ),
    computed=(),
    create_only=frozenset({"entity_id"}),
    objects=_OBJECTS,
)
