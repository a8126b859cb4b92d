"""Run a Pulumi program under mocks in a fresh process and read back what it registered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
RUNNER = Path(__file__).with_name("mock_runner.py")
ENTITY = "pulumi-python:dynamic/monite:Entity"
PRODUCT = "pulumi-python:dynamic/monite:Product"
CONNECTION = "pulumi-python:dynamic/monite:AccountingConnection"


@dataclass(frozen=True)
class ProgramRun:
    resources: list[dict[str, Any]]
    exports: dict[str, Any]
    error: dict[str, str] | None

    def of_type(self, type_: str) -> dict[str, dict[str, Any]]:
        """Registered resources of one type, by resource name."""
        return {r["name"]: r for r in self.resources if r["type"] == type_}

    def urn(self, type_: str, name: str) -> str:
        urn: str = self.of_type(type_)[name]["urn"]
        return urn


def stack_config(project_dir: Path, stack: str) -> dict[str, Any]:
    """The `config:` map of a committed stack file."""
    stacks_dir = project_dir / "stacks" if (project_dir / "stacks").is_dir() else project_dir
    document = yaml.safe_load((stacks_dir / f"Pulumi.{stack}.yaml").read_text())
    config: dict[str, Any] = document.get("config") or {}
    return config


def run_program(
    program_dir: Path,
    *,
    project: str,
    stack: str = "test",
    config: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    preview: bool = False,
) -> ProgramRun:
    """Run under mocks; ``preview=True``: as a preview in which every resource is updated."""
    spec = {
        "program": str(program_dir),
        "project": project,
        "stack": stack,
        "config": dict(config or {}),
        "preview": preview,
    }
    done = subprocess.run(
        [sys.executable, str(RUNNER), json.dumps(spec)],
        cwd=program_dir,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"mock runner failed ({done.returncode}):\n{done.stderr}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return ProgramRun(report["resources"], report["exports"], report["error"])


def leaf(export: Any) -> tuple[Any, bool]:
    """(value, secret) of an exported leaf."""
    assert isinstance(export, dict), export
    assert export.get("__leaf__"), export
    return export["value"], export["secret"]
