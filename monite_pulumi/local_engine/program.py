"""Start the project's program against our monitor, as the Python language host starts it.

sdk/python/cmd/pulumi-language-python/main.go ``Run`` and ``constructArguments``: the executor
gets ``--monitor --engine --project --root_directory --stack --pwd --dry_run --parallel
--organization`` and the entry point; the stack config travels in ``PULUMI_CONFIG`` (a JSON object
of namespaced keys to string values) and ``PULUMI_CONFIG_SECRET_KEYS`` (a JSON list).
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from monite_pulumi.local_engine.children import popen
from monite_pulumi.local_engine.project import Project, StackConfig

__all__ = ["ORGANIZATION", "PARALLEL", "run_program"]

ORGANIZATION = "organization"
"""What the CLI passes for a local (file) backend, which has no organizations."""
PARALLEL = 16
_EXEC_SCRIPT = str(Path(__file__).with_name("language_exec.py"))


def run_program(
    project: Project,
    stack: str,
    config: StackConfig,
    *,
    address: str,
    dry_run: bool,
    on_output: Callable[[str], None] | None = None,
) -> int:
    """Run the program to its end; its exit code (32: it has already reported its error).

    The executor runs by path (like the CLI's ``pulumi-language-python-exec``), so the
    project's environment needs the Pulumi SDK and nothing of this package. The program's own
    prints go to our stdout, or line by line to ``on_output`` (under ``--json``, whose stdout
    is the document: the CLI makes them info diagnostics).
    """
    env = dict(os.environ)
    env["PULUMI_CONFIG"] = json.dumps(config.values)
    env["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(sorted(config.secret_keys))
    args = [
        _EXEC_SCRIPT,
        "--monitor",
        address,
        "--engine",
        address,
        "--project",
        project.name,
        "--root_directory",
        str(project.directory),
        "--stack",
        stack,
        "--pwd",
        str(project.directory),
        "--dry_run",
        "true" if dry_run else "false",
        "--parallel",
        str(PARALLEL),
        "--organization",
        ORGANIZATION,
        project.main,
    ]
    process = popen(
        project.python,
        args,
        env=env,
        cwd=project.directory,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if on_output is not None else None,
    )
    reader = None
    if on_output is not None and process.stdout is not None:
        reader = threading.Thread(target=_forward, args=(process.stdout, on_output), daemon=True)
        reader.start()
    try:
        return process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if reader is not None:
            reader.join(timeout=10)


def _forward(stream: IO[bytes], on_output: Callable[[str], None]) -> None:
    with stream:
        for line in stream:
            on_output(line.decode(errors="replace").rstrip("\n"))
