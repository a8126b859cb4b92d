"""A tenant's `adopt:` section: validated like every field, wired to the resources' adopt_id."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path
from typing import Any

import pytest

from monite_pulumi.platform import TenantConfigError, parse_tenants
from tests.program.programs import CONNECTION, ENTITY, EXAMPLES, PRODUCT, ROOT, run_program

ENTITY_ID = "0b6f5a4e-7d43-4b7e-9a55-0a2f3c1d9e01"
PRODUCT_ID = "5d2c7e1a-33b4-4f0e-8c6d-1b2a3c4d5e6f"
CONNECTION_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


def adopted_tenant(**adopt: Any) -> dict[str, Any]:
    return {
        "name": "acme",
        "type": "organization",
        "email": "finance@acme.example",
        "address": {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "X 1"},
        "organization": {"legal_name": "Acme GmbH"},
        "products": [
            {
                "name": "Consulting hour",
                "type": "service",
                "price": {"value": 12000, "currency": "EUR"},
            }
        ],
        "accounting": {"connect": True},
        "adopt": adopt
        or {
            "entity_id": ENTITY_ID,
            "products": {"consulting-hour": PRODUCT_ID},
            "connection_id": CONNECTION_ID,
        },
    }


def problems_of(raw: object) -> tuple[str, ...]:
    with pytest.raises(TenantConfigError) as caught:
        parse_tenants(raw)
    return caught.value.problems


def test_a_sound_adopt_section_is_kept() -> None:
    (tenant,) = parse_tenants([adopted_tenant()])
    assert tenant.adopt.entity_id == ENTITY_ID
    assert tenant.adopt.products == {"consulting-hour": PRODUCT_ID}
    assert tenant.adopt.connection_id == CONNECTION_ID


def test_an_unknown_product_key_is_refused_naming_tenant_and_key() -> None:
    problems = problems_of([adopted_tenant(entity_id=ENTITY_ID, products={"widget": PRODUCT_ID})])
    assert problems == (
        "tenant 'acme' (tenants[0]): field 'adopt.products.widget': no product with key "
        "'widget' in this tenant (its product keys: consulting-hour)",
    )


@pytest.mark.parametrize(
    ("adopt", "field"),
    [
        ({"entity_id": "acme"}, "adopt.entity_id"),
        (
            {"entity_id": ENTITY_ID, "products": {"consulting-hour": "x"}},
            "adopt.products.consulting-hour",
        ),
        ({"entity_id": ENTITY_ID, "connection": CONNECTION_ID}, "adopt.connection"),
        ({"products": {"consulting-hour": PRODUCT_ID}}, "adopt.entity_id"),
    ],
)
def test_bad_adopt_entries_name_the_field(adopt: dict[str, Any], field: str) -> None:
    problems = problems_of([adopted_tenant(**adopt)])
    assert any(f"tenant 'acme' (tenants[0]): field '{field}'" in p for p in problems), problems


def test_connection_id_needs_a_connection_and_not_adopt_existing() -> None:
    entry = adopted_tenant(entity_id=ENTITY_ID, connection_id=CONNECTION_ID)
    entry["accounting"] = {"connect": False}
    assert any("adopt.connection_id': needs accounting" in p for p in problems_of([entry]))
    entry["accounting"] = {"connect": True, "adopt_existing": True}
    assert any("adopt_existing" in p for p in problems_of([entry]))


def test_the_platform_program_passes_adopt_ids_to_the_resources() -> None:
    run = run_program(
        ROOT,
        project="monite-platform",
        stack="dev",
        config={"monite-platform:tenants": [adopted_tenant()]},
    )
    assert run.error is None, run.error
    assert run.of_type(ENTITY)["acme"]["inputs"]["adopt_id"] == ENTITY_ID
    assert run.of_type(PRODUCT)["acme-consulting-hour"]["inputs"]["adopt_id"] == PRODUCT_ID
    assert run.of_type(CONNECTION)["acme"]["inputs"]["adopt_id"] == CONNECTION_ID


def test_many_tenants_reads_adopt_columns(tmp_path: Path) -> None:
    source = EXAMPLES / "many-tenants" / "tenants.csv"
    with source.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["product_name"] and r["connect_accounting"] == "yes")
    ids = {
        column: str(uuid.uuid4())
        for column in ("adopt_entity_id", "adopt_product_id", "adopt_connection_id")
    }
    table = tmp_path / "adopt.csv"
    with table.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*rows[0], *ids])
        writer.writeheader()
        writer.writerow({**row, **ids})

    run = run_program(
        EXAMPLES / "many-tenants",
        project="monite-many-tenants",
        config={"monite-many-tenants:tenantsFile": str(table)},
    )

    assert run.error is None, run.error
    assert run.of_type(ENTITY)[row["name"]]["inputs"]["adopt_id"] == ids["adopt_entity_id"]
    (product,) = run.of_type(PRODUCT).values()
    assert product["inputs"]["adopt_id"] == ids["adopt_product_id"]
    connection = run.of_type(CONNECTION)[row["name"]]
    assert connection["inputs"]["adopt_id"] == ids["adopt_connection_id"]
