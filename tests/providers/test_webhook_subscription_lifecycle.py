"""WebhookSubscription through the real ``pulumi.dynamic`` server against the sandbox.

The signing secret comes from the create answer only: it must survive refresh and update, be
replaced on rotation, be marked secret by the resource class, and appear in no log or error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import UpdateWebhookSubscriptionRequest
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.webhook_subscription import WebhookSubscriptionProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from monite_pulumi.webhooks import verify_signature
from tests.harness import (
    CreateOutcome,
    EngineClient,
    ProviderCallError,
    add_fault,
    sandbox_objects,
    sandbox_requests,
)
from tests.harness.fixtures import EngineFactory
from tests.program.programs import run_program
from tests.providers.accounting_connection.workflow import CONNECTIONS, authorize, connect
from tests.providers.inputs import organization_inputs
from tests.sandbox.test_webhook_delivery import Receiver

SUBSCRIPTIONS = WebhookSubscriptionProvider()
URL = "https://hooks.example/monite"
TOKEN = "pulumi-python:dynamic/monite:WebhookSubscription"


def subscribe(engine: EngineClient, **changes: Any) -> tuple[dict[str, Any], CreateOutcome]:
    news = {"object_type": "accounting_connection", "url": URL, **changes}
    checked = engine.check(SUBSCRIPTIONS, {}, news)
    assert checked.failures == []
    return checked.inputs, engine.create(SUBSCRIPTIONS, checked.inputs)


def test_check_defaults_and_per_field_failures(engine: EngineClient) -> None:
    checked = engine.check(SUBSCRIPTIONS, {}, {"object_type": "entity", "url": URL})
    assert checked.failures == []
    assert (checked.inputs["event_types"], checked.inputs["enabled"]) == ([], True)
    bad = engine.check(
        SUBSCRIPTIONS,
        {},
        {"object_type": "invoice", "url": "ftp://x", "enabled": "yes", "colour": "red"},
    )
    assert bad.failed_properties == {"object_type", "url", "enabled", "colour"}
    assert "webhook object type" in bad.reason("object_type")
    assert "http(s) URL" in bad.reason("url")


def test_create_refresh_and_secret_kept(engine: EngineClient, sandbox: RunningSandbox) -> None:
    inputs, created = subscribe(engine, event_types=["connected"])
    outs = created.outs
    assert outs["subscription_id"] == created.id
    assert (outs["status"], outs["enabled"], outs["event_types"]) == (
        "enabled",
        True,
        ["connected"],
    )
    assert outs["secret"].startswith("whsec_")
    assert outs["schema_version"] == 2
    assert outs["api_url"] == sandbox.api_url
    refreshed = engine.read(SUBSCRIPTIONS, created.id, outs)
    assert refreshed.outs == outs
    assert refreshed.inputs is not None
    assert "secret" not in refreshed.inputs
    assert engine.diff(SUBSCRIPTIONS, created.id, refreshed.outs, inputs).changes is False


def test_update_url_event_types_and_enabled_in_place(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    inputs, created = subscribe(engine)
    news = {**inputs, "url": f"{URL}/v2", "event_types": ["connected", "deauthorized"]}
    diff = engine.diff(SUBSCRIPTIONS, created.id, created.outs, news)
    assert (diff.changes, diff.replaces) == (True, [])
    updated = engine.update(SUBSCRIPTIONS, created.id, created.outs, news)
    assert (updated["url"], updated["event_types"]) == (news["url"], news["event_types"])
    assert updated["secret"] == created.outs["secret"]

    disabled_inputs = {**news, "enabled": False}
    disabled = engine.update(SUBSCRIPTIONS, created.id, updated, disabled_inputs)
    assert (disabled["status"], disabled["enabled"]) == ("disabled", False)
    assert monite.get_webhook_subscription(created.id).status == "disabled"

    other_type = {**disabled_inputs, "object_type": "entity", "enabled": True}
    assert engine.diff(SUBSCRIPTIONS, created.id, disabled, other_type).replaces == []
    moved = engine.update(SUBSCRIPTIONS, created.id, disabled, other_type)
    assert (moved["object_type"], moved["status"]) == ("entity", "enabled")
    assert [item["id"] for item in sandbox_objects(sandbox)["webhook_subscriptions"]] == [
        created.id
    ]


def test_rotate_secret_regenerates_it(engine: EngineClient, monite: MoniteClient) -> None:
    inputs, created = subscribe(engine, rotate_secret="2024-q1")
    same = engine.update(SUBSCRIPTIONS, created.id, created.outs, inputs)
    assert same["secret"] == created.outs["secret"]
    rotated_inputs = {**inputs, "rotate_secret": "2024-q2"}
    assert engine.diff(SUBSCRIPTIONS, created.id, same, rotated_inputs).changes is True
    rotated = engine.update(SUBSCRIPTIONS, created.id, same, rotated_inputs)
    assert rotated["secret"] not in ("", created.outs["secret"])
    assert rotated["rotate_secret"] == "2024-q2"
    refreshed = engine.read(SUBSCRIPTIONS, created.id, rotated)
    assert refreshed.outs["secret"] == rotated["secret"]
    # Monite now signs with the rotated secret: regenerating again proves the old one is gone.
    assert monite.regenerate_webhook_subscription_secret(created.id).secret != rotated["secret"]


def test_out_of_band_changes_are_seen_and_repaired(
    engine: EngineClient, monite: MoniteClient
) -> None:
    inputs, created = subscribe(engine)
    monite.disable_webhook_subscription(created.id)
    monite.update_webhook_subscription(
        created.id, UpdateWebhookSubscriptionRequest(url="https://elsewhere.example/hook")
    )
    refreshed = engine.read(SUBSCRIPTIONS, created.id, created.outs)
    assert (refreshed.outs["enabled"], refreshed.outs["url"]) == (
        False,
        "https://elsewhere.example/hook",
    )
    assert refreshed.outs["secret"] == created.outs["secret"]
    assert engine.diff(SUBSCRIPTIONS, created.id, refreshed.outs, inputs).changes is True
    repaired = engine.update(SUBSCRIPTIONS, created.id, refreshed.outs, inputs)
    live = monite.get_webhook_subscription(created.id)
    assert (live.url, live.status) == (URL, "enabled")
    assert repaired["secret"] == created.outs["secret"]


def test_delete_is_idempotent_and_gone_is_dropped(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    _, created = subscribe(engine)
    engine.delete(SUBSCRIPTIONS, created.id, created.outs)
    assert sandbox_objects(sandbox)["webhook_subscriptions"] == []
    engine.delete(SUBSCRIPTIONS, created.id, created.outs)
    gone = engine.read(SUBSCRIPTIONS, created.id, created.outs)
    assert (gone.id, gone.outs) == ("", {})


def test_created_disabled(engine: EngineClient, monite: MoniteClient) -> None:
    _, created = subscribe(engine, enabled=False)
    assert created.outs["status"] == "disabled"
    assert monite.get_webhook_subscription(created.id).status == "disabled"


def test_lost_create_answer_adopts_and_issues_a_new_secret(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    _, other = subscribe(engine, event_types=["deauthorized"])  # also renews the token
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    add_fault(
        sandbox, method="POST", path="^/webhook_subscriptions$", drop_after_processing=True, count=1
    )
    _, created = subscribe(engine, event_types=["connected"])
    assert [item["id"] for item in sandbox_objects(sandbox)["webhook_subscriptions"]] == [
        other.id,
        created.id,
    ]
    assert created.outs["secret"].startswith("whsec_")
    calls = [entry["endpoint"] for entry in sandbox_requests(sandbox)["entries"]]
    assert calls == [
        "POST /webhook_subscriptions",
        "GET /webhook_subscriptions",
        "POST /webhook_subscriptions/{webhook_subscription_id}/regenerate_secret",
    ]


def test_get_shaped_read_has_no_secret_until_rotated(
    engine: EngineClient, monite: MoniteClient
) -> None:
    declared, created = subscribe(engine)
    fetched = engine.read(SUBSCRIPTIONS, created.id, inputs=declared)
    assert fetched.id == created.id
    assert "secret" not in fetched.outs
    assert fetched.inputs == declared
    assert engine.diff(SUBSCRIPTIONS, created.id, fetched.outs, declared).changes is False
    rotated = engine.update(
        SUBSCRIPTIONS, created.id, fetched.outs, {**declared, "rotate_secret": 1}
    )
    assert rotated["secret"].startswith("whsec_")


def test_secret_is_in_no_log_line_or_error(
    engine_factory: EngineFactory, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    log = tmp_path / "provider.log"
    engine = engine_factory(env={"MONITE_PULUMI_LOG": "debug", "MONITE_PULUMI_LOG_FILE": str(log)})
    inputs, created = subscribe(engine)
    rotated = engine.update(
        SUBSCRIPTIONS, created.id, created.outs, {**inputs, "rotate_secret": "r1"}
    )
    add_fault(sandbox, path="^/webhook_subscriptions/", status=500, count=10)
    with pytest.raises(ProviderCallError) as failed:
        engine.update(SUBSCRIPTIONS, created.id, rotated, {**inputs, "rotate_secret": "r2"})
    assert "Could not update Monite webhook subscription" in failed.value.message
    text = log.read_text()
    assert "webhook_subscriptions" in text
    for secret in (created.outs["secret"], rotated["secret"]):
        assert secret not in text
        assert secret not in failed.value.details


PROGRAM = """
import pulumi
from monite_pulumi import WebhookSubscription, WebhookSubscriptionArgs

WebhookSubscription(
    "connections",
    WebhookSubscriptionArgs(object_type="accounting_connection", url="https://h.example/x"),
)
WebhookSubscription(
    "entities",
    WebhookSubscriptionArgs(object_type="entity", url="https://h.example/y", enabled=False),
    opts=pulumi.ResourceOptions(additional_secret_outputs=["url"]),
)
"""


def test_register_request_marks_secret_secret(tmp_path: Path) -> None:
    (tmp_path / "__main__.py").write_text(PROGRAM)
    run = run_program(tmp_path, project="webhook-secrets")
    assert run.error is None
    registered = run.of_type(TOKEN)
    assert registered["connections"]["additional_secret_outputs"] == ["secret"]
    assert registered["entities"]["additional_secret_outputs"] == ["secret", "url"]
    assert registered["entities"]["inputs"]["enabled"] is False
    assert registered["connections"]["inputs"]["event_types"] == []


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def test_the_secret_output_verifies_sandbox_deliveries_until_rotated(
    engine: EngineClient, sandbox: RunningSandbox, receiver: Receiver
) -> None:
    inputs, created = subscribe(engine, url=receiver.url, event_types=["connected"])
    entity = engine.check(EntityProvider(), {}, organization_inputs())
    entity_id = engine.create(EntityProvider(), entity.inputs).id
    _, first = connect(engine, entity_id)
    authorize(sandbox, first.id)
    (event,) = receiver.wait_for(1)
    assert event.event["object"] == {"id": first.id}
    assert verify_signature(event.body, event.signature, created.outs["secret"])

    rotated = engine.update(
        SUBSCRIPTIONS, created.id, created.outs, {**inputs, "rotate_secret": "next"}
    )
    engine.delete(CONNECTIONS, first.id, first.outs)
    _, second = connect(engine, entity_id)
    authorize(sandbox, second.id)
    event = receiver.wait_for(2)[1]
    assert event.event["object"] == {"id": second.id}
    assert verify_signature(event.body, event.signature, rotated["secret"])
    assert not verify_signature(event.body, event.signature, created.outs["secret"])
