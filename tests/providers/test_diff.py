"""diff: declared inputs against previous outputs, unknowns, replaces, older state."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest
from pulumi.runtime.rpc import UNKNOWN

from monite_pulumi.providers._messages import ResourceError
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider
from tests.providers.inputs import organization_inputs, product_inputs

ENTITY_ID = "5f0f5b83-4cf4-4d37-9a53-0a3f7b1f1e11"
PRODUCT_ID = "0b7e3c1e-8d0a-4f57-9a0b-3d0c4b2a6f10"

# Outputs exactly as version 1 of this package writes them for organization_inputs(): the
# state-file contract. Do not regenerate: a change here means existing stacks would diff.
ENTITY_STATE_V1: MappingProxyType[str, Any] = MappingProxyType(
    {
        "__provider": (
            "gASVOAAAAAAAAACMHm1vbml0ZV9wdWx1bWkucHJvdmlkZXJzLmVudGl0eZSMDkVudGl0eVByb3ZpZGVylJOUKVKULg=="
        ),
        "entity_id": ENTITY_ID,
        "status": "active",
        "created_at": "2025-01-02T03:04:05.678901Z",
        "updated_at": "2025-01-02T03:04:05.678901Z",
        "type": "organization",
        "email": "finance@acme.example",
        "address": {
            "country": "DE",
            "city": "Berlin",
            "postal_code": "10115",
            "line1": "Invalidenstrasse 1",
        },
        "organization": {"legal_name": "Acme GmbH"},
        "active": True,
        "allow_replacement": False,
        "api_url": "http://127.0.0.1:8787/v1",
        "schema_version": 1,
    }
)


def outputs_v1(**changes: Any) -> dict[str, Any]:
    return {**ENTITY_STATE_V1, **changes}


def test_same_inputs_are_no_change_whatever_the_provider_pickle() -> None:
    olds = outputs_v1(__provider="c29tZXRoaW5nIGVsc2U=")
    result = EntityProvider().diff(ENTITY_ID, olds, organization_inputs())
    assert result.changes is False
    assert result.replaces == []


def test_state_without_schema_version_or_defaults_still_diffs_cleanly() -> None:
    olds = outputs_v1()
    for key in ("schema_version", "active", "allow_replacement", "__provider"):
        del olds[key]
    assert EntityProvider().diff(ENTITY_ID, olds, organization_inputs()).changes is False


def test_state_from_a_newer_version_is_refused_with_advice() -> None:
    with pytest.raises(ResourceError, match="Upgrade the monite-pulumi package"):
        EntityProvider().diff(ENTITY_ID, outputs_v1(schema_version=3), organization_inputs())


def test_nulls_and_absent_keys_and_float_numbers_compare_equal() -> None:
    news = organization_inputs(phone=None)
    news["address"] = {**news["address"], "line2": None}
    olds = outputs_v1(organization={"legal_name": "Acme GmbH", "business_structure": None})
    assert EntityProvider().diff(ENTITY_ID, olds, news).changes is False
    product_olds = {**product_inputs(ENTITY_ID), "product_id": PRODUCT_ID}
    product_news = product_inputs(ENTITY_ID, price={"value": 15000.0, "currency": "EUR"})
    assert ProductProvider().diff(PRODUCT_ID, product_olds, product_news).changes is False


def test_changed_updatable_field_is_an_update() -> None:
    result = EntityProvider().diff(ENTITY_ID, outputs_v1(), organization_inputs(email="ap@x.io"))
    assert result.changes is True
    assert result.replaces == []


def test_drift_found_by_refresh_shows_as_change() -> None:
    olds = outputs_v1(active=False, status="inactive", phone="+49 30 1234")
    result = EntityProvider().diff(ENTITY_ID, olds, organization_inputs())
    assert result.changes is True


def test_unknown_is_a_change_and_a_replacement_for_create_only_fields() -> None:
    provider = EntityProvider()
    assert provider.diff(ENTITY_ID, outputs_v1(), organization_inputs(email=UNKNOWN)).changes
    unknown_type = provider.diff(ENTITY_ID, outputs_v1(), organization_inputs(type=UNKNOWN))
    assert unknown_type.changes is True
    assert unknown_type.replaces == ["type"]
    news = organization_inputs()
    news["address"] = {**news["address"], "city": UNKNOWN}
    assert provider.diff(ENTITY_ID, outputs_v1(), news).replaces == []
    news["address"] = {**news["address"], "country": UNKNOWN}
    assert provider.diff(ENTITY_ID, outputs_v1(), news).replaces == ["address"]


def test_replacement_refused_without_allow_replacement() -> None:
    news = organization_inputs()
    news["address"] = {**news["address"], "country": "AT"}
    with pytest.raises(ResourceError) as refused:
        EntityProvider().diff(ENTITY_ID, outputs_v1(), news)
    assert "address.country from 'DE' to 'AT'" in str(refused.value)
    assert "allow_replacement=True" in str(refused.value)
    allowed = EntityProvider().diff(ENTITY_ID, outputs_v1(), {**news, "allow_replacement": True})
    assert allowed.changes is True
    assert allowed.replaces == ["address"]
    assert allowed.delete_before_replace is False


def test_partner_metadata_is_compared_only_when_declared() -> None:
    olds = outputs_v1(partner_metadata={"plan": "gold"})
    assert EntityProvider().diff(ENTITY_ID, olds, organization_inputs()).changes is False
    news = organization_inputs(partner_metadata={"plan": "silver"})
    assert EntityProvider().diff(ENTITY_ID, olds, news).changes is True


def test_product_entity_change_replaces_and_description_never_does() -> None:
    olds = {**product_inputs(ENTITY_ID), "product_id": PRODUCT_ID, "schema_version": 1}
    other = "6a1d7c9e-2b3f-4e5a-8c7d-9e0f1a2b3c4d"
    assert ProductProvider().diff(PRODUCT_ID, olds, product_inputs(other)).replaces == ["entity_id"]
    short = ProductProvider().diff(PRODUCT_ID, olds, product_inputs(ENTITY_ID, description="s"))
    assert (short.changes, short.replaces) == (True, [])
    # Preview (unknown text) and up (the known text, long or not) decide the same: an update.
    for description in (UNKNOWN, "l" * 256, "l" * 2000):
        planned = ProductProvider().diff(
            PRODUCT_ID, olds, product_inputs(ENTITY_ID, description=description)
        )
        assert (planned.changes, planned.replaces) == (True, [])


def test_product_optional_inputs_left_out_are_not_managed() -> None:
    olds = {
        **product_inputs(ENTITY_ID, description="Set by hand"),
        "product_id": PRODUCT_ID,
        "external_reference": "SKU-1",
    }
    news = product_inputs(ENTITY_ID)
    assert ProductProvider().diff(PRODUCT_ID, olds, news).changes is False
