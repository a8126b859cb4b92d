"""EntityVatId through the real ``pulumi.dynamic`` server against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import EntityUpdateVatID
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.entity_vat_id import EntityVatIdProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import CreateOutcome, EngineClient, add_fault, sandbox_requests
from tests.providers.inputs import organization_inputs

VAT_IDS = EntityVatIdProvider()


@pytest.fixture
def entity_id(engine: EngineClient) -> str:
    checked = engine.check(EntityProvider(), {}, organization_inputs())
    return engine.create(EntityProvider(), checked.inputs).id


def create_vat_id(
    engine: EngineClient, entity_id: str, **changes: Any
) -> tuple[dict[str, Any], CreateOutcome]:
    news = {"entity_id": entity_id, "country": "DE", "value": "DE123456789", **changes}
    checked = engine.check(VAT_IDS, {}, news)
    assert checked.failures == []
    return checked.inputs, engine.create(VAT_IDS, checked.inputs)


def live_vat_ids(monite: MoniteClient, entity_id: str) -> list[tuple[str, str, str]]:
    return [
        (item.country, item.value, item.type or "")
        for item in monite.list_entity_vat_ids(entity_id)
    ]


def test_check_defaults_and_per_field_failures(engine: EngineClient) -> None:
    checked = engine.check(
        VAT_IDS,
        {},
        {"entity_id": "3f0c6a52-8f7e-4d0b-9d7e-1d2b3c4d5e6f", "country": "DE", "value": "DE1"},
    )
    assert (checked.failures, checked.inputs["type"]) == ([], "unknown")
    bad = engine.check(
        VAT_IDS, {}, {"entity_id": "e-1", "country": "Germany", "value": "x" * 33, "type": "vat"}
    )
    assert bad.failed_properties == {"entity_id", "country", "value", "type"}
    assert "ISO 3166-1" in bad.reason("country")
    assert "eu_vat" in bad.reason("type")


def test_create_refresh_update_and_delete(
    engine: EngineClient, entity_id: str, monite: MoniteClient
) -> None:
    inputs, created = create_vat_id(engine, entity_id, type="eu_vat")
    assert created.outs["vat_id"] == created.id
    for key, value in inputs.items():
        assert created.outs[key] == value, key
    refreshed = engine.read(VAT_IDS, created.id, created.outs)
    assert refreshed.outs == created.outs
    assert engine.diff(VAT_IDS, created.id, refreshed.outs, inputs).changes is False

    news = {**inputs, "value": "DE987654321"}
    assert engine.diff(VAT_IDS, created.id, created.outs, news).replaces == []
    updated = engine.update(VAT_IDS, created.id, created.outs, news)
    assert updated["value"] == "DE987654321"
    assert live_vat_ids(monite, entity_id) == [("DE", "DE987654321", "eu_vat")]

    other = engine.create(EntityProvider(), organization_inputs("other@acme.example")).id
    moved = {**news, "entity_id": other}
    assert engine.diff(VAT_IDS, created.id, updated, moved).replaces == ["entity_id"]

    engine.delete(VAT_IDS, created.id, updated)
    assert live_vat_ids(monite, entity_id) == []
    engine.delete(VAT_IDS, created.id, updated)
    gone = engine.read(VAT_IDS, created.id, updated)
    assert (gone.id, gone.outs) == ("", {})


def test_out_of_band_change_is_seen_and_repaired(
    engine: EngineClient, entity_id: str, monite: MoniteClient
) -> None:
    inputs, created = create_vat_id(engine, entity_id)
    monite.update_entity_vat_id(entity_id, created.id, EntityUpdateVatID(value="CHANGED"))
    refreshed = engine.read(VAT_IDS, created.id, created.outs)
    assert refreshed.outs["value"] == "CHANGED"
    assert engine.diff(VAT_IDS, created.id, refreshed.outs, inputs).changes is True
    engine.update(VAT_IDS, created.id, refreshed.outs, inputs)
    assert live_vat_ids(monite, entity_id) == [("DE", "DE123456789", "unknown")]


def test_lost_create_answer_makes_exactly_one(
    engine: EngineClient, entity_id: str, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    add_fault(sandbox, method="POST", path="/vat_ids$", drop_after_processing=True, count=1)
    _, created = create_vat_id(engine, entity_id, type="eu_vat")
    calls = [entry["endpoint"] for entry in sandbox_requests(sandbox)["entries"]]
    # The list before the POST: what existed then is never adopted by the look after it.
    assert calls == [
        "GET /entities/{entity_id}/vat_ids",
        "POST /entities/{entity_id}/vat_ids",
        "GET /entities/{entity_id}/vat_ids",
    ]
    assert [item.id for item in monite.list_entity_vat_ids(entity_id)] == [created.id]


def test_get_shaped_read_with_declared_inputs(engine: EngineClient, entity_id: str) -> None:
    declared, created = create_vat_id(engine, entity_id)
    fetched = engine.read(VAT_IDS, created.id, inputs=declared)
    assert (fetched.id, fetched.inputs) == (created.id, declared)
    assert engine.diff(VAT_IDS, created.id, fetched.outs, declared).changes is False
