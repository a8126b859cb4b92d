"""`sync`, `open` and `chase` against a seeded sandbox."""

from __future__ import annotations

import webbrowser

import pytest
from typer.testing import CliRunner

from monite_pulumi.cli import ExitCode
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.cli._run import ids, json_rows, run
from tests.cli._seed import World

Env = dict[str, str | None]
SYNC_ENDPOINT = "POST /accounting_connections/{connection_id}/sync"


def _sync_calls(sandbox: RunningSandbox) -> int:
    counts = sandbox.control.get("/_sandbox/requests").json()["by_endpoint"]
    return int(counts.get(SYNC_ENDPOINT, 0))


def test_sync_starts_a_sync_of_the_connected_connection(
    runner: CliRunner, env: Env, world: World, sandbox: RunningSandbox
) -> None:
    before = _sync_calls(sandbox)

    result = run(runner, env, "sync", world.connected.id)

    assert result.exit_code == 0, result.output
    assert f"sync started for entity {world.connected.id}" in result.stdout
    assert world.connected_link.id in result.stdout
    assert _sync_calls(sandbox) == before + 1


def test_sync_accepts_the_entity_email(runner: CliRunner, env: Env, world: World) -> None:
    result = run(runner, env, "sync", "books@acme.example")

    assert result.exit_code == 0, result.output
    assert world.connected_link.id in result.stdout


@pytest.mark.parametrize(("attr", "current"), [("pending", "pending_auth"), ("twins", "none")])
def test_sync_without_a_connected_connection_fails_naming_the_state(
    runner: CliRunner, env: Env, world: World, attr: str, current: str
) -> None:
    entity = getattr(world, attr)
    entity = entity[0] if isinstance(entity, tuple) else entity

    result = run(runner, env, "sync", entity.id)

    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stdout == ""
    assert f"no connected accounting connection (current: {current})" in result.stderr


def test_open_prints_only_the_authorisation_link(runner: CliRunner, env: Env, world: World) -> None:
    result = run(runner, env, "open", "jane@doe.example")

    assert result.exit_code == 0, result.output
    assert result.stdout == world.pending_link.connection_url + "\n"


def test_open_refuses_a_connection_already_authorised(
    runner: CliRunner, env: Env, world: World
) -> None:
    result = run(runner, env, "open", world.connected.id)

    assert result.exit_code == ExitCode.NOT_FOUND
    assert "(current: connected)" in result.stderr


@pytest.mark.parametrize("browser_started", [True, False])
def test_open_browser_hands_the_link_to_webbrowser(
    runner: CliRunner,
    env: Env,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    browser_started: bool,
) -> None:
    opened: list[str] = []

    def fake_open(url: str) -> bool:
        opened.append(url)
        return browser_started

    monkeypatch.setattr(webbrowser, "open", fake_open)

    result = run(runner, env, "open", "--browser", world.pending.id)

    assert result.exit_code == 0, result.output
    assert opened == [world.pending_link.connection_url]
    printed = world.pending_link.connection_url + "\n" if not browser_started else ""
    assert result.stdout == printed


def test_chase_lists_pending_links_and_exits_1(runner: CliRunner, env: Env, world: World) -> None:
    result = run(runner, env, "chase", "--older-than", "0s")

    assert result.exit_code == ExitCode.FOUND
    assert world.pending.id in result.stdout
    assert world.refused.id in result.stdout
    assert "wrong company file" in result.stdout
    assert world.connected.id not in result.stdout
    assert "2 connection(s) pending longer than 0s" in result.stderr


def test_chase_json_names_the_same_entities(runner: CliRunner, env: Env, world: World) -> None:
    result = run(runner, env, "chase", "--older-than", "0s", "--json")

    assert result.exit_code == ExitCode.FOUND
    assert ids(json_rows(result)) == {world.pending.id, world.refused.id}


def test_chase_exits_0_when_no_link_is_that_old(runner: CliRunner, env: Env, world: World) -> None:
    result = run(runner, env, "chase", "--older-than", "1d")

    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout == ""
    assert "0 connection(s) pending longer than 1d" in result.stderr
