"""Many tenants from one CSV file: one row, one tenant, declared by the platform program.

A spreadsheet is how tenant lists usually arrive. Each row becomes the same tenant entry the
platform stacks use, so every row is validated (naming the tenant and the column's field)
before any resource is declared.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pulumi

from monite_pulumi.platform import (
    declare_tenants,
    export_tenants,
    parse_tenants,
    shard_from_config,
)
from monite_pulumi.platform.tenants import slugify

HERE = Path(__file__).resolve().parent


def minor_units(text: str | None) -> int | str | None:
    """A price cell: digits only are a whole number of minor units (`1274` is 12.74).

    Anything else (`1274.00`, `12,74`, `EUR 12`) stays text, so the tenant layer refuses it,
    naming the tenant, the product and the field: a cell is never guessed into a number.
    """
    return int(text) if text is not None and text.isascii() and text.isdigit() else text


def tenant_entry(row: Mapping[str, str | None]) -> dict[str, Any]:
    """One CSV row as a tenant entry; empty cells are left out so defaults apply."""

    def cell(column: str) -> str | None:
        return (row.get(column) or "").strip() or None

    entry: dict[str, Any] = {
        "name": cell("name"),
        "type": cell("type"),
        "email": cell("email"),
        "address": {
            "country": cell("country"),
            "city": cell("city"),
            "postal_code": cell("postal_code"),
            "line1": cell("line1"),
        },
    }
    if cell("legal_name"):
        entry["organization"] = {"legal_name": cell("legal_name")}
    if cell("first_name") or cell("last_name"):
        entry["individual"] = {"first_name": cell("first_name"), "last_name": cell("last_name")}
    if cell("product_name"):
        product: dict[str, Any] = {"name": cell("product_name")}
        if cell("product_type"):
            product["type"] = cell("product_type")
        if cell("price_minor_units"):
            price = minor_units(cell("price_minor_units"))
            product["price"] = {"value": price, "currency": cell("currency")}
        entry["products"] = [product]
    for column, field in (("accounts_receivable", "accounts_receivable"), ("protect", "protect")):
        if cell(column):
            entry[field] = cell(column)
    if cell("connect_accounting"):
        entry["accounting"] = {"connect": cell("connect_accounting")}
    adopt = _adopt_columns(cell, product_key=slugify(cell("product_name") or ""))
    if adopt:
        entry["adopt"] = adopt
    return entry


def _adopt_columns(cell: Callable[[str], str | None], product_key: str) -> dict[str, Any]:
    """Optional `adopt_*` columns: existing Monite ids to take over on the first `up`."""
    adopt: dict[str, Any] = {}
    if cell("adopt_entity_id"):
        adopt["entity_id"] = cell("adopt_entity_id")
    if cell("adopt_product_id"):
        adopt["products"] = {product_key: cell("adopt_product_id")}
    if cell("adopt_connection_id"):
        adopt["connection_id"] = cell("adopt_connection_id")
    return adopt


def read_tenant_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [tenant_entry(row) for row in csv.DictReader(handle)]


def declare_from_csv() -> None:
    """Validate every row, then declare and export every tenant of this stack's shard (all
    of them when the stack sets no `shard`)."""
    config = pulumi.Config()
    path = HERE / (config.get("tenantsFile") or "tenants.csv")
    tenants = parse_tenants(read_tenant_rows(path), source=path.name)
    shard = shard_from_config(config)
    if shard is not None:
        tenants = shard.select(tenants, lambda tenant: tenant.name)
    export_tenants(declare_tenants(tenants))
