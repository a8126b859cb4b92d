"""The Diff that `pulumi refresh` asks, against the Diff of `pulumi up` / `preview`.

The engine diffs each refreshed resource (``RefreshStep.Apply`` in pkg/resource/deploy/step.go):
``diffResource`` with what Read just returned as the olds and the state's inputs as the news,
right after the Read, and a Diff that raises fails the refresh. A refused replacement must
therefore be reported by refresh and refused by the next up (see ``providers/_refresh.py``).

Each `pulumi` command runs provider servers of its own, so each command here gets a fresh
server from ``engine_factory``: Read then Diff is `pulumi refresh`; Check then Diff is
`pulumi up`; Read, Diff, Check, Diff in one server is `pulumi up --refresh`.
"""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.runtime.rpc import wrap_rpc_secret

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import CreateEntityRequest
from monite_pulumi.providers._messages import ResourceError
from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.webhook_subscription import WebhookSubscriptionProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import UNKNOWN, CreateOutcome, EngineClient, ProviderCallError
from tests.harness.fixtures import EngineFactory
from tests.providers.accounting_connection.workflow import authorize, deauthorize
from tests.providers.inputs import organization_inputs

CONNECTIONS = AccountingConnectionProvider()
ADOPTING = "while adopt_id is set"


def adopted_revoked_connection(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> tuple[dict[str, Any], CreateOutcome]:
    """A connection adopted by a first `pulumi up`, then revoked by the entity's user."""
    body = {
        key: value
        for key, value in organization_inputs().items()
        if key not in ("active", "allow_replacement")
    }
    entity_id = monite.create_entity(CreateEntityRequest.model_validate(body)).id
    connection = monite.create_accounting_connection(entity_id)
    authorize(sandbox, connection.id)
    checked = engine.check(CONNECTIONS, {}, {"entity_id": entity_id, "adopt_id": connection.id})
    assert checked.failures == []
    adopted = engine.create(CONNECTIONS, checked.inputs)
    deauthorize(sandbox, connection.id)
    return checked.inputs, adopted


def test_refresh_reports_a_revoked_adopted_connection_and_the_next_up_refuses(
    engine: EngineClient,
    engine_factory: EngineFactory,
    sandbox: RunningSandbox,
    monite: MoniteClient,
) -> None:
    inputs, adopted = adopted_revoked_connection(engine, sandbox, monite)

    refresh = engine_factory()
    read = refresh.read(CONNECTIONS, adopted.id, adopted.outs)
    assert read.outs["status"] == "deauthorized"
    diff = refresh.diff(CONNECTIONS, adopted.id, read.outs, inputs)
    assert (diff.changes, diff.replaces) == (True, ["status"])

    assert read.inputs is not None
    up = engine_factory()
    checked = up.check(CONNECTIONS, read.inputs, inputs)
    with pytest.raises(ProviderCallError) as refused:
        up.diff(CONNECTIONS, adopted.id, read.outs, checked.inputs)
    assert ADOPTING in refused.value.message


def test_up_with_refresh_reports_in_the_refresh_and_refuses_in_the_update(
    engine: EngineClient,
    engine_factory: EngineFactory,
    sandbox: RunningSandbox,
    monite: MoniteClient,
) -> None:
    """deployment_executor.go ``Execute``: the refresh ends before the program runs, and the
    same provider process then serves the update's Check and Diff."""
    inputs, adopted = adopted_revoked_connection(engine, sandbox, monite)

    both = engine_factory()
    read = both.read(CONNECTIONS, adopted.id, adopted.outs)
    assert both.diff(CONNECTIONS, adopted.id, read.outs, inputs).replaces == ["status"]
    assert read.inputs is not None
    checked = both.check(CONNECTIONS, read.inputs, inputs)
    assert checked.inputs == inputs
    with pytest.raises(ProviderCallError) as refused:
        both.diff(CONNECTIONS, adopted.id, read.outs, checked.inputs)
    assert ADOPTING in refused.value.message


def test_a_refresh_without_diff_leaves_the_update_refusing(
    engine: EngineClient,
    engine_factory: EngineFactory,
    sandbox: RunningSandbox,
    monite: MoniteClient,
) -> None:
    """``UseLegacyRefreshDiff`` (PULUMI_ENABLE_LEGACY_REFRESH_DIFF): refresh reads but never
    diffs, so the Read's memory is still there when the update's Check and Diff come."""
    inputs, adopted = adopted_revoked_connection(engine, sandbox, monite)

    legacy = engine_factory()
    read = legacy.read(CONNECTIONS, adopted.id, adopted.outs)
    assert read.inputs is not None
    checked = legacy.check(CONNECTIONS, read.inputs, inputs)
    with pytest.raises(ProviderCallError) as refused:
        legacy.diff(CONNECTIONS, adopted.id, read.outs, checked.inputs)
    assert ADOPTING in refused.value.message


def test_only_the_one_diff_right_after_the_read_is_the_refresh_diff(
    engine: EngineClient,
    engine_factory: EngineFactory,
    sandbox: RunningSandbox,
    monite: MoniteClient,
) -> None:
    inputs, adopted = adopted_revoked_connection(engine, sandbox, monite)

    server = engine_factory()
    read = server.read(CONNECTIONS, adopted.id, adopted.outs)
    # A dependent-replacement Diff (step_generator.go ``calculateDependentReplacements``)
    # always carries unknowns in the news: never a refresh's.
    with pytest.raises(ProviderCallError) as dependent:
        server.diff(CONNECTIONS, adopted.id, read.outs, {**inputs, "entity_id": UNKNOWN})
    assert ADOPTING in dependent.value.message
    # Other olds than the Read returned: not the refresh's either.
    with pytest.raises(ProviderCallError):
        server.diff(CONNECTIONS, adopted.id, {**read.outs, "errors": []}, inputs)
    assert server.diff(CONNECTIONS, adopted.id, read.outs, inputs).replaces == ["status"]
    with pytest.raises(ProviderCallError) as again:
        server.diff(CONNECTIONS, adopted.id, read.outs, inputs)
    assert ADOPTING in again.value.message


def test_a_read_for_resource_get_is_no_refresh(
    engine: EngineClient,
    engine_factory: EngineFactory,
    sandbox: RunningSandbox,
    monite: MoniteClient,
) -> None:
    inputs, adopted = adopted_revoked_connection(engine, sandbox, monite)

    server = engine_factory()
    fetched = server.read(CONNECTIONS, adopted.id, inputs={"entity_id": inputs["entity_id"]})
    assert fetched.outs["status"] == "deauthorized"
    with pytest.raises(ProviderCallError):
        server.diff(CONNECTIONS, adopted.id, fetched.outs, inputs)


# -- an entity whose create-only fields changed in Monite (not possible through the API) -----------


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test process as a new provider server: no Read remembered, no program seen."""
    from monite_pulumi.providers import _refresh

    monkeypatch.setattr(_refresh, "RECORD", _refresh.RefreshReads())


class MovedEntityProvider(EntityProvider):
    """Reads the entity as if Monite had moved it to Austria (Monite's API cannot)."""

    def fetch_remote(self, object_id: str, declared: Any) -> dict[str, Any] | None:
        outs = dict(STORED)
        return {**outs, "address": {**outs["address"], "country": "AT"}}


ENTITY_ID = "5f0f5b83-4cf4-4d37-9a53-0a3f7b1f1e11"
API_URL = "http://127.0.0.1:8787/v1"
STORED: dict[str, Any] = {
    **organization_inputs(),
    "entity_id": ENTITY_ID,
    "status": "active",
    "created_at": "2025-01-02T03:04:05.678901Z",
    "updated_at": "2025-01-02T03:04:05.678901Z",
    "declared_inputs": [
        "active",
        "address.city",
        "address.country",
        "address.line1",
        "address.postal_code",
        "allow_replacement",
        "email",
        "organization.legal_name",
        "type",
    ],
    "api_url": API_URL,
    "schema_version": 2,
}


def moved_entity_provider() -> MovedEntityProvider:
    provider = MovedEntityProvider()
    config = {"monite:environment": "local", "monite:apiUrl": API_URL}
    provider.configure(ConfigureRequest(Config(config, "project")))
    return provider


def test_refresh_reports_an_entity_moved_in_monite_and_up_refuses(fresh_process: None) -> None:
    provider = moved_entity_provider()
    inputs = organization_inputs()

    read = provider.read(ENTITY_ID, dict(STORED))
    assert read.outs is not None
    assert read.outs["address"]["country"] == "AT"
    refreshed = provider.diff(ENTITY_ID, dict(read.outs), inputs)
    assert (refreshed.changes, refreshed.replaces) == (True, ["address"])

    assert read.inputs is not None
    provider.check(dict(read.inputs), inputs)
    with pytest.raises(ResourceError, match="Refusing to replace Monite entity"):
        provider.diff(ENTITY_ID, dict(read.outs), inputs)


class KnownSubscriptionProvider(WebhookSubscriptionProvider):
    """Reads a subscription as Monite shows it: without its secret."""

    def fetch_remote(self, object_id: str, declared: Any) -> dict[str, Any] | None:
        return {
            "subscription_id": object_id,
            "status": "enabled",
            "object_type": "receivable",
            "url": "https://hooks.example/monite",
            "event_types": [],
            "enabled": True,
        }


def test_what_a_read_remembers_is_what_it_returns_secret_carried_over_included(
    fresh_process: None,
) -> None:
    from monite_pulumi.providers import _refresh

    provider = KnownSubscriptionProvider()
    provider.configure(ConfigureRequest(Config({"monite:apiUrl": API_URL}, "project")))
    declared = {"object_type": "receivable", "url": "https://hooks.example/monite"}
    stored = {
        **declared,
        "subscription_id": "s-1",
        "status": "enabled",
        "event_types": [],
        "enabled": True,
        "secret": "whsec-kept",
        "declared_inputs": ["object_type", "url"],
        "api_url": API_URL,
        "schema_version": 2,
    }

    read = provider.read("s-1", stored)
    assert read.outs is not None
    assert read.outs["secret"] == "whsec-kept"
    # As the engine sends it back: ``__provider`` added, numbers as floats, secrets unwrapped.
    olds = {**read.outs, "__provider": "cGlja2xl"}
    assert _refresh.RECORD.is_refresh_diff(provider.kind(), "s-1", olds, declared)
    assert not _refresh.RECORD.is_refresh_diff(provider.kind(), "s-1", olds, declared)


def test_the_record_forgets_at_the_first_program_call_and_keeps_nothing_after() -> None:
    from monite_pulumi.providers._refresh import RefreshReads

    record = RefreshReads()
    outs = {"entity_id": "e-1", "price": {"value": 15000}, "errors": ("x",)}
    record.read("k", "e-1", outs)
    wire = {"entity_id": "e-1", "price": {"value": 15000.0}, "errors": ["x"], "__provider": "p"}
    assert not record.is_refresh_diff("k", "e-1", wire, {"entity_id": UNKNOWN})
    assert not record.is_refresh_diff("other", "e-1", wire, {})
    assert record.is_refresh_diff("k", "e-1", wire, {})
    record.read("k", "e-1", outs)
    secret = {**wire, "entity_id": wrap_rpc_secret("e-1")}
    assert record.is_refresh_diff("k", "e-1", secret, {})

    record.read("k", "e-1", outs)
    record.program_seen()
    assert not record.is_refresh_diff("k", "e-1", wire, {})
    record.read("k", "e-1", outs)
    assert not record.is_refresh_diff("k", "e-1", wire, {})
