"""Every example runs as its README says, on a machine without the Pulumi CLI.

The blocks of each README marked `<!-- tested: ... -->` run as written, in one bash per story
(as a user pastes them into one terminal), on a copy of examples/ so their state and logs stay
out of the tree, with this virtualenv's bin on PATH where the README's install block puts the
example's own (that install, the wheel with the same extras, is what scripts/check_wheel.py
checks; here its requirements.txt is checked to name the extras the blocks' commands need).
Every failing command is reported through bash's ERR trap. The README's own clean-up stops its
sandbox: the test checks no process of the story is left, then ends the group in any case.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from monite_pulumi._commands import EXTRAS
from monite_pulumi._version import __version__
from tests.program.programs import EXAMPLES

MARK = "<!-- tested:"
FAILED = "README-COMMAND-FAILED: "
COMMAND_EXTRAS = {
    "monite-sandbox": "sandbox",
    "monite-local-engine": "engine",
    "monite-pulumi": "cli",
}
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


def readme_blocks(example: str) -> list[str]:
    """The fenced blocks right after a `<!-- tested: ... -->` line, in order."""
    lines = (EXAMPLES / example / "README.md").read_text(encoding="utf-8").splitlines()
    blocks = []
    for index, line in enumerate(lines):
        if line.startswith(MARK):
            assert lines[index + 1] == "```bash", (example, index)
            end = lines.index("```", index + 2)
            blocks.append("\n".join(lines[index + 2 : end]))
    assert blocks, f"examples/{example}/README.md has no tested block"
    return blocks


@dataclass(frozen=True)
class Story:
    code: int
    output: str
    failed: list[str]
    survivors: bool


def run_story(workdir: Path, steps: list[tuple[str, int]]) -> Story:
    """Run README blocks (example, index) in one bash, each from its example's folder."""
    shutil.copytree(EXAMPLES, workdir / "examples", ignore=shutil.ignore_patterns("venv", ".*"))
    script = [f"trap 'echo \"{FAILED}$BASH_COMMAND\"' ERR", "set -o pipefail"]
    for example, index in steps:
        script.append(f"cd {shlex.quote(str(workdir / 'examples' / example))}")
        script.append(readme_blocks(example)[index])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONITE_", "PULUMI_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{SYSTEM_PATH}"
    process = subprocess.Popen(
        ["bash", "-c", "\n".join(script)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=240)
        survivors = not _group_ends(process.pid, within=20.0)
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    failed = [line[len(FAILED) :] for line in output.splitlines() if line.startswith(FAILED)]
    return Story(process.returncode, output, failed, survivors)


def _group_ends(pgid: int, *, within: float) -> bool:
    """Whether every process of the group has exited (a stopped sandbox takes a moment)."""
    deadline = time.monotonic() + within
    while _group_alive(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize(
    "example", ["quickstart", "lookups", "many-tenants", "pipeline", "native-platform"]
)
def test_requirements_bring_what_the_readme_runs(example: str) -> None:
    requirements = (EXAMPLES / example / "requirements.txt").read_text(encoding="utf-8")
    (wheel,) = [line for line in requirements.splitlines() if line and not line.startswith("#")]
    assert f"monite_pulumi-{__version__}-py3-none-any.whl[" in wheel
    extras = set(wheel.split("[", 1)[1].rstrip("]").split(","))
    assert extras <= set(EXTRAS)
    commands = "\n".join(readme_blocks(example))
    needed = {extra for command, extra in COMMAND_EXTRAS.items() if command in commands}
    assert needed <= extras, f"{example}: {sorted(needed - extras)} missing"
    assert "pulumi " not in re.sub(r"#.*", "", commands), "a tested block needs the Pulumi CLI"


@pytest.mark.slow
def test_quickstart_then_lookups_then_clean_up(tmp_path: Path) -> None:
    story = run_story(
        tmp_path, [("quickstart", 0), ("quickstart", 1), ("lookups", 0), ("quickstart", 2)]
    )

    assert story.failed == [], story.output
    assert "+ 5 created" in story.output  # quickstart: stack, provider, entity, product, connection
    assert "owner@quickstart.example entity " in story.output  # lookups' script found it
    assert "+ 3 created" in story.output  # lookups: stack, provider, the support plan
    assert "- 3 deleted" in story.output  # lookups' destroy, the entity left alone
    assert "- 5 deleted" in story.output  # quickstart's destroy
    assert not story.survivors, "the README's clean-up left a process running"


@pytest.mark.slow
def test_many_tenants(tmp_path: Path) -> None:
    story = run_story(tmp_path, [("many-tenants", 0), ("many-tenants", 1)])

    assert story.failed == [], story.output
    assert "+ 284 created" in story.output
    assert not story.survivors, "the README's clean-up left a process running"


@pytest.mark.slow
def test_pipeline_shards_and_drift_check(tmp_path: Path) -> None:
    story = run_story(tmp_path, [("pipeline", 0), ("pipeline", 1)])

    assert [command.split()[:2] for command in story.failed] == [["python", "drift_check.py"]]
    assert "drift check: 2 of 2 stacks need attention" in story.output, story.output
    assert not story.survivors, "the README's clean-up left a process running"


@pytest.mark.slow
def test_native_platform(tmp_path: Path) -> None:
    """The native provider's plugin, found on PATH as the README's venv puts it there."""
    story = run_story(tmp_path, [("native-platform", 0)])

    assert story.failed == [], story.output
    assert "+ pulumi:providers:monite default created" in story.output  # the plugin's provider
    assert "+ 6 created" in story.output  # stack, provider, 2 entities, a product, a connection
    assert "    6 unchanged" in story.output  # preview --expect-no-changes
    assert "- 6 deleted" in story.output
    assert not story.survivors, "the README's clean-up left a process running"
