"""What the engine relies on across calls: state contract, environments, errors, concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import (
    UNKNOWN,
    CreateOutcome,
    EngineClient,
    ProviderCallError,
    add_fault,
    sandbox_requests,
)
from tests.harness.fixtures import EngineFactory, stack_config
from tests.providers.inputs import organization_inputs
from tests.providers.test_diff import ENTITY_STATE_V1

PROVIDER = EntityProvider()


def test_state_written_by_this_version_is_read_by_a_fresh_provider(
    engine: EngineClient, engine_factory: EngineFactory
) -> None:
    inputs = engine.check(PROVIDER, {}, organization_inputs()).inputs
    created = engine.create(PROVIDER, inputs)
    # The stored state: these outputs plus the pickled provider frozen in version 1's state.
    stored = {**created.outs, "__provider": ENTITY_STATE_V1["__provider"]}
    fresh = engine_factory()
    refreshed = fresh.read(PROVIDER, created.id, stored)
    assert refreshed.outs == created.outs
    assert fresh.diff(PROVIDER, created.id, stored, inputs).changes is False


def test_other_environment_is_refused_naming_both_urls(
    engine: EngineClient, engine_factory: EngineFactory, sandbox: RunningSandbox
) -> None:
    inputs = engine.check(PROVIDER, {}, organization_inputs()).inputs
    created = engine.create(PROVIDER, inputs)
    elsewhere = "https://api.monite.com/v1"
    moved = engine_factory(stack_config(sandbox, **{"monite:apiUrl": elsewhere}))
    calls = (
        lambda: moved.read(PROVIDER, created.id, created.outs),
        lambda: moved.update(PROVIDER, created.id, created.outs, {**inputs, "phone": "+491"}),
        lambda: moved.delete(PROVIDER, created.id, created.outs),
    )
    for call in calls:
        with pytest.raises(ProviderCallError) as refused:
            call()
        assert sandbox.api_url in refused.value.message
        assert elsewhere in refused.value.message
        assert "monite:apiUrl" in refused.value.message


def test_wrong_credentials_say_what_to_do_without_the_secret(
    engine_factory: EngineFactory, sandbox: RunningSandbox
) -> None:
    wrong = "not-the-secret-5f2a9"
    engine = engine_factory(stack_config(sandbox, **{"monite:clientSecret": wrong}))
    with pytest.raises(ProviderCallError) as failed:
        engine.create(PROVIDER, organization_inputs())
    assert "Could not create a Monite entity" in failed.value.message
    assert "pulumi config set --secret monite:clientSecret" in failed.value.message
    assert wrong not in failed.value.details
    assert sandbox.client_secret not in failed.value.details


def test_previews_need_no_credentials_and_create_names_how_to_set_them(
    engine_factory: EngineFactory, sandbox: RunningSandbox
) -> None:
    no_credentials = {"MONITE_CLIENT_ID": "", "MONITE_CLIENT_SECRET": ""}
    engine = engine_factory({"monite:apiUrl": sandbox.api_url}, env=no_credentials)
    checked = engine.check(PROVIDER, {}, organization_inputs())
    assert checked.failures == []
    olds = dict(ENTITY_STATE_V1)
    assert engine.diff(PROVIDER, olds["entity_id"], olds, checked.inputs).changes is False
    with pytest.raises(ProviderCallError) as failed:
        engine.create(PROVIDER, checked.inputs)
    assert "pulumi config set --secret monite:clientSecret" in failed.value.message
    assert "MONITE_CLIENT_ID" in failed.value.message


def test_monite_error_names_object_message_request_and_next_step(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    inputs = engine.check(PROVIDER, {}, organization_inputs()).inputs
    created = engine.create(PROVIDER, inputs)
    add_fault(
        sandbox,
        method="PATCH",
        path="^/entities/",
        status=409,
        body={"error": {"message": "entity is being verified"}},
    )
    with pytest.raises(ProviderCallError) as failed:
        engine.update(PROVIDER, created.id, created.outs, {**inputs, "phone": "+4930999"})
    message = failed.value.message
    assert f"Could not update Monite entity {created.id}" in message
    assert "entity is being verified" in message
    assert "Resolve the conflict Monite reports" in message
    assert "pydantic" not in failed.value.details
    assert "Traceback" in failed.value.details
    assert "During handling" not in failed.value.details


def test_unknowns_cross_the_wire_as_the_engine_sends_them(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    before = sandbox_requests(sandbox)["total"]
    checked = engine.check(PROVIDER, {}, organization_inputs(email=UNKNOWN))
    assert checked.failures == []
    olds = dict(ENTITY_STATE_V1)
    diff = engine.diff(PROVIDER, olds["entity_id"], olds, organization_inputs(type=UNKNOWN))
    assert (diff.changes, diff.replaces) == (True, ["type"])
    assert sandbox_requests(sandbox)["total"] == before


def test_four_concurrent_creates_like_the_engine(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    emails = [f"tenant{number}@acme.example" for number in range(8)]

    def create(email: str) -> CreateOutcome:
        return engine.create(PROVIDER, organization_inputs(email=email))

    with ThreadPoolExecutor(max_workers=4) as pool:
        created = list(pool.map(create, emails))
    assert sorted(outcome.outs["email"] for outcome in created) == sorted(emails)
    assert len({outcome.id for outcome in created}) == len(emails)
