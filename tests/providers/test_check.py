"""check: per-field failures that name what is allowed, unknowns skipped, no HTTP needed."""

from __future__ import annotations

from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider
from tests.providers.inputs import organization_inputs, product_inputs

ENTITY_ID = "5f0f5b83-4cf4-4d37-9a53-0a3f7b1f1e11"


def failures(result: Any) -> dict[str, str]:
    return {failure.property: failure.reason for failure in result.failures}


def test_valid_entity_passes_and_gets_defaults() -> None:
    news = organization_inputs()
    del news["active"], news["allow_replacement"]
    result = EntityProvider().check({}, news)
    assert failures(result) == {}
    assert result.inputs["active"] is True
    assert result.inputs["allow_replacement"] is False


def test_each_bad_field_fails_on_its_own_path_without_echoing_the_value() -> None:
    secretish = "x" * 300
    news = organization_inputs(
        type="company",
        address={"country": "Germany", "city": "", "postal_code": "10115", "line1": "L"},
        phone=secretish,
        organization={"legal_name": "Acme", "business_structure": "guild"},
    )
    found = failures(EntityProvider().check({}, news))
    assert set(found) == {
        "type",
        "address.country",
        "address.city",
        "phone",
        "organization.business_structure",
    }
    assert found["type"] == "must be one of individual, organization"
    assert "ISO 3166-1 alpha-2" in found["address.country"]
    assert "private_corporation" in found["organization.business_structure"]
    assert "100" in found["phone"]
    assert all(secretish not in reason and "Germany" not in reason for reason in found.values())


def test_missing_required_fields_are_named() -> None:
    news = organization_inputs()
    del news["email"]
    news["address"] = {"country": "DE"}
    found = failures(EntityProvider().check({}, news))
    assert found.keys() == {"email", "address.city", "address.postal_code", "address.line1"}
    assert found["email"] == "is required"


def test_type_must_match_the_details_given() -> None:
    news = organization_inputs(type="individual")
    found = failures(EntityProvider().check({}, news))
    assert found == {
        "individual": "is required when type is individual",
        "organization": "must be left out when type is individual",
    }


def test_unknown_values_are_skipped_at_preview() -> None:
    unknowns: tuple[object, ...] = (UNKNOWN, Unknown())  # type: ignore[no-untyped-call]
    for unknown in unknowns:
        news = organization_inputs()
        news["email"] = unknown
        news["address"] = {**news["address"], "city": unknown}
        news["organization"] = unknown
        result = EntityProvider().check({}, news)
        assert failures(result) == {}, unknown


def test_unknown_input_names_fail() -> None:
    found = failures(EntityProvider().check({}, organization_inputs(colour="red")))
    assert list(found) == ["colour"]
    assert "inputs are: type, email" in found["colour"]


def test_changing_type_or_country_is_refused_with_why_and_how() -> None:
    olds = organization_inputs()
    news = organization_inputs(
        type="individual",
        individual={"first_name": "Ada", "last_name": "Lovelace"},
        organization=None,
        address={**olds["address"], "country": "FR"},
    )
    found = failures(EntityProvider().check(olds, news))
    assert set(found) == {"type", "address.country"}
    for reason in found.values():
        assert "new tenant" in reason
        assert "allow_replacement=True" in reason
    allowed = EntityProvider().check(olds, {**news, "allow_replacement": True})
    assert failures(allowed) == {}


def test_product_limits_follow_the_create_request() -> None:
    news = product_inputs(ENTITY_ID, description="d" * 2000)
    assert failures(ProductProvider().check({}, news)) == {}
    found = failures(
        ProductProvider().check(
            {},
            product_inputs(
                "not-a-uuid",
                description="d" * 2001,
                type="gadget",
                price={"value": 1.5, "currency": "euro"},
                measure_unit_id="unit",
            ),
        )
    )
    assert set(found) == {
        "entity_id",
        "description",
        "type",
        "price.value",
        "price.currency",
        "measure_unit_id",
    }
    assert "2000" in found["description"]
    assert found["type"] == "must be one of 'product', 'service'"
    assert "ISO 4217" in found["price.currency"]


def test_product_defaults_type_and_requires_entity_and_name() -> None:
    result = ProductProvider().check({}, {})
    assert failures(result).keys() == {"entity_id", "name"}
    assert result.inputs["type"] == "product"


def test_option_conflicts_name_the_options_in_python() -> None:
    """The dynamic face's users write Python: its reasons spell options as keyword arguments."""
    from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider

    entity_id = "8b4a4b5e-3f0e-4c1a-9a51-0f0c4f1e2d3c"
    news = {"entity_id": entity_id, "adopt_id": entity_id, "adopt_existing": True, "wait_for": "x"}
    found = failures(AccountingConnectionProvider().check({}, news))
    assert set(found) == {"adopt_id", "wait_for"}
    assert "adopt_existing=True" in found["adopt_id"]
    assert "or left out (None), got 'x'" in found["wait_for"]
    assert "adoptExisting" not in found["adopt_id"]
