"""Record ``monite-pulumi status`` against a freshly seeded sandbox, for docs/cli.md.

Run from the project root:
``.venv/bin/python -m tests.cli.record_status docs/monite-pulumi-status.txt``. It starts a
sandbox, seeds the same world the CLI tests use, then runs the installed ``monite-pulumi``
console script as an operator would and writes what it printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from monite_pulumi.client import MoniteClient
from monite_pulumi.sandbox.testing import running_sandbox
from tests.cli._seed import sandbox_env, sandbox_settings, seed_world

COMMANDS = (["status"], ["chase", "--older-than", "0s"])


def main(target: Path) -> None:
    executable = shutil.which("monite-pulumi", path=str(Path(sys.executable).parent))
    if executable is None:
        raise SystemExit("monite-pulumi is not installed next to this Python")
    with running_sandbox() as sandbox, MoniteClient(sandbox_settings(sandbox)) as client:
        seed_world(sandbox, client)
        env = {k: v for k, v in os.environ.items() if not k.startswith("MONITE")}
        env.update(sandbox_env(sandbox))
        transcript: list[str] = []
        for args in COMMANDS:
            done = subprocess.run(
                [executable, *args], env=env, capture_output=True, text=True, check=False
            )
            transcript.append(f"$ monite-pulumi {' '.join(args)}\n")
            transcript.append(done.stdout)
            transcript.append(done.stderr)
            transcript.append(f"[exit {done.returncode}]\n\n")
    target.write_text("".join(transcript).rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
