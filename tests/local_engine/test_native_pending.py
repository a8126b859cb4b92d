"""Native provider calls are journaled like the dynamic ones (journal.py), and a plugin does not
outlive an engine killed mid-call (children.py ``spawn``: ``child.py --exec``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.local_engine.native_project import NativeProject

URN = "urn:pulumi:dev::nativetest::fakenat:index:Thing::a"
DEADLINE_S = 60


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _until(condition: Callable[[], bool], what: str) -> None:
    """Poll ``condition()`` (a file another process writes) until true or the deadline."""
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_create_in_flight_is_pending_and_the_plugin_ends_with_the_engine(
    tmp_path: Path,
) -> None:
    project = NativeProject(tmp_path)
    project.env["FAKENAT_GATHER"] = "2"  # the one Create waits for a second that never comes
    project.write_config(things=[{"name": "a", "label": "alpha", "region": "eu"}])
    command = [sys.executable, "-m", "monite_pulumi.local_engine", "up", "--yes"]
    engine = subprocess.Popen(
        [*command, "--cwd", str(tmp_path), "--stack", "dev"],
        env=project.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _until(lambda: any(c["method"] == "Create" for c in project.calls()), "the Create")
        state = json.loads((tmp_path / ".monite-local-engine" / "dev.json").read_text())
        pending = state["deployment"]["pending_operations"]
        assert [(op["type"], op["resource"]["urn"]) for op in pending] == [("creating", URN)]
        plugin = next(c["pid"] for c in project.calls() if c["method"] == "Create")
        engine.send_signal(signal.SIGKILL)
        engine.wait(timeout=DEADLINE_S)
        _until(lambda: not _alive(plugin), "the plugin to end")
    finally:
        if engine.poll() is None:
            engine.kill()
            engine.wait()
    assert project.run("cancel").returncode == 0  # the killed run's lock, as with the CLI
    del project.env["FAKENAT_GATHER"]
    after = project.run("up", "--yes")
    assert "pending" in after.stderr
    assert URN in after.stderr
