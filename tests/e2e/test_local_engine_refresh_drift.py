"""Refresh reports the drift that `up` refuses to act on, through the local engine.

up (a tenant with `adopt` ids) -> the tenant's user revokes the connection -> refresh succeeds
and records `deauthorized` (the engine's refresh Diff asks for a replacement; it is reported,
not raised) -> the drift check names the tenant -> preview and up refuse the replacement while
`adopt` is set, and change nothing -> `adopt` removed -> up reconnects.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monite_pulumi.platform.drift import connection_states, report
from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox
from tests.e2e.local_engine_run import LocalProject
from tests.harness.sandbox_views import add_fault, sandbox_objects

pytestmark = pytest.mark.slow

TENANT = "northwind-ltd"
REFUSED = "Refusing to replace Monite accounting connection"


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox() as running:
        yield running


def connection_statuses(sandbox: RunningSandbox) -> dict[str, str]:
    return {c["id"]: c["status"] for c in sandbox_objects(sandbox)["accounting_connections"]}


def test_refresh_reports_a_revoked_adopted_connection_that_up_refuses_to_replace(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    project = LocalProject(tmp_path / "project", sandbox)
    project.edit_tenants(lambda tenants: [t for t in tenants if t["name"] == TENANT])
    assert project.up().code == 0
    [entity_id] = project.state_ids("Entity")
    [connection_id] = project.state_ids("AccountingConnection")
    sandbox.control.post(
        f"/_sandbox/connections/{connection_id}/authorize", json={"platform": "xero"}
    ).raise_for_status()

    def adopting(tenants: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for tenant in tenants:
            tenant["adopt"] = {"entity_id": entity_id, "connection_id": connection_id}
        return tenants

    project.edit_tenants(adopting)
    assert project.up().code == 0  # adopt_id is never compared: nothing to do

    sandbox.control.post(f"/_sandbox/connections/{connection_id}/deauthorize").raise_for_status()
    refreshed = project.run("refresh", "--yes")
    assert refreshed.code == 0, refreshed.stderr
    assert "~ 1 updated" in refreshed.stdout
    export = json.loads(project.run("stack", "export").stdout)
    verdict = io.StringIO()
    assert report(connection_states(export), verdict) == 1
    assert f"{TENANT}: deauthorized" in verdict.getvalue()

    for command in (("preview",), ("up", "--yes")):
        refused = project.run(*command)
        assert refused.code != 0, command
        assert REFUSED in refused.stdout + refused.stderr, command
        assert "while adopt_id is set" in refused.stdout + refused.stderr, command
    assert connection_statuses(sandbox) == {connection_id: "deauthorized"}

    def adopted(tenants: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for tenant in tenants:
            del tenant["adopt"]
        return tenants

    project.edit_tenants(adopted)
    reconnected = project.up()
    assert reconnected.code == 0, reconnected.stderr
    [new_id] = project.state_ids("AccountingConnection")
    statuses = connection_statuses(sandbox)
    assert new_id != connection_id
    assert statuses[new_id] == "pending_auth"


def test_a_reconnect_whose_create_failed_is_named_by_the_drift_check(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    """The delete-before-replace disconnects the revoked connection, then the create fails: the
    state keeps only the old entry, marked pendingReplacement, and the tenant has no connection."""
    project = LocalProject(tmp_path / "project", sandbox)
    project.edit_tenants(lambda tenants: [t for t in tenants if t["name"] == TENANT])
    assert project.up().code == 0
    [connection_id] = project.state_ids("AccountingConnection")
    control = f"/_sandbox/connections/{connection_id}"
    sandbox.control.post(f"{control}/authorize", json={"platform": "xero"}).raise_for_status()
    sandbox.control.post(f"{control}/deauthorize").raise_for_status()
    assert project.run("refresh", "--yes").code == 0
    fault = add_fault(sandbox, method="POST", path="^/accounting_connections$", status=422)

    failed = project.up()
    assert failed.code != 0
    assert connection_statuses(sandbox) == {connection_id: "disconnected"}
    [entry] = [r for r in project.state_resources() if r["type"].endswith(":AccountingConnection")]
    assert entry["pendingReplacement"] is True
    export = json.loads(project.run("stack", "export").stdout)
    verdict = io.StringIO()
    assert report(connection_states(export), verdict) == 1
    assert f"{TENANT}: pending replacement: last create failed" in verdict.getvalue()

    sandbox.control.delete(f"/_sandbox/faults/{fault}").raise_for_status()
    assert project.up().code == 0
    export = json.loads(project.run("stack", "export").stdout)
    [state] = connection_states(export)
    assert state.status == "pending_auth"
