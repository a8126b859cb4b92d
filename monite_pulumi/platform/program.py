"""Declare every tenant's entity, product catalog and accounting connection, and export them.

Resource names are derived from the tenant name (entity and connection: `<tenant>`, products:
`<tenant>-<product key>`), so they stay stable when entries are reordered; the drift job reads
the tenant back from the connection's resource name. A tenant's `adopt` ids become the
resources' `adopt_id` inputs (see docs/adopting-existing-tenants.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pulumi

from monite_pulumi import (
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
from monite_pulumi.platform.loading import TenantConfigError, parse_tenants, read_tenants_file
from monite_pulumi.platform.sharding import SHARD_CONFIG_KEY, Shard, ShardConfigError, parse_shard
from monite_pulumi.platform.stack_keys import missing_tenants_problem, unknown_key_problems
from monite_pulumi.platform.tenants import Tenant, TenantProduct

TENANTS_CONFIG_KEY = "tenants"
TENANTS_FILE_CONFIG_KEY = "tenantsFile"
"""A YAML file of tenant entries (relative to the project), instead of the `tenants` list: the
shard stacks of one tenant list all read the same file."""
NOT_REQUESTED = "not_requested"
"""The exported connection status of a tenant whose entry does not ask for accounting."""


@dataclass(frozen=True)
class TenantResources:
    """What one tenant declared; `connection` is None when accounting is not requested."""

    tenant: Tenant
    entity: Entity
    products: tuple[Product, ...]
    connection: AccountingConnection | None


def declare_tenant(tenant: Tenant) -> TenantResources:
    """Entity first, then its products, then the connection (which depends on the products)."""
    options = pulumi.ResourceOptions(protect=tenant.protect)
    entity = Entity(tenant.name, _entity_args(tenant), opts=options)
    products = tuple(
        Product(
            f"{tenant.name}-{product.resource_key}",
            _product_args(entity, product, tenant.adopt.products.get(product.resource_key)),
            opts=options,
        )
        for product in tenant.products
    )
    connection = None
    if tenant.accounting.connect:
        connection = AccountingConnection(
            tenant.name,
            AccountingConnectionArgs(
                entity_id=entity.id,
                reconnect_on_revoke=tenant.accounting.reconnect_on_revoke,
                adopt_existing=tenant.accounting.adopt_existing,
                require_product_catalog=tenant.accounts_receivable,
                adopt_id=tenant.adopt.connection_id,
            ),
            opts=pulumi.ResourceOptions(protect=tenant.protect, depends_on=list(products)),
        )
    return TenantResources(tenant, entity, products, connection)


def declare_tenants(tenants: Iterable[Tenant]) -> dict[str, TenantResources]:
    return {tenant.name: declare_tenant(tenant) for tenant in tenants}


def tenant_outputs(resources: TenantResources) -> dict[str, pulumi.Input[str]]:
    """The per-tenant stack output: entity id, connection status and the secret connection_url."""
    outputs: dict[str, pulumi.Input[str]] = {"entity_id": resources.entity.id}
    if resources.connection is None:
        outputs["connection_status"] = NOT_REQUESTED
    else:
        outputs["connection_status"] = resources.connection.status
        outputs["connection_url"] = pulumi.Output.secret(resources.connection.connection_url)
    return outputs


def export_tenants(declared: dict[str, TenantResources]) -> None:
    """One stack output per tenant, named after it: `pulumi stack output <tenant>`."""
    for name, resources in declared.items():
        pulumi.export(name, tenant_outputs(resources))


class TenantConfigRunError(TenantConfigError, pulumi.RunError):
    """A TenantConfigError raised by the program: a RunError, so the CLI shows the message
    without a traceback."""


def run_platform(
    config_key: str = TENANTS_CONFIG_KEY, own_keys: Iterable[str] = ()
) -> dict[str, TenantResources]:
    """The platform program: check the stack's keys, read its tenants, validate all, declare and
    export those of this stack's shard (all of them without `shard`).

    ``own_keys``: further keys of the project's namespace that a program wrapping this one reads;
    any other unknown key stops the program (``stack_keys``).
    """
    config = pulumi.Config()
    known = {config_key, TENANTS_FILE_CONFIG_KEY, SHARD_CONFIG_KEY, *own_keys}
    try:
        problems = unknown_key_problems(configured_keys(), pulumi.get_project(), known)
        if problems:
            raise TenantConfigError(problems)
        tenants = stack_tenants(config, config_key)
    except TenantConfigError as error:
        raise TenantConfigRunError(error.problems) from None
    if not tenants:
        pulumi.log.warn(
            f"{config.full_key(config_key)} is an empty list: this stack declares no tenant, so "
            "`up` deletes every tenant it manages (entities deactivated, connections "
            "disconnected)."
        )
    shard = shard_from_config(config)
    declared = declare_tenants(tenants if shard is None else shard.select(tenants, _name))
    export_tenants(declared)
    return declared


def configured_keys() -> set[str]:
    """Every key of the stack config the program was given (namespaced: `project:key`)."""
    from pulumi.runtime import config as runtime_config

    return set(runtime_config.CONFIG.get()) | set(runtime_config.get_config_env())


def stack_tenants(config: pulumi.Config, config_key: str = TENANTS_CONFIG_KEY) -> list[Tenant]:
    """Every tenant of the stack's `tenants` list or `tenantsFile`, validated (all shards');
    neither set is an error (an explicit empty list is not)."""
    raw = config.get_object(config_key)
    file_name = config.get(TENANTS_FILE_CONFIG_KEY)
    if file_name and raw is not None:
        raise TenantConfigError(
            [
                f"{config.full_key(config_key)} and {config.full_key(TENANTS_FILE_CONFIG_KEY)}: "
                "set one of them, not both"
            ]
        )
    if file_name:
        path = Path(file_name)
        return parse_tenants(read_tenants_file(path), source=path.name)
    if raw is None:
        file_key = config.full_key(TENANTS_FILE_CONFIG_KEY)
        raise TenantConfigError([missing_tenants_problem(config.full_key(config_key), file_key)])
    return parse_tenants(raw, source=config_key)


def _name(tenant: Tenant) -> str:
    return tenant.name


class ShardConfigRunError(ShardConfigError, pulumi.RunError):
    """A ShardConfigError raised by the program: a RunError, so the CLI shows the message
    without a traceback."""


def shard_from_config(config: pulumi.Config | None = None) -> Shard | None:
    """This stack's shard from `<project>:shard`, validated; None when the stack has no shard."""
    config = config or pulumi.Config()
    key = config.full_key(SHARD_CONFIG_KEY)
    try:
        return parse_shard(config.get(SHARD_CONFIG_KEY), key=key)
    except ShardConfigError as error:
        raise ShardConfigRunError(str(error)) from None


def _entity_args(tenant: Tenant) -> EntityArgs:
    address = tenant.address
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
                first_name=tenant.individual.first_name,
                last_name=tenant.individual.last_name,
                title=tenant.individual.title,
            )
            if tenant.individual is not None
            else None
        ),
        organization=(
            EntityOrganizationArgs(
                legal_name=tenant.organization.legal_name,
                legal_entity_id=tenant.organization.legal_entity_id,
                business_structure=tenant.organization.business_structure,
                directors_provided=tenant.organization.directors_provided,
                executives_provided=tenant.organization.executives_provided,
                owners_provided=tenant.organization.owners_provided,
                representative_provided=tenant.organization.representative_provided,
            )
            if tenant.organization is not None
            else None
        ),
        phone=tenant.phone,
        website=tenant.website,
        tax_id=tenant.tax_id,
        registration_number=tenant.registration_number,
        registration_authority=tenant.registration_authority,
        partner_metadata=tenant.partner_metadata,
        active=tenant.active,
        adopt_id=tenant.adopt.entity_id,
    )


def _product_args(entity: Entity, product: TenantProduct, adopt_id: str | None) -> ProductArgs:
    price = product.price
    return ProductArgs(
        entity_id=entity.id,
        name=product.name,
        type=product.type,
        price=(
            ProductPriceArgs(value=price.value, currency=price.currency)
            if price is not None
            else None
        ),
        description=product.description,
        external_reference=product.external_reference,
        adopt_id=adopt_id,
    )
