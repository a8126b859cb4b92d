"""The dev stack's tenants on the native provider, end to end through the local engine.

``monite-local-engine`` runs examples/native-platform (the platform program's tenants declared
with ``monite:index:*`` resources) with the real plugin ``pulumi-resource-monite``, found on
``$PATH`` as the CLI finds it, against the session's sandbox (reset before each story), and checks
the sandbox's request log and objects, the preview's steps and the state file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.cli._run import run
from tests.e2e.local_engine_run import ROOT, LocalProject
from tests.harness.sandbox_views import sandbox_objects, sandbox_requests

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "native-platform"
CREATING = ("POST /entities", "POST /products", "POST /accounting_connections")
DEV_RESOURCES = 11  # 4 entities, 4 products, 3 connections


def _plugin_dir() -> Path:
    """Where ``pulumi-resource-monite`` is: the console script of this interpreter's
    environment (the wheel installs it), else one on $PATH."""
    beside = Path(sys.executable).parent
    if (beside / "pulumi-resource-monite").exists():
        return beside
    found = shutil.which("pulumi-resource-monite")
    assert found, "pulumi-resource-monite is not installed (make setup installs it)"
    return Path(found).parent


class NativeProject(LocalProject):
    """The platform project's copy with the native program in place of the dynamic one."""

    def __init__(self, directory: Path, sandbox: RunningSandbox) -> None:
        super().__init__(directory, sandbox)
        (directory / "Pulumi.yaml").write_text(
            (EXAMPLE / "Pulumi.yaml").read_text() + "stackConfigDir: stacks\n"
        )
        for name in ("__main__.py", "native_platform.py"):
            shutil.copy(EXAMPLE / name, directory / name)
        self.env["PATH"] = f"{_plugin_dir()}{os.pathsep}{self.env.get('PATH', '')}"

    def by_type(self, kind: str) -> dict[str, dict[str, Any]]:
        token = f"monite:index:{kind}"
        return {
            r["urn"].rsplit("::", 1)[-1]: r for r in self.state_resources() if r["type"] == token
        }


@pytest.fixture
def project(tmp_path: Path, sandbox: RunningSandbox) -> NativeProject:
    return NativeProject(tmp_path / "project", sandbox)


def _clear(sandbox: RunningSandbox) -> None:
    sandbox.control.delete("/_sandbox/requests").raise_for_status()


def _creating(sandbox: RunningSandbox) -> int:
    by_endpoint: dict[str, int] = sandbox_requests(sandbox)["by_endpoint"]
    return sum(by_endpoint.get(endpoint, 0) for endpoint in CREATING)


def _steps(run_stdout: str) -> dict[str, str]:
    return {
        step["urn"].rsplit("::", 2)[-2].rsplit(":", 1)[-1]
        + " "
        + step["urn"].rsplit("::", 1)[-1]: step["op"]
        for step in json.loads(run_stdout)["steps"]
    }


def test_up_second_up_preview_refresh_destroy(
    project: NativeProject, sandbox: RunningSandbox
) -> None:
    up = project.up()
    assert up.code == 0, up.stderr
    log = sandbox_requests(sandbox)["by_endpoint"]
    assert {endpoint: log.get(endpoint, 0) for endpoint in CREATING} == {
        "POST /entities": 4,
        "POST /products": 4,
        "POST /accounting_connections": 3,
    }
    objects = sandbox_objects(sandbox)
    assert {r["id"] for r in project.by_type("Entity").values()} == {
        e["id"] for e in objects["entities"]
    }
    default = next(r for r in project.state_resources() if r["type"] == "pulumi:providers:monite")
    assert default["urn"].endswith("::pulumi:providers:monite::default")
    assert sandbox.client_secret not in project.state_file.read_text()

    _clear(sandbox)
    second = project.up("--expect-no-changes")
    assert second.code == 0, second.stderr
    assert sandbox_requests(sandbox)["total"] == 0

    def new_email(tenants: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {**t, "email": "billing@acme.example"} if t["name"] == "acme-gmbh" else t
            for t in tenants
        ]

    project.edit_tenants(new_email)
    preview = project.run("preview", "--json")
    assert preview.code == 0, preview.stderr
    changed = {key: op for key, op in _steps(preview.stdout).items() if op != "same"}
    # The products' and connections' entityId stayed known in the preview: they are unchanged.
    assert changed == {"Entity acme-gmbh": "update"}
    # A preview writes nothing (the plugin is called with ``preview``): no request at all.
    assert sandbox_requests(sandbox)["total"] == 0

    connection_id = project.by_type("AccountingConnection")["acme-gmbh"]["id"]
    sandbox.control.post(
        f"/_sandbox/connections/{connection_id}/authorize", json={"platform": "xero"}
    ).raise_for_status()
    refresh = project.run("refresh", "--yes")
    assert refresh.code == 0, refresh.stderr
    assert project.by_type("AccountingConnection")["acme-gmbh"]["outputs"]["status"] == "connected"

    destroy = project.run("destroy", "--yes")
    assert destroy.code == 0, destroy.stderr
    assert project.state_resources() == []
    left = sandbox_objects(sandbox)
    assert all(e.get("status") != "active" for e in left["entities"])


def _comparable(resource: dict[str, Any]) -> dict[str, Any]:
    return {key: resource.get(key) for key in ("type", "id", "inputs", "outputs", "parent")}


def test_import_by_ids_creates_nothing_and_records_what_an_up_made(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    """``import_`` (from the tenants' ``adopt`` ids, as ``monite-pulumi export`` writes them):
    entity, products and connection are read by their import ids, no creating request, and the
    state holds what the up that made them recorded."""
    made = NativeProject(tmp_path / "made", sandbox)
    assert made.up().code == 0
    adopting = NativeProject(tmp_path / "adopting", sandbox)

    def with_adopt(tenants: list[dict[str, Any]]) -> list[dict[str, Any]]:
        entities = made.by_type("Entity")
        products = made.by_type("Product")
        connections = made.by_type("AccountingConnection")
        result = []
        for tenant in tenants:
            name = tenant["name"]
            adopt: dict[str, Any] = {"entity_id": entities[name]["id"]}
            keys = {
                key[len(name) + 1 :]: product["id"]
                for key, product in products.items()
                if key.startswith(f"{name}-")
            }
            if keys:
                adopt["products"] = keys
            if name in connections:
                adopt["connection_id"] = connections[name]["id"]
            result.append({**tenant, "adopt": adopt})
        return result

    adopting.edit_tenants(with_adopt)
    _clear(sandbox)
    up = adopting.up()
    assert up.code == 0, up.stderr
    assert _creating(sandbox) == 0
    _clear(sandbox)
    # The import leaves the inputs Read answered; the next up (a same step) records the
    # checked inputs, defaults included (step_generator.go ``continueStepsFromImport``).
    again = adopting.up("--expect-no-changes")
    assert again.code == 0, again.stderr
    assert sandbox_requests(sandbox)["total"] == 0
    ours, theirs = _exported(adopting), _exported(made)
    assert set(ours) == set(theirs)
    for key, resource in ours.items():
        assert _comparable(resource) == _comparable(theirs[key]), key


def _exported(project: NativeProject) -> dict[str, dict[str, Any]]:
    """The monite resources of ``stack export --show-secrets`` by type and name."""
    document = project.run("stack", "export", "--show-secrets").json()
    return {
        f"{r['type']} {r['urn'].rsplit('::', 1)[-1]}": r
        for r in document["deployment"]["resources"]
        if r["type"].startswith("monite:index:")
    }


def _tenant(number: int) -> dict[str, Any]:
    return {
        "name": f"bulk-{number:02d}",
        "type": "organization",
        "email": f"finance@bulk{number}.example",
        "address": {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "Weg 1"},
        "organization": {"legal_name": f"Bulk {number:02d} GmbH"},
        "accounts_receivable": True,
        "products": [
            {"name": "Hour", "type": "service", "price": {"value": 100, "currency": "EUR"}}
        ],
        "accounting": {"connect": True},
    }


def test_export_bulk_import_file_imports_twenty_tenants_without_creating(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    """``monite-pulumi export --format pulumi-import`` then ``monite-local-engine import --file``
    (pulumi import --file): 20 tenants (60 objects) read by their import ids, 0 creating
    requests; the program declaring the exported tenants then changes nothing."""
    made = NativeProject(tmp_path / "made", sandbox)
    made.edit_tenants(lambda _: [_tenant(n) for n in range(20)])
    assert made.up().code == 0
    runner = CliRunner()
    file = tmp_path / "import.json"
    exported = run(runner, made.env, "export", "--no-progress", "--format", "pulumi-import")
    assert exported.exit_code == 0, exported.stderr
    file.write_text(exported.stdout)
    assert len(json.loads(file.read_text())["resources"]) == 60
    entries = run(runner, made.env, "export", "--no-progress")
    tenants = [{k: v for k, v in t.items() if k != "adopt"} for t in yaml.safe_load(entries.stdout)]

    importing = NativeProject(tmp_path / "importing", sandbox)
    _clear(sandbox)
    imported = importing.run("import", "--file", str(file), "--yes", "--protect", "false")
    assert imported.code == 0, imported.stderr
    assert _creating(sandbox) == 0
    assert len(importing.by_type("Entity")) == 20
    assert len(importing.by_type("AccountingConnection")) == 20

    importing.edit_tenants(lambda _: tenants)
    _clear(sandbox)
    up = importing.up("--expect-no-changes")
    assert up.code == 0, up.stdout + up.stderr
    assert _creating(sandbox) == 0


INVOKE_PROGRAM = """
import pulumi

found = pulumi.runtime.invoke("monite:index:getEntity", {"email": "finance@acme.example"})
pulumi.export("found", found.value)
"""


def test_a_provider_function_is_invoked_through_the_default_provider(
    project: NativeProject, tmp_path: Path, sandbox: RunningSandbox
) -> None:
    """source_eval.go ``resmon.Invoke``: ``monite:index:getEntity`` reaches the plugin through
    the default provider, which the run registers as for a resource."""
    assert project.up().code == 0
    entity_id = project.by_type("Entity")["acme-gmbh"]["id"]
    lookup = tmp_path / "lookup"
    lookup.mkdir()
    (lookup / "Pulumi.yaml").write_text("name: lookup\nruntime: python\n")
    (lookup / "Pulumi.dev.yaml").write_text("config:\n  monite:environment: local\n")
    (lookup / "__main__.py").write_text(INVOKE_PROGRAM)
    engine = [sys.executable, "-m", "monite_pulumi.local_engine"]
    where = ["--cwd", str(lookup), "--stack", "dev"]
    run = subprocess.run(
        [*engine, "up", "--yes", *where],
        env=project.env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    shown = subprocess.run(
        [*engine, "stack", "output", "found", "--json", *where],
        env=project.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    found = json.loads(shown.stdout)
    assert entity_id in json.dumps(found)


EXPLICIT_PROGRAM = """
import os

import pulumi
from monite_pulumi.native.sdk import Entity, EntityArgs, Provider, ProviderArgs

partner = Provider(
    "partner",
    ProviderArgs(
        environment="local",
        api_url=os.environ["MONITE_API_URL"],
        client_id=os.environ["MONITE_CLIENT_ID"],
        client_secret=os.environ["MONITE_CLIENT_SECRET"],
    ),
)
entity = Entity(
    "explicit",
    EntityArgs(
        type="organization",
        email="explicit@acme.example",
        address={"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "Weg 1"},
        organization={"legal_name": "Explicit GmbH"},
    ),
    pulumi.ResourceOptions(provider=partner),
)
pulumi.export("entity_id", entity.entity_id)
"""


def test_an_explicit_provider_resource_keeps_its_client_secret_a_secret(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    """registry.go: the program's ``pulumi:providers:monite`` is checked (CheckConfig keeps the
    secret: ``annotateSecrets``), configured with its own inputs, and serves its resources; the
    state holds the client secret encrypted only, and no default provider is registered."""
    project = NativeProject(tmp_path / "project", sandbox)
    (project.directory / "__main__.py").write_text(EXPLICIT_PROGRAM)
    env = {k: v for k, v in project.env.items() if k != "MONITE_CLIENT_SECRET"}
    env["MONITE_CLIENT_SECRET"] = sandbox.client_secret
    project.env = env
    up = project.up()
    assert up.code == 0, up.stderr
    providers = [r for r in project.state_resources() if r["type"] == "pulumi:providers:monite"]
    assert [p["urn"].rsplit("::", 1)[-1] for p in providers] == ["partner"]
    (entity,) = project.by_type("Entity").values()
    assert entity["provider"] == f"{providers[0]['urn']}::{providers[0]['id']}"
    assert sandbox.client_secret not in project.state_file.read_text()
    assert sandbox_objects(sandbox)["entities"][0]["id"] == entity["id"]
    assert project.up("--expect-no-changes").code == 0
