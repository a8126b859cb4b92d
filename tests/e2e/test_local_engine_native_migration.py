"""Moving the dev stack from the dynamic resources to the native provider without touching
Monite (docs/migrating-to-native.md), through the local engine: the import file from the stack's
own state, ``import --file``, ``state delete`` of the dynamic resources, then the native program
with no change; no request but reads reaches the sandbox and every object keeps its id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.cli._run import run
from tests.e2e.local_engine_run import LocalProject
from tests.e2e.test_local_engine_native import EXAMPLE, _plugin_dir
from tests.harness.sandbox_views import sandbox_objects, sandbox_requests

pytestmark = pytest.mark.slow

DYNAMIC = "pulumi-python:dynamic/monite:"


def _ids(sandbox: RunningSandbox) -> dict[str, set[str]]:
    objects = sandbox_objects(sandbox)
    return {kind: {str(o["id"]) for o in items} for kind, items in objects.items()}


def test_dynamic_stack_moves_to_native_without_a_write_to_monite(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    project = LocalProject(tmp_path / "project", sandbox)
    assert project.up().code == 0
    before = _ids(sandbox)
    sandbox.control.delete("/_sandbox/requests").raise_for_status()

    exported = project.run("stack", "export")
    assert exported.code == 0, exported.stderr
    state_file = tmp_path / "state.json"
    state_file.write_text(exported.stdout)
    import_file = tmp_path / "native-import.json"
    written = run(
        CliRunner(),
        project.env,
        "export",
        "--format",
        "pulumi-import",
        "--from-state",
        str(state_file),
        "--out",
        str(import_file),
    )
    assert written.exit_code == 0, written.stderr

    project.env["PATH"] = f"{_plugin_dir()}:{project.env['PATH']}"
    imported = project.run("import", "--file", str(import_file), "--yes", "--protect", "false")
    assert imported.code == 0, imported.stderr
    dynamic = [r["urn"] for r in project.state_resources() if r["type"].startswith(DYNAMIC)]
    provider = [
        r["urn"] for r in project.state_resources() if r["type"] == "pulumi:providers:pulumi-python"
    ]
    dropped = project.run("state", "delete", *dynamic, *provider, "--yes")
    assert dropped.code == 0, dropped.stderr

    (project.directory / "Pulumi.yaml").write_text(
        (EXAMPLE / "Pulumi.yaml").read_text() + "stackConfigDir: stacks\n"
    )
    for name in ("__main__.py", "native_platform.py"):
        shutil.copy(EXAMPLE / name, project.directory / name)
    # Options Monite does not hold (requireProductCatalog) cannot be read back by an import:
    # the first up records the program's value, an update with no request to Monite.
    up = project.up()
    assert up.code == 0, up.stdout + up.stderr
    again = project.up("--expect-no-changes")
    assert again.code == 0, again.stdout + again.stderr

    log = sandbox_requests(sandbox)["by_endpoint"]
    writes = {key: n for key, n in log.items() if not key.startswith(("GET ", "POST /auth/token"))}
    assert writes == {}
    assert _ids(sandbox) == before
    types = {r["type"] for r in project.state_resources()}
    assert not any(t.startswith(DYNAMIC) for t in types)
    assert "monite:index:AccountingConnection" in types
