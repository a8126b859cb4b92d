"""The authorisation story through the local engine, with the tenant's part in a real browser.

up -> the tenant authorises the connection at its URL in Chromium (Playwright, as tests/browser
does) -> refresh: `connected`, platform set -> revoked through the sandbox's control API ->
refresh: `deauthorized`, the drift check names it -> up: reconnected with a new link.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

from monite_pulumi.platform.drift import connection_states, report
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.availability import unavailable
from tests.e2e.local_engine_run import LocalProject
from tests.harness.sandbox_views import sandbox_objects

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CONNECTION = "pulumi-python:dynamic/monite:AccountingConnection"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        unavailable("no Chromium binary on PATH (make browsers / scripts/ensure-chromium.sh)")
    return path


def connection_outputs(project: LocalProject) -> dict[str, Any]:
    [connection] = [
        r for r in project.state_resources() if r["type"] == CONNECTION and not r.get("delete")
    ]
    outputs: dict[str, Any] = connection["outputs"]
    return outputs


def authorise_in_browser(chromium_path: str, url: str) -> None:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            response = page.goto(url)
            assert response is not None
            assert response.status == 200
            page.get_by_label("Xero").check()
            page.get_by_role("button", name="Continue").click()
            page.get_by_label("E-mail or user name").fill("owner@acme.example")
            page.get_by_label("Password").fill("anything")
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("button", name="Authorise").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Connected to Xero")
        finally:
            browser.close()


def test_authorise_in_the_browser_refresh_revoke_and_reconnect(
    tmp_path: Path, sandbox: RunningSandbox, chromium_path: str
) -> None:
    project = LocalProject(tmp_path / "project", sandbox)
    project.edit_tenants(lambda tenants: [t for t in tenants if t["name"] == "acme-gmbh"])
    assert project.up().code == 0
    first = project.run("stack", "output", "acme-gmbh", "--show-secrets", "--json").json()
    assert first["connection_status"] == "pending_auth"

    authorise_in_browser(chromium_path, first["connection_url"])
    refreshed = project.run("refresh", "--yes")
    assert refreshed.code == 0, refreshed.stderr
    # step.go RefreshStep.ResultOp: the provider's Diff against the declared inputs finds no
    # change (only computed outputs moved), so the CLI too reports it unchanged.
    assert "4 unchanged" in refreshed.stdout
    outputs = connection_outputs(project)
    assert outputs["status"] == "connected"
    assert outputs["platform"] == "xero"
    assert project.run("preview", "--expect-no-changes").code == 0

    [connection_id] = project.state_ids("AccountingConnection")
    sandbox.control.post(f"/_sandbox/connections/{connection_id}/deauthorize").raise_for_status()
    revoked = project.run("refresh", "--yes")
    assert revoked.code == 0, revoked.stderr
    assert "~ 1 updated" in revoked.stdout  # now Diff asks for a replacement
    assert connection_outputs(project)["status"] == "deauthorized"
    export = json.loads(project.run("stack", "export").stdout)
    verdict = io.StringIO()
    assert report(connection_states(export), verdict) == 1
    assert "acme-gmbh: deauthorized" in verdict.getvalue()

    reconnected = project.up()
    assert reconnected.code == 0, reconnected.stderr
    second = project.run("stack", "output", "acme-gmbh", "--show-secrets", "--json").json()
    assert second["connection_status"] == "pending_auth"
    assert second["connection_url"] != first["connection_url"]
    [new_id] = project.state_ids("AccountingConnection")
    assert new_id != connection_id
    statuses = {c["id"]: c["status"] for c in sandbox_objects(sandbox)["accounting_connections"]}
    assert statuses[new_id] == "pending_auth"
    assert statuses[connection_id] in {"deauthorized", "disconnected"}
