"""The config-typo story through the local engine: a typo stops `up` before any request.

The harsher model of a pipeline: `up --yes` with no person reading the preview. The typo must
fail the run with the key named, Monite must see no request, and the state must keep every
tenant; only an explicit empty list plans the deletes, with a warning saying so.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.e2e.local_engine_run import STACK_FILE, TENANTS_KEY, LocalProject
from tests.harness.sandbox_views import sandbox_requests

pytestmark = pytest.mark.slow

TYPO = "monite-platform:tenant"
DEV_TENANTS = ("acme-gmbh", "jane-doe", "john-smith", "northwind-ltd")


def rewrite_config(project: LocalProject, change: Callable[[dict[str, Any]], None]) -> None:
    path = project.directory / STACK_FILE
    document = yaml.safe_load(path.read_text())
    change(document["config"])
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def misspell_tenants(config: dict[str, Any]) -> None:
    config[TYPO] = config.pop(TENANTS_KEY)


def empty_tenant_list(config: dict[str, Any]) -> None:
    config.pop(TYPO)
    config[TENANTS_KEY] = []


def monite_objects(project: LocalProject) -> list[tuple[str, str]]:
    """(urn, id) of the state's Monite objects (secrets are encrypted anew on each write, and
    the stack's outputs after a failed program are the local engine's: issue 31, finding 3)."""
    return sorted((r["urn"], r["id"]) for r in project.state_resources() if r["custom"])


def test_a_renamed_tenants_key_fails_before_any_request_and_keeps_every_tenant(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    project = LocalProject(tmp_path / "project", sandbox)
    first = project.up()
    assert first.code == 0, first.stderr
    resources_before = monite_objects(project)
    sandbox.control.delete("/_sandbox/requests").raise_for_status()

    rewrite_config(project, misspell_tenants)
    typo = project.up()

    assert typo.code != 0
    assert f"{TYPO}: not a setting of this program" in typo.stderr
    assert "did you mean monite-platform:tenants?" in typo.stderr
    assert "Traceback" not in typo.stderr
    assert sandbox_requests(sandbox)["total"] == 0
    assert monite_objects(project) == resources_before

    rewrite_config(project, empty_tenant_list)
    emptied = project.run("preview")

    assert emptied.code == 0, emptied.stderr
    assert "- 12 to delete" in emptied.stdout
    # The Outputs section names each removed tenant, as the CLI's preview does (progress.go).
    outputs_section = emptied.stdout.split("Outputs:", 1)[1].split("Resources:", 1)[0]
    for tenant in DEV_TENANTS:
        assert f"  - {tenant}: " in outputs_section
    output = emptied.stdout + emptied.stderr
    assert "monite-platform:tenants is an empty list" in output
    assert "deletes every tenant it manages" in output

    # The removals gate reads the engine's own preview document and names every tenant.
    document = project.run("preview", "--json")
    assert document.code == 0, document.stderr
    gate = subprocess.run(
        [sys.executable, "-m", "monite_pulumi.platform.removals", "-"],
        input=document.stdout,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert gate.returncode == 1, gate.stdout + gate.stderr
    assert f"the preview removes 4 tenants: {', '.join(DEV_TENANTS)}" in gate.stdout
