"""Run the platform program (dev stack) through ``monite-local-engine`` against a test sandbox.

Each story copies the project (Pulumi.yaml, __main__.py, stacks/Pulumi.dev.yaml) into tmp_path so
it may change the stack config, and runs the engine as a user does: a subprocess with the
environment ``make up`` exports (MONITE_API_URL, partner credentials, PULUMI_CONFIG_PASSPHRASE).
After every command the state file is checked against Pulumi's apitype JSON schemas.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.local_engine.apitype import apitype_errors

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "e2e-local-engine-passphrase"
STACK_FILE = Path("stacks") / "Pulumi.dev.yaml"
TENANTS_KEY = "monite-platform:tenants"


@dataclass(frozen=True)
class EngineRun:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


class LocalProject:
    """A copy of the platform project and the engine's commands on it."""

    def __init__(self, directory: Path, sandbox: RunningSandbox, **env: str) -> None:
        self.directory = directory
        self.sandbox = sandbox
        directory.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "Pulumi.yaml", directory / "Pulumi.yaml")
        shutil.copy(ROOT / "__main__.py", directory / "__main__.py")
        (directory / "stacks").mkdir(exist_ok=True)
        shutil.copy(ROOT / STACK_FILE, directory / STACK_FILE)
        self.env = {
            **os.environ,
            "MONITE_ENVIRONMENT": "local",
            "MONITE_API_URL": sandbox.api_url,
            "MONITE_CLIENT_ID": sandbox.client_id,
            "MONITE_CLIENT_SECRET": sandbox.client_secret,
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            **env,
        }

    @property
    def state_file(self) -> Path:
        return self.directory / ".monite-local-engine" / "dev.json"

    def tenants(self) -> list[dict[str, Any]]:
        document = yaml.safe_load((self.directory / STACK_FILE).read_text())
        tenants: list[dict[str, Any]] = document["config"][TENANTS_KEY]
        return tenants

    def edit_tenants(self, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> None:
        path = self.directory / STACK_FILE
        document = yaml.safe_load(path.read_text())
        document["config"][TENANTS_KEY] = change(document["config"][TENANTS_KEY])
        path.write_text(yaml.safe_dump(document, sort_keys=False))

    def command(self, *args: str) -> list[str]:
        """The engine's command line for this project's dev stack."""
        return [
            sys.executable,
            "-m",
            "monite_pulumi.local_engine",
            *args,
            "--cwd",
            str(self.directory),
            "--stack",
            "dev",
        ]

    def run(self, *args: str) -> EngineRun:
        completed = subprocess.run(
            self.command(*args),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        self.check_state_schema()
        return EngineRun(completed.returncode, completed.stdout, completed.stderr)

    def check_state_schema(self) -> None:
        """The state validates against sdk/go/common/apitype's schemas (when there is one)."""
        if self.state_file.exists():
            errors = apitype_errors(json.loads(self.state_file.read_text()))
            assert errors == [], errors

    def up(self, *extra: str) -> EngineRun:
        return self.run("up", "--yes", *extra)

    def state_resources(self) -> list[dict[str, Any]]:
        document = json.loads(self.state_file.read_text())
        resources: list[dict[str, Any]] = document["deployment"]["resources"]
        return resources

    def state_ids(self, kind: str) -> set[str]:
        """Ids of live resources of one type (``Entity``, ``Product``, ...) in the state."""
        suffix = f"dynamic/monite:{kind}"
        return {
            r["id"]
            for r in self.state_resources()
            if r["type"].endswith(suffix) and not r.get("delete")
        }
