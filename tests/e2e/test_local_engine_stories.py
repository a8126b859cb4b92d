"""The main job end to end through the local engine: whole user stories on the platform program.

Each story runs ``monite-local-engine`` (the real Pulumi SDK, the real dynamic provider server)
on a copy of the project with the dev stack against the session's sandbox, reset before each story
(`/_sandbox/reset`: no object, token, fault or log entry left), and checks what a user
would check: the sandbox's objects and request log, the stack outputs and the state file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.e2e.local_engine_run import LocalProject
from tests.harness.sandbox_views import add_fault, sandbox_objects, sandbox_requests

pytestmark = pytest.mark.slow

ENTITY = "pulumi-python:dynamic/monite:Entity"
DEV_TENANTS = ("acme-gmbh", "jane-doe", "john-smith", "northwind-ltd")


@pytest.fixture
def project(tmp_path: Path, sandbox: RunningSandbox) -> LocalProject:
    return LocalProject(tmp_path / "project", sandbox)


def clear_requests(sandbox: RunningSandbox) -> None:
    sandbox.control.delete("/_sandbox/requests").raise_for_status()


def only(tenants: list[dict[str, Any]], *names: str) -> list[dict[str, Any]]:
    return [tenant for tenant in tenants if tenant["name"] in names]


def active(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [obj for obj in objects if obj.get("status", "active") == "active"]


def test_up_from_empty_then_preview_changes_nothing(
    project: LocalProject, sandbox: RunningSandbox
) -> None:
    up = project.up()
    assert up.code == 0, up.stderr
    assert "+ 13 created" in up.stdout

    # docs/performance.md targets: one token per run, one request per resource created, and
    # the product-catalog check (GET /products) before each accounts-receivable connection.
    log = sandbox_requests(sandbox)
    assert log["by_endpoint"] == {
        "POST /auth/token": 1,
        "POST /entities": 4,
        "POST /products": 4,
        "POST /accounting_connections": 3,
        "GET /products": 2,
    }

    objects = sandbox_objects(sandbox)
    assert project.state_ids("Entity") == {e["id"] for e in objects["entities"]}
    assert project.state_ids("Product") == {p["id"] for p in objects["products"]}
    assert project.state_ids("AccountingConnection") == {
        c["id"] for c in objects["accounting_connections"]
    }

    # Stack outputs as docs/quickstart.md documents them: one per tenant, the URL secret.
    shown = project.run("stack", "output", "--json")
    outputs = shown.json()
    assert sorted(outputs) == sorted(DEV_TENANTS)
    assert outputs["john-smith"]["connection_status"] == "not_requested"
    assert outputs["acme-gmbh"]["connection_status"] == "pending_auth"
    assert outputs["acme-gmbh"]["connection_url"] == "[secret]"
    revealed = project.run("stack", "output", "--json", "--show-secrets").json()
    urls = {c["connection_url"] for c in objects["accounting_connections"]}
    assert {
        revealed[name]["connection_url"] for name in ("acme-gmbh", "jane-doe", "northwind-ltd")
    } == urls
    assert {out["entity_id"] for out in revealed.values()} == project.state_ids("Entity")

    # No secret readable in the state file: no connection URL, token or client secret.
    state_text = project.state_file.read_text()
    for url in urls:
        assert url not in state_text
        assert url.split("token=")[1] not in state_text
    assert sandbox.client_secret not in state_text
    assert '"plaintext"' not in state_text

    clear_requests(sandbox)
    preview = project.run("preview", "--expect-no-changes")
    assert preview.code == 0, preview.stderr
    assert "13 unchanged" in preview.stdout
    assert sandbox_requests(sandbox)["total"] == 0


def test_one_entity_field_changed_is_one_update(
    project: LocalProject, sandbox: RunningSandbox
) -> None:
    assert project.up().code == 0

    def new_email(tenants: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for tenant in tenants:
            if tenant["name"] == "john-smith":
                tenant["email"] = "john.smith@new.example"
        return tenants

    project.edit_tenants(new_email)
    preview = project.run("preview", "--json", "--expect-no-changes")
    assert preview.code == 1, preview.stderr  # a change was expected to be refused
    assert "no changes were expected but changes were proposed" in preview.stderr
    changed = [step for step in preview.json()["steps"] if step["op"] != "same"]
    assert changed == [
        {
            "op": "update",
            "urn": f"urn:pulumi:dev::monite-platform::{ENTITY}::john-smith",
            "type": ENTITY,
        }
    ]

    clear_requests(sandbox)
    up = project.up()
    assert up.code == 0, up.stderr
    assert "~ 1 updated" in up.stdout
    emails = {e["email"] for e in sandbox_objects(sandbox)["entities"]}
    assert "john.smith@new.example" in emails
    assert "john@smith.example" not in emails
    assert project.run("preview", "--expect-no-changes").code == 0


def test_removed_tenant_is_disconnected_then_catalog_then_entity(
    project: LocalProject, sandbox: RunningSandbox
) -> None:
    project.edit_tenants(lambda tenants: only(tenants, "acme-gmbh", "john-smith"))
    assert project.up().code == 0
    assert len(sandbox_objects(sandbox)["entities"]) == 2

    project.edit_tenants(lambda tenants: only(tenants, "john-smith"))
    clear_requests(sandbox)
    up = project.up()
    assert up.code == 0, up.stderr
    assert "- 4 deleted" in up.stdout

    writes = [
        entry["endpoint"]
        for entry in sandbox_requests(sandbox)["entries"]
        if entry["method"] != "GET" and entry["endpoint"] != "POST /auth/token"
    ]
    kinds = [endpoint.split()[1].split("/")[1] for endpoint in writes]
    assert kinds == ["accounting_connections", "products", "products", "entities"], writes
    objects = sandbox_objects(sandbox)
    assert [c["status"] for c in objects["accounting_connections"]] == ["disconnected"]
    assert len(objects["products"]) == 1  # john-smith's
    assert len(active(objects["entities"])) == 1  # acme-gmbh's is deactivated, not deleted
    assert len(objects["entities"]) == 2
    assert {
        r["urn"].rsplit("::", 1)[1]
        for r in project.state_resources()
        if r["custom"] and r["type"].startswith("pulumi-python")
    } == {"john-smith", "john-smith-photo-print"}


def test_a_protected_tenant_is_not_removed(project: LocalProject, sandbox: RunningSandbox) -> None:
    def protect_john(tenants: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = only(tenants, "john-smith", "northwind-ltd")
        for tenant in kept:
            tenant["protect"] = tenant["name"] == "john-smith"
        return kept

    project.edit_tenants(protect_john)
    assert project.up().code == 0
    before = project.state_resources()

    project.edit_tenants(lambda tenants: only(tenants, "northwind-ltd"))
    clear_requests(sandbox)
    up = project.up()
    assert up.code == 1
    assert "protected" in up.stderr
    objects = sandbox_objects(sandbox)
    assert len(active(objects["entities"])) == 2
    assert len(objects["products"]) == 1
    writes = [
        e
        for e in sandbox_requests(sandbox)["entries"]
        if e["method"] != "GET" and e["endpoint"] != "POST /auth/token"
    ]
    assert writes == []
    assert {r["urn"] for r in project.state_resources()} == {r["urn"] for r in before}


def test_a_fault_outlasting_retries_fails_the_run_and_the_next_up_converges(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    # Each of the 3 create rounds ends in a settle wait (a 503 may still land): 1 s, not the
    # default 30 s, since what is checked here does not depend on the window's length.
    project = LocalProject(
        tmp_path / "project", sandbox, MONITE_MAX_ATTEMPTS="2", MONITE_SETTLE_WINDOW="1"
    )
    project.edit_tenants(lambda tenants: only(tenants, "acme-gmbh", "northwind-ltd"))
    fault = add_fault(sandbox, method="POST", path="^/products", status=503)

    failed = project.up()
    assert failed.code == 1
    assert "Product" in failed.stderr
    objects = sandbox_objects(sandbox)
    assert objects["products"] == []
    # What succeeded is in the state, and nothing exists that the state does not know.
    assert project.state_ids("Entity") == {e["id"] for e in objects["entities"]}
    assert len(objects["entities"]) == 2
    assert project.state_ids("AccountingConnection") == {
        c["id"] for c in objects["accounting_connections"]
    }
    assert project.state_ids("Product") == set()

    sandbox.control.delete(f"/_sandbox/faults/{fault}").raise_for_status()
    converged = project.up()
    assert converged.code == 0, converged.stderr
    objects = sandbox_objects(sandbox)
    assert len(objects["entities"]) == 2
    assert len(objects["products"]) == 2
    assert len(objects["accounting_connections"]) == 2
    assert project.state_ids("Product") == {p["id"] for p in objects["products"]}
    assert project.run("preview", "--expect-no-changes").code == 0


def test_destroy_leaves_nothing_active_and_the_state_empty(
    project: LocalProject, sandbox: RunningSandbox
) -> None:
    assert project.up().code == 0
    destroyed = project.run("destroy", "--yes")
    assert destroyed.code == 0, destroyed.stderr
    objects = sandbox_objects(sandbox)
    assert active(objects["entities"]) == []
    assert objects["products"] == []
    assert {c["status"] for c in objects["accounting_connections"]} == {"disconnected"}
    assert json.loads(project.state_file.read_text())["deployment"]["resources"] == []
