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

import pulumi

from monite_pulumi.native.sdk import (
    AccountingConnection,
    AccountingConnectionArgs,
    Entity,
    EntityAddressArgs,
    EntityArgs,
    EntityIndividualArgs,
    EntityOrganizationArgs,
    Product,
    ProductArgs,
    ProductPriceArgs,
)
from monite_pulumi.platform.program import stack_tenants
from monite_pulumi.platform.tenants import Tenant, TenantProduct


def entity_args(tenant: Tenant) -> EntityArgs:
    address, person, company = tenant.address, tenant.individual, tenant.organization
    return EntityArgs(
        type=tenant.type,
        email=tenant.email,
        address=EntityAddressArgs(
            country=address.country,
            city=address.city,
            postal_code=address.postal_code,
            line1=address.line1,
            line2=address.line2,
            state=address.state,
        ),
        individual=(
            EntityIndividualArgs(
                first_name=person.first_name, last_name=person.last_name, title=person.title
            )
            if person is not None
            else None
        ),
        organization=(
            EntityOrganizationArgs(
                legal_name=company.legal_name,
                legal_entity_id=company.legal_entity_id,
                business_structure=company.business_structure,
                directors_provided=company.directors_provided,
                executives_provided=company.executives_provided,
                owners_provided=company.owners_provided,
                representative_provided=company.representative_provided,
            )
            if company is not None
            else None
        ),
        phone=tenant.phone,
        website=tenant.website,
        tax_id=tenant.tax_id,
        registration_number=tenant.registration_number,
        registration_authority=tenant.registration_authority,
        partner_metadata=tenant.partner_metadata,
        active=tenant.active,
    )


def product_args(entity: Entity, product: TenantProduct) -> ProductArgs:
    price = product.price
    return ProductArgs(
        entity_id=entity.entity_id,
        name=product.name,
        type=product.type,
        price=ProductPriceArgs(value=price.value, currency=price.currency) if price else None,
        description=product.description,
        external_reference=product.external_reference,
    )


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
