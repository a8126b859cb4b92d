"""Entity settings: Monite's defaults until patched, then a field-by-field merge."""

from __future__ import annotations

import copy
from typing import Any

from monite_pulumi.sandbox.state.entities import EntitiesState
from monite_pulumi.sandbox.store import Document, Store

KIND = "entity_settings"

# The defaults `SettingsResponse` documents.
DEFAULT_SETTINGS: Document = {
    "accounting": None,
    "allow_purchase_order_autolinking": True,
    "currency": None,
    "document_ids": {
        "document_type_prefix": {
            "credit_note": "CN",
            "delivery_note": "DN",
            "invoice": "INV",
            "purchase_order": "PO",
            "quote": "Q",
        },
        "include_date": False,
        "min_digits": 5,
        "prefix": None,
        "separator": "-",
    },
    "document_rendering": {"display_entity_bank_account": True, "display_line_items": True},
    "generate_paid_invoice_pdf": False,
    "language": None,
    "mail": None,
    "payables_ocr_auto_tagging": None,
    "payables_skip_approval_flow": False,
    "payment_priority": "working_capital",
    "quote_signature_required": False,
    "receivable_edit_flow": "compliant",
    "reminder": None,
    "vat_inclusive_discount_mode": "exclusive",
    "vat_mode": "exclusive",
}


class EntitySettingsState:
    def __init__(self, store: Store, entities: EntitiesState) -> None:
        self._store = store
        self._entities = entities

    def get(self, partner_id: str, entity_id: str) -> Document:
        self._entities.get(partner_id, entity_id)
        found = self._store.get(KIND, entity_id)
        return found[2] if found else copy.deepcopy(DEFAULT_SETTINGS)

    def patch(self, partner_id: str, entity_id: str, patch: dict[str, Any]) -> Document:
        """Merge a `PatchSettingsPayload`: only the fields sent change."""
        with self._store.transaction():
            settings = self.get(partner_id, entity_id)
            settings.update(patch)
            for name, value in patch.items():
                # assumed (docs/assumed-behaviour.md, "null in PATCH /entities/{id}/settings"):
                # a null puts the setting back to Monite's default.
                if value is None and name in DEFAULT_SETTINGS:
                    settings[name] = copy.deepcopy(DEFAULT_SETTINGS[name])
            if "document_ids" in patch and patch["document_ids"] is not None:
                # `next_number` is write-only: `DocumentIDsSettings` has no such field.
                settings["document_ids"] = {
                    key: value
                    for key, value in patch["document_ids"].items()
                    if key != "next_number"
                }
            self._store.put(KIND, entity_id, partner_id, entity_id, settings)
            return settings
