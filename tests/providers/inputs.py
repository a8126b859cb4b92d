"""Valid inputs shared by the provider tests (as the engine passes them: plain dicts)."""

from __future__ import annotations

from typing import Any


def organization_inputs(email: str = "finance@acme.example", **changes: Any) -> dict[str, Any]:
    """Inputs of an organisation entity in Germany."""
    inputs: dict[str, Any] = {
        "type": "organization",
        "email": email,
        "address": {
            "country": "DE",
            "city": "Berlin",
            "postal_code": "10115",
            "line1": "Invalidenstrasse 1",
        },
        "organization": {"legal_name": "Acme GmbH"},
        "active": True,
        "allow_replacement": False,
    }
    inputs.update(changes)
    return inputs


def product_inputs(entity_id: str, **changes: Any) -> dict[str, Any]:
    """Inputs of a priced product."""
    inputs: dict[str, Any] = {
        "entity_id": entity_id,
        "name": "Consulting hour",
        "type": "service",
        "price": {"value": 15000, "currency": "EUR"},
    }
    inputs.update(changes)
    return inputs
