"""The root platform program under set_mocks: every tenant's resources, wiring and exports."""

from __future__ import annotations

from typing import Any

from tests.program.programs import (
    CONNECTION,
    ENTITY,
    PRODUCT,
    ROOT,
    ProgramRun,
    leaf,
    run_program,
    stack_config,
)

PROJECT = "monite-platform"


def run_stack(stack: str) -> ProgramRun:
    return run_program(ROOT, project=PROJECT, stack=stack, config=stack_config(ROOT, stack))


def tenants_of(stack: str) -> list[dict[str, Any]]:
    tenants: list[dict[str, Any]] = stack_config(ROOT, stack)[f"{PROJECT}:tenants"]
    return tenants


def test_dev_stack_declares_every_tenant() -> None:
    run = run_stack("dev")

    assert run.error is None
    tenants = tenants_of("dev")
    assert sorted(run.of_type(ENTITY)) == sorted(t["name"] for t in tenants)
    expected_products = sorted(
        f"{t['name']}-{p.get('key') or p['name'].lower().replace(' ', '-')}"
        for t in tenants
        for p in t.get("products", [])
    )
    assert sorted(run.of_type(PRODUCT)) == expected_products
    assert sorted(run.of_type(CONNECTION)) == ["acme-gmbh", "jane-doe", "northwind-ltd"]


def test_entity_and_products_carry_the_tenant_entry() -> None:
    run = run_stack("dev")

    acme = run.of_type(ENTITY)["acme-gmbh"]["inputs"]
    assert acme["type"] == "organization"
    assert acme["email"] == "finance@acme.example"
    assert acme["organization"] == {"legal_name": "Acme GmbH"}
    assert acme["address"]["postal_code"] == "10115"
    widget = run.of_type(PRODUCT)["acme-gmbh-widget"]["inputs"]
    assert widget["entity_id"] == "entity-acme-gmbh"
    assert widget["price"] == {"value": 1999, "currency": "EUR"}


def test_products_come_before_the_connection() -> None:
    run = run_stack("dev")
    connections = run.of_type(CONNECTION)

    for tenant in tenants_of("dev"):
        name = tenant["name"]
        if name not in connections:
            continue
        dependencies = set(connections[name]["dependencies"])
        products = {
            r["urn"] for r in run.of_type(PRODUCT).values() if r["name"].startswith(f"{name}-")
        }
        assert products <= dependencies, name
        assert run.urn(ENTITY, name) in dependencies
        if tenant.get("accounts_receivable"):
            assert products, f"{name} uses accounts receivable: it must have products"


def test_connection_options_follow_the_entry() -> None:
    run = run_stack("dev")
    connections = run.of_type(CONNECTION)

    assert connections["acme-gmbh"]["inputs"]["require_product_catalog"] is True
    assert connections["northwind-ltd"]["inputs"]["require_product_catalog"] is False
    assert connections["jane-doe"]["inputs"]["reconnect_on_revoke"] is False
    assert connections["acme-gmbh"]["inputs"]["entity_id"] == "entity-acme-gmbh"
    for connection in connections.values():
        assert "connection_url" in connection["additional_secret_outputs"]


def test_exports_per_tenant_with_a_secret_connection_url() -> None:
    run = run_stack("dev")

    assert sorted(run.exports) == sorted(t["name"] for t in tenants_of("dev"))
    acme = run.exports["acme-gmbh"]
    assert leaf(acme["entity_id"]) == ("entity-acme-gmbh", False)
    assert leaf(acme["connection_status"]) == ("pending_auth", False)
    url, secret = leaf(acme["connection_url"])
    assert secret is True
    assert url.startswith("http://sandbox.test/connect/acme-gmbh")
    john = run.exports["john-smith"]
    assert leaf(john["connection_status"]) == ("not_requested", False)
    assert "connection_url" not in john


def test_protect_reaches_every_resource_of_the_tenant() -> None:
    run = run_stack("staging")

    assert run.error is None
    protected = {r["name"] for r in run.resources if r["protect"]}
    assert protected == {"staging-org", "staging-org-staging-service"}
    assert len([r for r in run.resources if r["protect"]]) == 3, "entity, product, connection"


def test_a_bad_tenant_entry_fails_naming_it_before_any_resource() -> None:
    tenants = tenants_of("dev")
    broken = {**tenants[2], "address": {**tenants[2]["address"], "country": "Netherlands"}}
    config = {**stack_config(ROOT, "dev"), f"{PROJECT}:tenants": [*tenants[:2], broken]}

    run = run_program(ROOT, project=PROJECT, stack="dev", config=config)

    assert run.error is not None
    assert run.error["type"] == "TenantConfigRunError"  # a RunError: no traceback in the CLI
    assert "tenant 'jane-doe' (tenants[2]): field 'address.country'" in run.error["message"]
    assert run.resources == []
    assert run.exports == {}


def test_an_explicit_empty_list_declares_nothing() -> None:
    run = run_program(ROOT, project=PROJECT, stack="empty", config={f"{PROJECT}:tenants": []})

    assert run.error is None
    assert run.resources == []
