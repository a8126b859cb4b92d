"""``monite-pulumi duplicates`` against its own sandbox (the shared seeded world stays as is).

A late commit leaves two objects created moments apart with the same e-mail or name: those are
listed (exit 1); the same e-mail an hour apart, or different names, are not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monite_pulumi.cli import ExitCode
from monite_pulumi.cli._duplicates import group_close_in_time
from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import (
    CreateWebhookSubscriptionRequest,
    ProductServiceRequest,
)
from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox
from tests.cli._run import run
from tests.cli._seed import create_organization, sandbox_env, sandbox_settings
from tests.cli.conftest import isolated_env

Env = dict[str, str | None]


@pytest.fixture(scope="module")
def own_sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox() as running:
        yield running


@pytest.fixture
def monite(own_sandbox: RunningSandbox) -> Iterator[MoniteClient]:
    own_sandbox.control.post("/_sandbox/reset").raise_for_status()
    with MoniteClient(sandbox_settings(own_sandbox)) as client:
        yield client


@pytest.fixture
def own_env(own_sandbox: RunningSandbox) -> Env:
    return isolated_env(sandbox_env(own_sandbox))


def _backdate(sandbox: RunningSandbox, kind: str, object_id: str, seconds: int) -> None:
    path = f"/_sandbox/objects/{kind}/{object_id}/backdate"
    sandbox.control.post(path, json={"seconds": seconds}).raise_for_status()


def test_lists_twins_created_close_together_and_exits_1(
    runner: CliRunner, own_env: Env, own_sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    first = create_organization(monite, "Acme GmbH", "twin@acme.example")
    late = create_organization(monite, "Acme GmbH", "twin@acme.example")
    old = create_organization(monite, "Acme GmbH", "twin@acme.example")
    _backdate(own_sandbox, "entity", old.id, 3600)  # the same e-mail an hour earlier: not listed
    create_organization(monite, "Other GmbH", "other@acme.example")
    price = {"value": 100, "currency": "EUR"}
    hour = ProductServiceRequest(name="Hour", type="service", price=price)
    day = ProductServiceRequest(name="Day", type="service", price=price)
    products = [monite.create_product(first.id, body).id for body in (hour, hour, day)]
    hook = CreateWebhookSubscriptionRequest(object_type="entity", url="https://h.example/x")
    hooks = [monite.create_webhook_subscription(hook).id for _ in range(2)]

    result = run(runner, own_env, "duplicates", "--json")

    assert result.exit_code == ExitCode.FOUND, result.output
    groups = {(group["kind"], group["key"]): group for group in json.loads(result.stdout)}
    assert set(groups) == {
        ("entity", "twin@acme.example"),
        ("product", "Hour"),
        ("webhook subscription", "entity https://h.example/x (all events)"),
    }
    assert groups[("entity", "twin@acme.example")]["ids"] == [first.id, late.id]
    assert groups[("product", "Hour")]["ids"] == products[:2]
    assert groups[("product", "Hour")]["entity_id"] == first.id
    assert (
        groups[("webhook subscription", "entity https://h.example/x (all events)")]["ids"] == hooks
    )
    assert "3 group(s) of likely duplicates (created within 1m)" in result.stderr

    table = run(runner, own_env, "duplicates", "--no-products")
    assert table.exit_code == ExitCode.FOUND
    assert late.id in table.stdout
    assert products[1] not in table.stdout


def test_nothing_alike_exits_0(
    runner: CliRunner, own_env: Env, own_sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    create_organization(monite, "Acme GmbH", "one@acme.example")
    second = create_organization(monite, "Acme GmbH", "one@acme.example")
    _backdate(own_sandbox, "entity", second.id, 120)
    result = run(runner, own_env, "duplicates", "--within", "90s")
    assert result.exit_code == ExitCode.OK, result.output
    assert "0 group(s)" in result.stderr
    assert run(runner, own_env, "duplicates", "--within", "3m").exit_code == ExitCode.FOUND
    bad = run(runner, own_env, "duplicates", "--within", "soon")
    assert bad.exit_code == ExitCode.USAGE
    assert "is not an age" in bad.output


def test_groups_chain_by_gaps_within_the_window() -> None:
    times = {"a": 0, "b": 50, "c": 100, "d": 300, "e": 1000}
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    groups = group_close_in_time(
        list(times),
        lambda _: "same",
        lambda name: start + timedelta(seconds=times[name]),
        timedelta(minutes=1),
    )
    assert groups == [["a", "b", "c"]]


def _pending(urn: str, type_: str, inputs: dict[str, object]) -> dict[str, object]:
    return {
        "resource": {"urn": urn, "custom": True, "type": type_, "inputs": inputs},
        "type": "creating",
    }


def test_pending_creates_are_matched_to_the_objects_they_made(
    runner: CliRunner,
    own_env: Env,
    own_sandbox: RunningSandbox,
    monite: MoniteClient,
    tmp_path: Path,
) -> None:
    made = create_organization(monite, "Acme GmbH", "made@acme.example")
    older = create_organization(monite, "Acme GmbH", "old@acme.example")
    _backdate(own_sandbox, "entity", older.id, 3600)  # before the run: not what it made
    urn = "urn:pulumi:dev::p::pulumi-python:dynamic/monite:{}::{}"
    entity = "pulumi-python:dynamic/monite:Entity"
    state = tmp_path / "dev.json"
    now = datetime.now(timezone.utc).isoformat()
    state.write_text(
        json.dumps(
            {
                "version": 3,
                "deployment": {
                    "manifest": {"time": now, "magic": "", "version": "x"},
                    "pending_operations": [
                        _pending(
                            urn.format("Entity", "made"),
                            entity,
                            {"email": "made@acme.example", "type": "organization"},
                        ),
                        _pending(
                            urn.format("Entity", "old"),
                            entity,
                            {"email": "old@acme.example", "type": "organization"},
                        ),
                        _pending(
                            urn.format("Product", "p"),
                            "pulumi-python:dynamic/monite:Product",
                            {"name": "Hour"},
                        ),
                        {"resource": {"urn": "u", "type": "x"}, "type": "updating"},
                    ],
                },
            }
        )
    )

    result = run(runner, own_env, "duplicates", "--pending-creates", str(state))

    assert result.exit_code == ExitCode.FOUND, result.output
    assert result.stdout.splitlines() == [
        f"{urn.format('Entity', 'made')} {made.id}",
        f"# {urn.format('Entity', 'old')}: no object found (never created)",
        f"# {urn.format('Product', 'p')}: cannot look: its entity_id is not known",
    ]
    assert "3 pending create(s); 1 found once" in result.stderr
