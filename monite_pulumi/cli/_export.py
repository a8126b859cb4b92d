"""``monite-pulumi export``: the partner's existing entities as tenant entries to adopt.

Each entity becomes the tenant entry the platform program reads (``platform/tenants.py``), with
its products, its live accounting connection and an ``adopt`` section holding the Monite ids,
so that the first ``pulumi up`` takes every object over (``adopt_id``) instead of creating it.

Names become Pulumi resource names, so they must never depend on the listing order: a tenant is
named after the entity (legal name, or first and last name), a product key after the product's
name, and only names that collide get a suffix taken from the object's id, all of them alike.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import (
    AccountingConnectionResponse,
    EntityResponse,
    ProductServiceResponse,
)
from monite_pulumi.lookups import get_accounting_connection
from monite_pulumi.platform.loading import TenantConfigError, parse_tenants
from monite_pulumi.platform.tenants import slugify

__all__ = [
    "DEFAULT_PROJECT",
    "NATIVE_TOKENS",
    "UNEXPORTED_PERSONAL_FIELDS",
    "ExportedTenant",
    "collect_tenants",
    "entries_for",
    "name_by_slug",
    "project_name",
    "render",
    "render_pulumi_import",
    "state_import_file",
    "tenant_entry",
    "validation_problems",
]

_NAME_LIMIT = 63
"""``TENANT_NAME_PATTERN`` allows 63 characters."""
_SUFFIX_LENGTHS = (8, 12, 32)
"""Characters of the id's hex digits used as a suffix; longer only if the shorter collide."""
UNEXPORTED_PERSONAL_FIELDS = ("date_of_birth", "id_number", "ssn_last_4")
"""An individual's identifiers: kept out of config files (undeclared, Monite keeps them)."""
_ORGANIZATION_FIELDS = (
    "legal_name",
    "legal_entity_id",
    "business_structure",
    "directors_provided",
    "executives_provided",
    "owners_provided",
    "representative_provided",
)
_CONTACT_FIELDS = ("phone", "website", "tax_id", "registration_number", "registration_authority")


@dataclass(frozen=True)
class ExportedTenant:
    """One entity with what the export needs to know about it."""

    entity: EntityResponse
    products: tuple[ProductServiceResponse, ...]
    connection: AccountingConnectionResponse | None
    """The live (``pending_auth`` / ``connected``) connection, if any."""
    notes: tuple[str, ...] = field(default=())
    """What the entry leaves out, for stderr."""


def name_by_slug(items: Mapping[str, str], fallback: str) -> dict[str, str]:
    """A stable, unique name per id from ``{id: text}``: the slug, plus an id suffix on clashes.

    Every item whose slug is shared gets a suffix, so the result does not depend on order.
    """
    slugs = {object_id: slugify(_ascii(text)) or fallback for object_id, text in items.items()}
    counts: dict[str, int] = {}
    for slug in slugs.values():
        counts[slug] = counts.get(slug, 0) + 1
    names: dict[str, str] = {}
    for object_id, slug in slugs.items():
        names[object_id] = slug[:_NAME_LIMIT].strip("-") if counts[slug] == 1 else ""
    clashing = sorted(object_id for object_id, name in names.items() if not name)
    for length in _SUFFIX_LENGTHS:
        candidates = {
            object_id: _suffixed(slugs[object_id], object_id, length) for object_id in clashing
        }
        taken = set(names.values())
        if len(set(candidates.values())) == len(candidates) and not taken & set(
            candidates.values()
        ):
            names.update(candidates)
            return names
    raise ValueError(f"cannot name {len(clashing)} objects uniquely")  # ids are unique: unreachable


def _ascii(text: str) -> str:
    """Accents dropped before slugging: ``Müller`` -> ``muller``, not ``m-ller``."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _suffixed(slug: str, object_id: str, length: int) -> str:
    suffix = "".join(char for char in object_id.lower() if char.isalnum())[:length]
    stem = slug[: _NAME_LIMIT - len(suffix) - 1].strip("-")
    return f"{stem}-{suffix}" if stem else suffix


def _display_name(entity: EntityResponse) -> str:
    if entity.organization is not None:
        return entity.organization.legal_name
    if entity.individual is not None:
        return f"{entity.individual.first_name} {entity.individual.last_name}"
    return (entity.email or "").partition("@")[0]


def _given(values: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The named values that are set (an empty string counts as unset)."""
    return {name: values[name] for name in names if values.get(name) not in (None, "")}


def _product_entry(product: ProductServiceResponse, key: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": product.name, "key": key, "type": product.type or "product"}
    if product.price is not None:
        entry["price"] = {"value": int(product.price.value), "currency": product.price.currency}
    entry.update(_given(product.model_dump(), ("description", "external_reference")))
    return entry


def tenant_entry(tenant: ExportedTenant, name: str) -> dict[str, Any]:
    """The tenant entry (plain data, as YAML will hold it) for one exported entity."""
    entity = tenant.entity
    dump = entity.model_dump(mode="json")
    entry: dict[str, Any] = {"name": name, "type": entity.type}
    if entity.email:
        entry["email"] = entity.email
    entry["address"] = _given(
        dump["address"], ("country", "city", "postal_code", "line1", "line2", "state")
    )
    if entity.organization is not None:
        entry["organization"] = _given(dump["organization"], _ORGANIZATION_FIELDS)
    if entity.individual is not None:
        entry["individual"] = _given(dump["individual"], ("first_name", "last_name", "title"))
    entry.update(_given(dump, _CONTACT_FIELDS))
    if entity.status != "active":
        entry["active"] = False
    keys = name_by_slug({product.id: product.name for product in tenant.products}, "product")
    products = sorted(tenant.products, key=lambda product: keys[product.id])
    if products:
        entry["products"] = [_product_entry(product, keys[product.id]) for product in products]
    if tenant.connection is not None:
        entry["accounting"] = {"connect": True}
    adopt: dict[str, Any] = {"entity_id": entity.id}
    if products:
        adopt["products"] = {keys[product.id]: product.id for product in products}
    if tenant.connection is not None:
        adopt["connection_id"] = tenant.connection.id
    entry["adopt"] = adopt
    return entry


def _notes(entity: EntityResponse) -> tuple[str, ...]:
    if entity.individual is None:
        return ()
    held = [
        name
        for name in UNEXPORTED_PERSONAL_FIELDS
        if getattr(entity.individual, name) not in (None, "")
    ]
    if not held:
        return ()
    return (
        f"entity {entity.id}: individual.{', individual.'.join(held)} not exported (personal "
        "identifiers stay out of config files): Monite keeps them, the stack does not manage them",
    )


def collect_tenants(
    client: MoniteClient,
    entities: Iterable[EntityResponse],
    *,
    workers: int,
    on_listed: Callable[[int], None] = lambda total: None,
    on_done: Callable[[], None] = lambda: None,
) -> Iterator[ExportedTenant]:
    """Each entity's products and live connection, looked up on ``workers`` threads.

    Two listings per entity (products, connections), paced by the client's rate limiter.
    """

    def look_up(entity: EntityResponse) -> ExportedTenant:
        products = tuple(client.list_products(entity.id))
        connection = get_accounting_connection(entity.id, client=client)
        on_done()
        return ExportedTenant(entity, products, connection, _notes(entity))

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="monite-export")
    try:
        futures: list[Future[ExportedTenant]] = [pool.submit(look_up, e) for e in entities]
        on_listed(len(futures))
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def entries_for(tenants: Sequence[ExportedTenant]) -> list[dict[str, Any]]:
    """Tenant entries sorted by name (names from ``name_by_slug``, never listing order)."""
    names = name_by_slug({t.entity.id: _display_name(t.entity) for t in tenants}, "entity")
    entries = [tenant_entry(tenant, names[tenant.entity.id]) for tenant in tenants]
    return sorted(entries, key=lambda entry: str(entry["name"]))


def validation_problems(entries: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """What the platform program's tenant validation would say about these entries."""
    try:
        parse_tenants(list(entries), source="export")
    except TenantConfigError as error:
        return error.problems
    return ()


DEFAULT_PROJECT = "monite-platform"
"""The platform program's project (this repository's ``Pulumi.yaml``)."""


def project_name(directory: Path) -> str:
    """The ``name`` in ``directory/Pulumi.yaml``, else the platform program's project."""
    try:
        document = yaml.safe_load((directory / "Pulumi.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return DEFAULT_PROJECT
    name = document.get("name") if isinstance(document, dict) else None
    return name if isinstance(name, str) and name else DEFAULT_PROJECT


def render(entries: Sequence[Mapping[str, Any]], *, stack_config_key: str | None) -> str:
    """YAML: the list of entries, or a ``config:`` block holding it under ``stack_config_key``."""
    header = (
        "# Written by `monite-pulumi export`. Review it, run `pulumi up` once to adopt every\n"
        "# object (no object is created), then delete the `adopt:` sections.\n"
    )
    document: Any = list(entries)
    if stack_config_key is not None:
        document = {"config": {stack_config_key: document}}
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return header + body


NATIVE_TOKENS = {
    "entity": "monite:index:Entity",
    "product": "monite:index:Product",
    "connection": "monite:index:AccountingConnection",
}
"""The native provider's resource tokens (``monite:index:<Type>``, the dynamic classes' names)."""

_DYNAMIC_PREFIX = "pulumi-python:dynamic/monite:"
_ENTITY_SCOPED = {"Product", "AccountingConnection", "EntityVatId"}
"""Types whose import id is ``<entity_id>/<object_id>`` (docs/native-provider.md, import ids);
the others (Entity, EntitySettings, WebhookSubscription) are imported by their own id."""


def render_pulumi_import(entries: Sequence[Mapping[str, Any]]) -> str:
    """``pulumi import --file``'s JSON (pkg/cmd/pulumi/operations/import.go ``importFile``,
    ``importSpec``: ``type``, ``name``, ``id``), one resource per entity, product and live
    connection, with the native provider's import ids (``<entity_id>`` and
    ``<entity_id>/<object_id>``) and the names the platform program gives them (tenant,
    ``<tenant>-<product key>``, tenant), so ``pulumi import`` writes the same resources."""
    resources: list[dict[str, str]] = []
    for entry in entries:
        name, adopt = str(entry["name"]), entry["adopt"]
        entity_id = str(adopt["entity_id"])
        resources.append({"type": NATIVE_TOKENS["entity"], "name": name, "id": entity_id})
        for key, product_id in adopt.get("products", {}).items():
            resources.append(
                {
                    "type": NATIVE_TOKENS["product"],
                    "name": f"{name}-{key}",
                    "id": f"{entity_id}/{product_id}",
                }
            )
        if adopt.get("connection_id"):
            resources.append(
                {
                    "type": NATIVE_TOKENS["connection"],
                    "name": name,
                    "id": f"{entity_id}/{adopt['connection_id']}",
                }
            )
    return json.dumps({"resources": resources}, indent=2) + "\n"


def state_import_file(deployment: Mapping[str, Any]) -> str:
    """The bulk-import file of a stack's dynamic resources, from its ``pulumi stack export``
    (or ``monite-local-engine stack export``) document: per live resource of type
    ``pulumi-python:dynamic/monite:<Type>`` the native ``monite:index:<Type>`` with the same
    name and its native import id (the entity-scoped ones ``<entity_id>/<object_id>``, the
    entity id from the resource's outputs). No request to Monite: the state knows the ids."""
    document = deployment.get("deployment", deployment)
    resources: list[dict[str, str]] = []
    for resource in document.get("resources") or []:
        type_ = str(resource.get("type", ""))
        if not type_.startswith(_DYNAMIC_PREFIX) or resource.get("delete"):
            continue
        kind = type_[len(_DYNAMIC_PREFIX) :]
        object_id = str(resource["id"])
        if kind in _ENTITY_SCOPED:
            object_id = f"{resource['outputs']['entity_id']}/{object_id}"
        name = str(resource["urn"]).rsplit("::", 1)[-1]
        resources.append({"type": f"monite:index:{kind}", "name": name, "id": object_id})
    return json.dumps({"resources": resources}, indent=2) + "\n"
