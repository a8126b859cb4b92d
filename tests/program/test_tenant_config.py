"""Tenant entries are validated, all of them, before any resource is declared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from monite_pulumi.platform import TenantConfigError, parse_tenants
from monite_pulumi.platform.tenants import slugify

ROOT = Path(__file__).resolve().parents[2]


def organization(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": "acme",
        "type": "organization",
        "email": "finance@acme.example",
        "address": {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "X 1"},
        "organization": {"legal_name": "Acme GmbH"},
    }
    entry.update(overrides)
    return entry


def problems_of(raw: object) -> tuple[str, ...]:
    with pytest.raises(TenantConfigError) as caught:
        parse_tenants(raw)
    return caught.value.problems


def test_a_sound_entry_gets_defaults() -> None:
    (tenant,) = parse_tenants([organization()])

    assert tenant.name == "acme"
    assert tenant.accounting.connect is False
    assert tenant.accounting.reconnect_on_revoke is True
    assert tenant.protect is False
    assert tenant.products == ()


def test_accounting_true_is_short_for_connect() -> None:
    (tenant,) = parse_tenants([organization(accounting=True)])

    assert tenant.accounting.connect is True


def test_a_bad_field_names_the_tenant_and_the_field() -> None:
    raw = [
        organization(name="good"),
        organization(name="bad-one", address={"country": "Germany", "city": "B"}),
    ]

    problems = problems_of(raw)

    assert any(
        p.startswith("tenant 'bad-one' (tenants[1]): field 'address.country'") for p in problems
    )
    assert any("field 'address.postal_code': Field required" in p for p in problems)
    assert not any("'good'" in p for p in problems)


def test_the_message_lists_every_problem_and_hides_values() -> None:
    raw = [organization(name="acme", emial="typo@acme.example", email="not-an-email")]

    with pytest.raises(TenantConfigError) as caught:
        parse_tenants(raw)

    message = str(caught.value)
    assert message.startswith("invalid tenant configuration:")
    assert "tenant 'acme' (tenants[0]): field 'emial': Extra inputs are not permitted" in message
    assert "tenant 'acme' (tenants[0]): field 'email'" in message
    assert "not-an-email" not in message


def test_product_errors_name_the_product_index() -> None:
    raw = [organization(products=[{"name": "ok"}, {"name": "p", "price": {"value": -1}}])]

    problems = problems_of(raw)

    assert any("field 'products[1].price.value'" in p for p in problems)
    assert any("field 'products[1].price.currency': Field required" in p for p in problems)


def test_details_must_match_the_type() -> None:
    raw = [organization(type="individual")]

    problems = problems_of(raw)

    assert "tenant 'acme' (tenants[0]): field 'individual': required for type 'individual'" in (
        problems
    )
    assert (
        "tenant 'acme' (tenants[0]): field 'organization': not allowed for type 'individual'"
        in problems
    )


def test_accounts_receivable_needs_products_before_connecting() -> None:
    raw = [organization(accounts_receivable=True, accounting={"connect": True})]

    (problem,) = problems_of(raw)

    assert problem.startswith("tenant 'acme' (tenants[0]): field 'products': ")
    assert "product catalog" in problem


def test_accounts_receivable_without_connection_needs_no_products() -> None:
    (tenant,) = parse_tenants([organization(accounts_receivable=True)])

    assert tenant.accounts_receivable is True


def test_duplicate_names_and_product_keys_are_rejected() -> None:
    raw = [
        organization(products=[{"name": "Widget A"}, {"name": "widget a"}]),
        organization(),
    ]

    problems = problems_of(raw)

    assert (
        "tenant 'acme' (tenants[0]): field 'products[1].key': duplicate product key "
        in (problems[0])
    )
    assert "tenant 'acme' (tenants): field 'name': used by more than one tenant" in problems


def test_names_must_be_slugs() -> None:
    problems = problems_of([organization(name="Acme GmbH")])

    assert problems[0].startswith("tenant 'Acme GmbH' (tenants[0]): field 'name': ")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("acme", "tenants: must be a list of tenant entries"),
        (["acme"], "tenant (unnamed) (tenants[0]): must be a mapping of tenant fields"),
        ([{}], "tenant (unnamed) (tenants[0]): field 'name': Field required"),
    ],
)
def test_shapes_that_are_not_tenant_lists(raw: object, expected: str) -> None:
    assert expected in problems_of(raw)


def test_slugify_keeps_names_stable() -> None:
    assert slugify("Consulting hour (EUR)") == "consulting-hour-eur"
    assert slugify("  --Ünïcode ok--  ") == "n-code-ok"


@pytest.mark.parametrize("stack", ["dev", "staging"])
def test_shipped_stacks_are_valid(stack: str) -> None:
    document = yaml.safe_load((ROOT / "stacks" / f"Pulumi.{stack}.yaml").read_text())
    config = document["config"]

    tenants = parse_tenants(config["monite-platform:tenants"])

    assert tenants
    assert "secure" not in (ROOT / "stacks" / f"Pulumi.{stack}.yaml").read_text()
    assert not any(key.startswith("monite:client") for key in config)


def test_dev_stack_mixes_kinds_of_tenant() -> None:
    document = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())
    tenants = parse_tenants(document["config"]["monite-platform:tenants"])

    assert document["config"]["monite:environment"] == "local"
    kinds = {(t.type, t.accounts_receivable) for t in tenants}
    assert kinds == {
        ("organization", True),
        ("organization", False),
        ("individual", True),
        ("individual", False),
    }
    assert any(t.accounting.connect for t in tenants)
    assert any(not t.accounting.connect for t in tenants)
