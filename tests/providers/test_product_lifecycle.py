"""Product lifecycle through the real ``pulumi.dynamic`` server against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import ProductServiceUpdate
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import (
    CreateOutcome,
    EngineClient,
    ProviderCallError,
    add_fault,
    sandbox_objects,
    sandbox_requests,
)
from tests.providers.inputs import organization_inputs, product_inputs

PRODUCTS = ProductProvider()


@pytest.fixture
def entity_id(engine: EngineClient) -> str:
    checked = engine.check(EntityProvider(), {}, organization_inputs())
    return engine.create(EntityProvider(), checked.inputs).id


def create_product(
    engine: EngineClient, entity_id: str, **changes: Any
) -> tuple[dict[str, Any], CreateOutcome]:
    checked = engine.check(PRODUCTS, {}, product_inputs(entity_id, **changes))
    assert checked.failures == []
    return checked.inputs, engine.create(PRODUCTS, checked.inputs)


def test_create_two_products_and_refresh_finds_nothing(
    engine: EngineClient, entity_id: str
) -> None:
    for name in ("Consulting hour", "Travel day"):
        inputs, created = create_product(engine, entity_id, name=name)
        assert created.outs["product_id"] == created.id
        assert created.outs["schema_version"] == 2
        for key, value in inputs.items():
            assert created.outs[key] == value, key
        refreshed = engine.read(PRODUCTS, created.id, created.outs)
        assert refreshed.outs == created.outs
        assert engine.diff(PRODUCTS, created.id, refreshed.outs, inputs).changes is False


def test_update_in_place_and_repair_of_out_of_band_change(
    engine: EngineClient, entity_id: str, monite: MoniteClient
) -> None:
    _, created = create_product(engine, entity_id)
    news = product_inputs(entity_id, price={"value": 17500, "currency": "EUR"}, name="Hour")
    assert engine.diff(PRODUCTS, created.id, created.outs, news).replaces == []
    updated = engine.update(PRODUCTS, created.id, created.outs, news)
    assert (updated["price"], updated["name"]) == ({"value": 17500, "currency": "EUR"}, "Hour")

    monite.update_product(
        entity_id, created.id, ProductServiceUpdate.model_validate({"name": "Renamed by hand"})
    )
    refreshed = engine.read(PRODUCTS, created.id, updated)
    assert refreshed.outs["name"] == "Renamed by hand"
    assert engine.diff(PRODUCTS, created.id, refreshed.outs, news).changes is True
    repaired = engine.update(PRODUCTS, created.id, refreshed.outs, news)
    assert repaired["name"] == "Hour"
    assert monite.get_product(entity_id, created.id).name == "Hour"


def test_long_description_at_create_and_refused_with_advice_on_update(
    engine: EngineClient, entity_id: str, sandbox: RunningSandbox
) -> None:
    inputs, created = create_product(engine, entity_id, description="a" * 2000)
    assert created.outs["description"] == "a" * 2000
    longer = {**inputs, "description": "b" * 1000}
    diff = engine.diff(PRODUCTS, created.id, created.outs, longer)
    assert (diff.changes, diff.replaces) == (True, [])  # as the preview of a computed text
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    with pytest.raises(ProviderCallError) as refused:
        engine.update(PRODUCTS, created.id, created.outs, longer)
    assert "at most 255 when a product is updated" in refused.value.message
    assert "pulumi up --replace" in refused.value.message
    assert "PATCH /products/{product_id}" not in sandbox_requests(sandbox)["by_endpoint"]
    short = {**inputs, "description": "short"}
    assert engine.diff(PRODUCTS, created.id, created.outs, short).replaces == []
    assert engine.update(PRODUCTS, created.id, created.outs, short)["description"] == "short"


def test_deleted_out_of_band_is_dropped_and_delete_is_idempotent(
    engine: EngineClient, entity_id: str, monite: MoniteClient, sandbox: RunningSandbox
) -> None:
    _, by_hand = create_product(engine, entity_id, name="Deleted by hand")
    monite.delete_product(entity_id, by_hand.id)
    gone = engine.read(PRODUCTS, by_hand.id, by_hand.outs)
    assert (gone.id, gone.outs) == ("", {})

    _, created = create_product(engine, entity_id)
    engine.delete(PRODUCTS, created.id, created.outs)
    assert sandbox_objects(sandbox)["products"] == []
    engine.delete(PRODUCTS, created.id, created.outs)


def test_lost_create_answer_makes_exactly_one_product(
    engine: EngineClient, entity_id: str, sandbox: RunningSandbox
) -> None:
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    add_fault(sandbox, method="POST", path="^/products$", drop_after_processing=True, count=1)
    _, created = create_product(engine, entity_id)
    assert [product["id"] for product in sandbox_objects(sandbox)["products"]] == [created.id]
    calls = [
        (entry["endpoint"], entry["status"], entry["dropped"])
        for entry in sandbox_requests(sandbox)["entries"]
    ]
    assert calls == [("POST /products", 201, True), ("GET /products", 200, False)]


def test_get_shaped_read_with_declared_inputs(engine: EngineClient, entity_id: str) -> None:
    declared, created = create_product(engine, entity_id)
    fetched = engine.read(PRODUCTS, created.id, inputs=declared)
    assert fetched.id == created.id
    assert fetched.inputs == declared
    assert engine.diff(PRODUCTS, created.id, fetched.outs, declared).changes is False
    wrong = {**declared, "price": {"value": 1, "currency": "EUR"}}
    fetched = engine.read(PRODUCTS, created.id, inputs=wrong)
    assert engine.diff(PRODUCTS, created.id, fetched.outs, wrong).changes is True
