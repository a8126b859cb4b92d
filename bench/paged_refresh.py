"""Issue item 5: would reading entities in ``id__in`` list pages beat one GET each?

Measured through ``MoniteClient`` itself (the provider's client, its limiter at the default),
4 threads, on tenants that already exist: the entity reads are done either as one
``GET /entities/{id}`` each ("one GET each", what the provider does) or as ``GET /entities``
with ``id__in`` pages of ``PAGE_SIZE`` ids ("id__in pages"); products and connections are
read one GET each in both variants, since Monite lists them per entity only. The paged variant
is given every entity id up front: the best case, which a provider cannot reach (a Read call
names one resource; see docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from bench.workload import CONCURRENCY
from monite_pulumi.client import MoniteClient
from monite_pulumi.config import Settings

__all__ = ["PAGE_SIZE", "TenantIds", "read_tenants"]

PAGE_SIZE = 100
"""Monite's largest ``limit``; one page of ids per request."""


@dataclass(frozen=True)
class TenantIds:
    entity_id: str
    product_id: str
    connection_id: str


def _pages(ids: Sequence[str]) -> list[list[str]]:
    return [list(ids[start : start + PAGE_SIZE]) for start in range(0, len(ids), PAGE_SIZE)]


def read_tenants(settings: Settings, tenants: Sequence[TenantIds], *, paged: bool) -> None:
    """Read every tenant's three objects, entities paged or not; raise if any is missing."""
    with MoniteClient(settings) as client:

        def read_product(tenant: TenantIds) -> None:
            _check(client.get_product(tenant.entity_id, tenant.product_id).id, tenant.product_id)

        def read_connection(tenant: TenantIds) -> None:
            connection = client.get_accounting_connection(tenant.entity_id, tenant.connection_id)
            _check(connection.id, tenant.connection_id)

        def read_entity(tenant: TenantIds) -> None:
            _check(client.get_entity(tenant.entity_id).id, tenant.entity_id)

        jobs: list[Callable[[], None]] = []
        for tenant in tenants:
            jobs += [partial(read_product, tenant), partial(read_connection, tenant)]
        if paged:
            pages = _pages([tenant.entity_id for tenant in tenants])
            jobs += [partial(_read_entity_page, client, page) for page in pages]
        else:
            jobs += [partial(read_entity, tenant) for tenant in tenants]
        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            for future in [pool.submit(job) for job in jobs]:
                future.result()


def _read_entity_page(client: MoniteClient, ids: list[str]) -> None:
    found = {entity.id for entity in client.list_entities(id__in=ids, limit=PAGE_SIZE)}
    missing = set(ids) - found
    if missing:
        raise RuntimeError(f"{len(missing)} entities missing from an id__in page")


def _check(found: str, wanted: str) -> None:
    if found != wanted:
        raise RuntimeError(f"read {found}, wanted {wanted}")
