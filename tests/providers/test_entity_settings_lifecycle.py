"""EntitySettings through the real ``pulumi.dynamic`` server against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import PatchSettingsPayload
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.entity_settings import EntitySettingsProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import CreateOutcome, EngineClient, ProviderCallError, sandbox_requests
from tests.providers.inputs import organization_inputs

SETTINGS = EntitySettingsProvider()


@pytest.fixture
def entity_id(engine: EngineClient) -> str:
    checked = engine.check(EntityProvider(), {}, organization_inputs())
    return engine.create(EntityProvider(), checked.inputs).id


def settings_inputs(entity_id: str, **changes: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = {
        "entity_id": entity_id,
        "language": "de",
        "currency": {"default": "EUR"},
        "reminder": {"enabled": True},
        "document_ids": {"prefix": "ACME", "min_digits": 6},
        "vat_mode": "inclusive",
    }
    inputs.update(changes)
    return inputs


def apply(engine: EngineClient, inputs: dict[str, Any]) -> CreateOutcome:
    checked = engine.check(SETTINGS, {}, inputs)
    assert checked.failures == []
    return engine.create(SETTINGS, checked.inputs)


def test_check_reports_each_field_without_http(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    checked = engine.check(
        SETTINGS,
        {},
        {
            "entity_id": "not-a-uuid",
            "language": "German",
            "currency": {"default": "euro"},
            "vat_mode": "sometimes",
            "document_ids": {"min_digits": 40},
            "reminder": {"enabled": "yes"},
            "next_number": 7,
        },
    )
    assert checked.failed_properties == {
        "entity_id",
        "language",
        "currency.default",
        "vat_mode",
        "document_ids.min_digits",
        "reminder.enabled",
        "next_number",
    }
    assert "ISO 639-1" in checked.reason("language")
    assert "'exclusive', 'inclusive'" in checked.reason("vat_mode")
    nothing = engine.check(SETTINGS, {}, {"entity_id": "3f0c6a52-8f7e-4d0b-9d7e-1d2b3c4d5e6f"})
    assert "declares no setting" in nothing.reason("entity_id")
    assert sandbox_requests(sandbox)["total"] == 0


def test_create_patches_and_outputs_only_declared_keys(
    engine: EngineClient, entity_id: str, monite: MoniteClient
) -> None:
    inputs = settings_inputs(entity_id)
    created = apply(engine, inputs)
    assert created.id == entity_id
    for name, value in inputs.items():
        assert created.outs[name] == value, name
    # Monite fills document_ids with its defaults; they are not outputs, so no drift.
    assert "separator" not in created.outs["document_ids"]
    assert "payment_priority" not in created.outs
    live = monite.get_entity_settings(entity_id)
    assert (live.language, live.vat_mode) == ("de", "inclusive")
    assert (live.currency or {})["default"] == "EUR"
    refreshed = engine.read(SETTINGS, entity_id, created.outs)
    assert refreshed.outs == created.outs
    assert engine.diff(SETTINGS, entity_id, refreshed.outs, inputs).changes is False


def test_update_sends_only_changed_fields_and_repairs_drift(
    engine: EngineClient, entity_id: str, monite: MoniteClient, sandbox: RunningSandbox
) -> None:
    inputs = settings_inputs(entity_id)
    created = apply(engine, inputs)
    news = settings_inputs(
        entity_id,
        currency={"default": "USD", "exchange_rates": [{"base": "USD", "to": "EUR", "rate": 0.92}]},
        payment_priority="balanced",
    )
    diff = engine.diff(SETTINGS, entity_id, created.outs, news)
    assert (diff.changes, diff.replaces) == (True, [])
    updated = engine.update(SETTINGS, entity_id, created.outs, news)
    assert updated["currency"] == news["currency"]
    assert updated["payment_priority"] == "balanced"

    monite.update_entity_settings(entity_id, PatchSettingsPayload(language="fr"))
    refreshed = engine.read(SETTINGS, entity_id, updated)
    assert refreshed.outs["language"] == "fr"
    assert engine.diff(SETTINGS, entity_id, refreshed.outs, news).changes is True
    repaired = engine.update(SETTINGS, entity_id, refreshed.outs, news)
    assert repaired["language"] == "de"
    assert monite.get_entity_settings(entity_id).language == "de"


def test_another_entity_means_replacement(engine: EngineClient, entity_id: str) -> None:
    created = apply(engine, settings_inputs(entity_id))
    other = engine.create(EntityProvider(), organization_inputs("other@acme.example")).id
    diff = engine.diff(SETTINGS, entity_id, created.outs, settings_inputs(other))
    assert diff.replaces == ["entity_id"]


def test_delete_leaves_the_settings_and_a_gone_entity_is_dropped(
    engine: EngineClient, entity_id: str, monite: MoniteClient, sandbox: RunningSandbox
) -> None:
    created = apply(engine, settings_inputs(entity_id))
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    engine.delete(SETTINGS, entity_id, created.outs)
    assert sandbox_requests(sandbox)["total"] == 0
    assert monite.get_entity_settings(entity_id).language == "de"

    sandbox.control.post("/_sandbox/reset").raise_for_status()
    gone = engine.read(SETTINGS, entity_id, created.outs)
    assert (gone.id, gone.outs) == ("", {})


def test_get_shaped_read_by_entity_id(engine: EngineClient, entity_id: str) -> None:
    declared = settings_inputs(entity_id)
    apply(engine, declared)
    fetched = engine.read(SETTINGS, entity_id, inputs=declared)
    assert fetched.id == entity_id
    assert fetched.inputs == declared
    assert engine.diff(SETTINGS, entity_id, fetched.outs, declared).changes is False


def test_unknown_entity_says_what_to_do(engine: EngineClient) -> None:
    with pytest.raises(ProviderCallError) as failed:
        apply(engine, settings_inputs("3f0c6a52-8f7e-4d0b-9d7e-1d2b3c4d5e6f"))
    message = failed.value.message
    assert "Could not create a Monite entity settings" in message
    assert "its entity 3f0c6a52-8f7e-4d0b-9d7e-1d2b3c4d5e6f does not exist" in message
