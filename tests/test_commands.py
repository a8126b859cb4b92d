"""The console scripts without their extra: one sentence naming the extra, exit 3; --version."""

from __future__ import annotations

import subprocess
import sys

import pytest

from monite_pulumi._commands import EXTRAS, MISSING_EXTRA_EXIT_CODE
from monite_pulumi._version import __version__

# Runs an entry point in a fresh interpreter where the extra's modules cannot be imported
# (`sys.modules[name] = None` makes both `import name` and `find_spec(name)` fail).
_PROBE = """
import sys
for name in {blocked!r}:
    sys.modules[name] = None
sys.argv = ["{command}", *{args!r}]
from monite_pulumi._commands import {entry}
{entry}()
"""
COMMANDS = [
    ("monite-pulumi", "operator", "cli"),
    ("monite-sandbox", "sandbox", "sandbox"),
    ("monite-local-engine", "local_engine", "engine"),
]


def _run(
    command: str, entry: str, blocked: tuple[str, ...], *args: str
) -> subprocess.CompletedProcess[str]:
    probe = _PROBE.format(blocked=blocked, command=command, args=list(args), entry=entry)
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=120
    )


@pytest.mark.parametrize(("command", "entry", "extra"), COMMANDS)
def test_a_missing_extra_names_it_instead_of_a_traceback(
    command: str, entry: str, extra: str
) -> None:
    result = _run(command, entry, EXTRAS[extra], "--help")
    assert result.returncode == MISSING_EXTRA_EXIT_CODE
    assert "Traceback" not in result.stderr
    assert "ModuleNotFoundError" not in result.stderr
    assert f"{command}: needs the '{extra}' extra" in result.stderr
    assert f"[{extra}]" in result.stderr


@pytest.mark.parametrize(("command", "entry", "extra"), COMMANDS)
def test_version_works_with_or_without_the_extra(command: str, entry: str, extra: str) -> None:
    for blocked in (EXTRAS[extra], ()):
        result = _run(command, entry, blocked, "--version")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"{command} {__version__}"
