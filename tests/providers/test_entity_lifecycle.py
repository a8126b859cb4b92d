"""Entity lifecycle through the real ``pulumi.dynamic`` server against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import UpdateEntityRequest
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import (
    CreateOutcome,
    EngineClient,
    ProviderCallError,
    add_fault,
    sandbox_objects,
    sandbox_requests,
)
from tests.providers.inputs import organization_inputs

PROVIDER = EntityProvider()
MISSING_ID = "7d5e0f39-0000-4000-8000-000000000000"


def create_entity(engine: EngineClient, **changes: Any) -> tuple[dict[str, Any], CreateOutcome]:
    checked = engine.check(PROVIDER, {}, organization_inputs(**changes))
    assert checked.failures == []
    return checked.inputs, engine.create(PROVIDER, checked.inputs)


def test_create_outputs_every_input_and_refresh_finds_nothing(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    inputs, created = create_entity(engine, partner_metadata={"tier": "gold"}, phone="+4930123")
    outs = created.outs
    assert outs["entity_id"] == created.id
    assert outs["status"] == "active"
    assert outs["api_url"] == sandbox.api_url
    assert outs["schema_version"] == 2
    for name, value in inputs.items():
        assert outs[name] == value, name
    assert created.outs.keys() >= {"created_at", "updated_at"}

    refreshed = engine.read(PROVIDER, created.id, created.outs)
    assert refreshed.id == created.id
    assert refreshed.outs == created.outs
    assert refreshed.inputs == inputs
    assert engine.diff(PROVIDER, created.id, refreshed.outs, inputs).changes is False


def test_out_of_band_change_is_read_diffed_and_repaired(
    engine: EngineClient, monite: MoniteClient
) -> None:
    inputs, created = create_entity(engine)
    monite.update_entity(
        created.id, UpdateEntityRequest.model_validate({"email": "hijack@evil.example"})
    )
    monite.deactivate_entity(created.id)

    refreshed = engine.read(PROVIDER, created.id, created.outs)
    assert refreshed.outs["email"] == "hijack@evil.example"
    assert refreshed.outs["active"] is False
    assert refreshed.inputs is not None
    assert refreshed.inputs["active"] is False
    diff = engine.diff(PROVIDER, created.id, refreshed.outs, inputs)
    assert (diff.changes, diff.replaces) == (True, [])

    repaired = engine.update(PROVIDER, created.id, refreshed.outs, inputs)
    assert repaired["email"] == inputs["email"]
    assert repaired["status"] == "active"
    live = monite.get_entity(created.id)
    assert (live.email, live.status) == (inputs["email"], "active")
    assert engine.diff(PROVIDER, created.id, repaired, inputs).changes is False


def test_removed_optional_field_is_cleared(engine: EngineClient, monite: MoniteClient) -> None:
    _, created = create_entity(engine, phone="+4930123", website="https://acme.example")
    news = organization_inputs(website="https://acme.example")
    assert engine.diff(PROVIDER, created.id, created.outs, news).changes is True
    updated = engine.update(PROVIDER, created.id, created.outs, news)
    assert "phone" not in updated
    assert monite.get_entity(created.id).phone is None


def test_delete_deactivates_idempotently_and_read_of_unknown_id_drops_it(
    engine: EngineClient, monite: MoniteClient
) -> None:
    _, created = create_entity(engine)
    engine.delete(PROVIDER, created.id, created.outs)
    engine.delete(PROVIDER, created.id, created.outs)
    assert monite.get_entity(created.id).status == "inactive"
    gone = engine.read(PROVIDER, MISSING_ID, {**created.outs, "entity_id": MISSING_ID})
    assert (gone.id, gone.outs) == ("", {})


def test_type_change_refused_then_accepted_with_allow_replacement(engine: EngineClient) -> None:
    olds, created = create_entity(engine)
    news = organization_inputs(
        type="individual",
        organization=None,
        individual={"first_name": "Ada", "last_name": "Lovelace"},
    )
    refused = engine.check(PROVIDER, olds, news)
    assert refused.failed_properties == {"type"}
    assert "allow_replacement=True" in refused.reason("type")
    with pytest.raises(ProviderCallError) as diff_refused:
        engine.diff(PROVIDER, created.id, created.outs, news)
    assert "Refusing to replace Monite entity" in diff_refused.value.message

    allowed = engine.check(PROVIDER, olds, {**news, "allow_replacement": True})
    assert allowed.failures == []
    diff = engine.diff(PROVIDER, created.id, created.outs, allowed.inputs)
    assert (diff.changes, diff.replaces) == (True, ["type"])
    replacement = engine.create(PROVIDER, allowed.inputs)
    engine.delete(PROVIDER, created.id, created.outs)
    assert replacement.outs["type"] == "individual"
    assert replacement.id != created.id


def test_lost_create_answer_makes_exactly_one_entity(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    # Warm the provider's token first, so that the fault drops a create that was processed.
    assert engine.read(PROVIDER, MISSING_ID, {"entity_id": MISSING_ID}).id == ""
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    add_fault(sandbox, method="POST", path="^/entities$", drop_after_processing=True, count=1)
    _, created = create_entity(engine)
    entities = sandbox_objects(sandbox)["entities"]
    assert [entity["id"] for entity in entities] == [created.id]
    calls = [
        (entry["endpoint"], entry["status"], entry["dropped"])
        for entry in sandbox_requests(sandbox)["entries"]
    ]
    assert calls == [("POST /entities", 201, True), ("GET /entities", 200, False)]


def test_get_shaped_read_uses_declared_inputs_and_shows_differences(
    engine: EngineClient, monite: MoniteClient
) -> None:
    declared, created = create_entity(engine)
    fetched = engine.read(PROVIDER, created.id, inputs=declared)
    assert fetched.id == created.id
    assert fetched.inputs == declared
    assert engine.diff(PROVIDER, created.id, fetched.outs, declared).changes is False

    different = organization_inputs(email="other@acme.example")
    fetched = engine.read(PROVIDER, created.id, inputs=different)
    assert fetched.outs["email"] == declared["email"]
    assert engine.diff(PROVIDER, created.id, fetched.outs, different).changes is True


def test_check_and_diff_make_no_http_call(engine: EngineClient, sandbox: RunningSandbox) -> None:
    _, created = create_entity(engine)
    before = sandbox_requests(sandbox)["total"]
    bad = engine.check(PROVIDER, {}, organization_inputs(type="company", email=""))
    assert bad.failed_properties == {"type", "email"}
    engine.check(PROVIDER, {}, organization_inputs())
    engine.diff(PROVIDER, created.id, created.outs, organization_inputs(email="new@acme.example"))
    assert sandbox_requests(sandbox)["total"] == before
