"""The benchmark's tenants: N times (entity, product, accounting connection), as plain inputs.

Inputs are what the engine passes to the providers (and what the SDK baseline sends), so both
sides do the same work. The update phase changes one field (``email``) on every entity.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CONCURRENCY",
    "connection_inputs",
    "entity_inputs",
    "product_inputs",
    "updated_entity_inputs",
]

CONCURRENCY = 4
"""Dynamic-provider calls in flight at once: the provider server's gRPC pool has 4 workers
(pulumi SDK, ``pulumi/dynamic/__main__.py``, ``main``: ``ThreadPoolExecutor(max_workers=4)``).
Both sides of the bench (the provider runs, the SDK baseline, the paged-refresh comparison) use
it, and the floor divides by it."""


def entity_inputs(index: int) -> dict[str, Any]:
    """An organisation in Germany; e-mails are distinct so tenants are told apart in logs."""
    return {
        "type": "organization",
        "email": f"tenant-{index}@bench.example",
        "address": {
            "country": "DE",
            "city": "Berlin",
            "postal_code": "10115",
            "line1": f"Benchstrasse {index}",
        },
        "organization": {"legal_name": f"Bench Tenant {index} GmbH"},
    }


def updated_entity_inputs(index: int) -> dict[str, Any]:
    """The same entity with one field changed: what "update one field on every entity" sends."""
    return {**entity_inputs(index), "email": f"billing-{index}@bench.example"}


def product_inputs(entity_id: str, index: int) -> dict[str, Any]:
    """A priced service in the tenant's catalog."""
    return {
        "entity_id": entity_id,
        "name": f"Consulting hour {index}",
        "type": "service",
        "price": {"value": 15000, "currency": "EUR"},
    }


def connection_inputs(entity_id: str) -> dict[str, Any]:
    """The tenant's accounting connection (defaults for every option)."""
    return {"entity_id": entity_id}
