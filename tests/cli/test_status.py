"""`monite-pulumi status` against a seeded sandbox: table, JSON and every filter."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from tests.cli._run import ids, json_rows, run
from tests.cli._seed import World

Env = dict[str, str | None]


def test_table_shows_each_entity_with_its_connection(
    runner: CliRunner, env: Env, world: World
) -> None:
    result = run(runner, env, "status")

    assert result.exit_code == 0, result.output
    cells = {
        row[3]: row
        for row in (
            [cell.strip() for cell in line.split("│")]
            for line in result.stdout.splitlines()
            if "│" in line
        )
    }
    assert cells[world.connected.id][1:7] == [
        "Acme Books Ltd",
        "books@acme.example",
        world.connected.id,
        "active",
        "connected",
        "xero",
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", cells[world.connected.id][7])
    jane = cells[world.pending.id]
    assert jane[1:6] == ["Jane Doe", "jane@doe.example", world.pending.id, "active", "pending_auth"]
    assert jane[7] == "-", "Monite's last_pull of a never-authorised link is not shown"
    assert jane[8].endswith("s")
    assert cells[world.ended.id][5] == "disconnected"
    assert cells[world.inactive.id][4:6] == ["inactive", "none"]
    assert result.stderr == "7 entities\n"
    assert world.pending_link.connection_url not in result.output


def test_json_has_one_documented_object_per_entity(
    runner: CliRunner, env: Env, world: World
) -> None:
    result = run(runner, env, "status", "--json")

    assert result.exit_code == 0, result.output
    rows = {row["entity_id"]: row for row in json_rows(result)}
    acme = rows[world.connected.id]
    assert acme["name"] == "Acme Books Ltd"
    assert acme["email"] == "books@acme.example"
    assert acme["type"] == "organization"
    assert acme["entity_status"] == "active"
    assert acme["connection_id"] == world.connected_link.id
    assert acme["connection_status"] == "connected"
    assert acme["platform"] == "xero"
    assert acme["pending_seconds"] is None
    jane = rows[world.pending.id]
    assert jane["connection_status"] == "pending_auth"
    assert isinstance(jane["pending_seconds"], int)
    assert jane["pending_seconds"] >= 0
    assert rows[world.refused.id]["errors"] == [e.message for e in world.refused_link.errors or []]
    assert rows[world.twins[0].id]["connection_status"] == "none"
    assert "connection_url" not in acme
    assert world.pending_link.connection_url not in result.output


def test_connection_status_filter_can_repeat(runner: CliRunner, env: Env, world: World) -> None:
    result = run(runner, env, "status", "--json", "-c", "pending_auth", "-c", "disconnected")

    assert result.exit_code == 0, result.output
    assert ids(json_rows(result)) == {world.pending.id, world.refused.id, world.ended.id}


def test_entities_without_connection_are_status_none(
    runner: CliRunner, env: Env, world: World
) -> None:
    result = run(runner, env, "status", "--json", "--connection-status", "none", "-s", "active")

    assert result.exit_code == 0, result.output
    assert ids(json_rows(result)) == {twin.id for twin in world.twins}


def test_entity_status_filter(runner: CliRunner, env: Env, world: World) -> None:
    result = run(runner, env, "status", "--json", "--status", "inactive")

    assert result.exit_code == 0, result.output
    assert ids(json_rows(result)) == {world.inactive.id}


def test_email_and_type_filters(runner: CliRunner, env: Env, world: World) -> None:
    by_email = run(runner, env, "status", "--json", "--email", "twins@example.test")
    by_type = run(runner, env, "status", "--json", "--type", "individual")

    assert ids(json_rows(by_email)) == {twin.id for twin in world.twins}
    assert ids(json_rows(by_type)) == {world.pending.id}


def test_pending_older_than_keeps_only_links_that_old(
    runner: CliRunner, env: Env, world: World
) -> None:
    fresh = run(runner, env, "status", "--json", "--pending-older-than", "0s")
    old = run(runner, env, "status", "--json", "--pending-older-than", "1d")

    assert ids(json_rows(fresh)) == {world.pending.id, world.refused.id}
    assert json_rows(old) == []


def test_one_worker_gives_the_same_rows_in_the_same_order(
    runner: CliRunner, env: Env, world: World
) -> None:
    parallel = run(runner, env, "status", "--json", "--workers", "8")
    serial = run(runner, env, "status", "--json", "--workers", "1")

    assert [r["entity_id"] for r in json_rows(parallel)] == [
        r["entity_id"] for r in json_rows(serial)
    ]
    assert len(json_rows(serial)) == 7
