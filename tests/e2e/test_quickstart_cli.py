"""The quickstart example end to end with the real pulumi CLI against a local sandbox.

up -> authorise (as the tenant would, through the sandbox) -> refresh shows connected -> preview
shows no changes -> deauthorize -> refresh shows it -> up reconnects -> destroy disconnects and
deactivates. Skipped, saying why, where the pulumi CLI is absent.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from monite_pulumi.platform.drift import connection_states, report

if TYPE_CHECKING:
    from monite_pulumi.sandbox.testing import RunningSandbox

ROOT = Path(__file__).resolve().parents[2]
LOCAL_CLI = ROOT / ".tools" / "pulumi" / "bin" / "pulumi"


def find_pulumi() -> str | None:
    found = shutil.which("pulumi")
    if found:
        return found
    return str(LOCAL_CLI) if LOCAL_CLI.is_file() else None


PULUMI = find_pulumi()
pytestmark = [
    pytest.mark.cli,
    pytest.mark.skipif(
        PULUMI is None,
        reason="the pulumi CLI is not on PATH nor in .tools/pulumi/bin "
        "(`make up` installs it there; or see https://www.pulumi.com/docs/install/)",
    ),
]


class Cli:
    """The pulumi CLI in one project folder, with a local file backend and no account."""

    def __init__(self, binary: str, cwd: Path, env: dict[str, str]) -> None:
        self.binary = binary
        self.cwd = cwd
        self.env = env

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [self.binary, *args, "--non-interactive"],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"pulumi {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def outputs(self) -> dict[str, Any]:
        shown: dict[str, Any] = json.loads(
            self("stack", "output", "--json", "--show-secrets").stdout
        )
        return shown

    def export(self) -> dict[str, Any]:
        exported: dict[str, Any] = json.loads(self("stack", "export").stdout)
        return exported

    def connection_status(self) -> str | None:
        (state,) = connection_states(self.export())
        return state.status


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    from monite_pulumi.sandbox.testing import running_sandbox

    with running_sandbox() as running:
        yield running


@pytest.fixture
def cli(tmp_path: Path, sandbox: RunningSandbox) -> Cli:
    assert PULUMI is not None
    project = tmp_path / "quickstart"
    shutil.copytree(ROOT / "examples" / "quickstart", project)
    manifest = yaml.safe_load((project / "Pulumi.yaml").read_text())
    manifest["runtime"]["options"]["virtualenv"] = sys.prefix  # this test's venv
    (project / "Pulumi.yaml").write_text(yaml.safe_dump(manifest))
    state = tmp_path / "state"
    state.mkdir()
    env = {
        **os.environ,
        "PATH": f"{Path(PULUMI).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PULUMI_BACKEND_URL": f"file://{state}",
        "PULUMI_CONFIG_PASSPHRASE": "e2e-only",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "MONITE_ENVIRONMENT": "local",
        "MONITE_API_URL": sandbox.api_url,
        "MONITE_CLIENT_ID": sandbox.client_id,
        "MONITE_CLIENT_SECRET": sandbox.client_secret,
    }
    pulumi = Cli(PULUMI, project, env)
    pulumi("stack", "init", "dev")
    return pulumi


def monite_state(sandbox: RunningSandbox, entity_id: str) -> tuple[str, list[tuple[str, str]]]:
    """The entity's status and its connections' (id, status), as Monite's API reports them."""
    from monite_pulumi.client import MoniteClient
    from monite_pulumi.config import resolve_settings

    settings = resolve_settings(
        {
            "environment": "local",
            "api_url": sandbox.api_url,
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        }
    )
    with MoniteClient(settings) as client:
        entity = client.get_entity(entity_id)
        connections = client.list_accounting_connections(entity_id)
        return str(entity.status), [(str(c.id), str(c.status)) for c in connections]


def test_quickstart_lifecycle(cli: Cli, sandbox: RunningSandbox) -> None:
    cli("up", "--yes", "--skip-preview")
    outputs = cli.outputs()
    entity_id = outputs["entity_id"]
    first_connection = outputs["connection_id"]
    assert outputs["connection_status"] == "pending_auth"
    assert outputs["connection_url"].startswith(sandbox.url)
    hidden = json.loads(cli("stack", "output", "--json").stdout)
    assert hidden["connection_url"] == "[secret]"

    sandbox.control.post(
        f"/_sandbox/connections/{first_connection}/authorize", json={"platform": "xero"}
    ).raise_for_status()
    cli("refresh", "--yes", "--skip-preview")
    assert cli.connection_status() == "connected"

    assert cli("preview", "--expect-no-changes").returncode == 0

    sandbox.control.post(f"/_sandbox/connections/{first_connection}/deauthorize").raise_for_status()
    cli("refresh", "--yes", "--skip-preview")
    assert cli.connection_status() == "deauthorized"
    verdict = io.StringIO()
    assert report(connection_states(cli.export()), verdict) == 1
    assert "quickstart: deauthorized" in verdict.getvalue()

    cli("up", "--yes", "--skip-preview")
    assert cli.connection_status() == "pending_auth"
    _, connections = monite_state(sandbox, entity_id)
    live = [(id_, status) for id_, status in connections if status in ("pending_auth", "connected")]
    assert len(live) == 1
    assert live[0][0] != first_connection

    cli("destroy", "--yes", "--skip-preview")
    entity_status, connections = monite_state(sandbox, entity_id)
    assert entity_status == "inactive"
    assert connections
    assert all(status in ("disconnected", "deauthorized") for _, status in connections)
