"""The stack's `tenants` (the platform program's config) declared with the native provider.

Each tenant: a `monite:index:Entity` named after it, a `monite:index:Product` per product
(`<tenant>-<product key>`) wired to the entity's `entity_id`, and a
`monite:index:AccountingConnection` when accounting is requested, after the products: the
resources and names of monite_pulumi/platform/program.py, on the native face. The tenant entries
are validated by the same code (`monite_pulumi.platform.stack_tenants`).

A tenant's `adopt` ids (written by `monite-pulumi export`) become `import_` options with the
native import ids (`<entity_id>`, `<entity_id>/<object_id>`): the first `up` reads those objects
instead of creating them; remove `adopt` afterwards (or keep it: an unchanged import id is not
imported again).
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import pulumi

from monite_pulumi.native.sdk import (
    AccountingConnection,
    AccountingConnectionArgs,
    Entity,
    EntityArgs,
    Product,
    ProductArgs,
)
from monite_pulumi.platform.program import _entity_args, _product_args, stack_tenants
from monite_pulumi.platform.tenants import Tenant, TenantProduct

# The tenant -> Args mapping is the platform program's own (the Args classes are shared by both
# faces); adoption is by `import_` here, so the dynamic face's `adopt_id` inputs are left out.


def entity_args(tenant: Tenant) -> EntityArgs:
    return dataclasses.replace(_entity_args(tenant), adopt_id=None)


def product_args(entity: Entity, product: TenantProduct) -> ProductArgs:
    args = _product_args(cast(Any, entity), product, None)
    return dataclasses.replace(args, entity_id=entity.entity_id)


def _imported(entity_id: str | None, object_id: str | None) -> str | None:
    """The native import id of an adopted object (docs/native-provider.md, import ids)."""
    return f"{entity_id}/{object_id}" if entity_id and object_id else None


def declare(tenant: Tenant) -> None:
    adopt = tenant.adopt
    entity = Entity(
        tenant.name,
        entity_args(tenant),
        pulumi.ResourceOptions(protect=tenant.protect, import_=adopt.entity_id),
    )
    products = [
        Product(
            f"{tenant.name}-{product.resource_key}",
            product_args(entity, product),
            pulumi.ResourceOptions(
                protect=tenant.protect,
                import_=_imported(adopt.entity_id, adopt.products.get(product.resource_key)),
            ),
        )
        for product in tenant.products
    ]
    outputs: dict[str, pulumi.Input[str]] = {"entity_id": entity.entity_id}
    if tenant.accounting.connect:
        connection = AccountingConnection(
            tenant.name,
            AccountingConnectionArgs(
                entity_id=entity.entity_id,
                reconnect_on_revoke=tenant.accounting.reconnect_on_revoke,
                adopt_existing=tenant.accounting.adopt_existing,
                require_product_catalog=tenant.accounts_receivable,
            ),
            pulumi.ResourceOptions(
                protect=tenant.protect,
                depends_on=list(products),
                import_=_imported(adopt.entity_id, adopt.connection_id),
            ),
        )
        outputs["connection_status"] = connection.status
    pulumi.export(tenant.name, outputs)


def run() -> None:
    for tenant in stack_tenants(pulumi.Config()):
        declare(tenant)
