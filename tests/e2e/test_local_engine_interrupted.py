"""Runs a platform team can trust: doubled, killed and interrupted runs of the platform program.

Each story slows Monite's entity creates down (the sandbox's fault rules, 2 s), so the run is
caught with creates in flight, on a sandbox of its own (requests a killed run left in flight end
with that sandbox, never in another test's), then checks what issue 31 asks: one run per stack
at a time; after ``kill -9`` no process of the run is left, the state names the interrupted
creates and the objects they made are found and imported (0 duplicates, 0 orphans); after
Ctrl-C the run ends with 130 and one line, and what completed is in the state.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox
from tests.e2e.local_engine_run import LocalProject
from tests.harness.sandbox_views import add_fault, sandbox_objects, sandbox_requests

pytestmark = pytest.mark.slow

LATENCY_MS = 2000
ENTITIES = 4
DECLARED = {"entities": 4, "products": 4, "accounting_connections": 3}
GONE = ("deleted", "disconnected")
"""Not live any more; an entity made inactive by a create cut short still counts."""


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox() as running:
        yield running


@pytest.fixture
def project(tmp_path: Path, sandbox: RunningSandbox) -> LocalProject:
    return LocalProject(tmp_path / "project", sandbox)


def slow_entity_creates(sandbox: RunningSandbox, **fault: Any) -> str:
    """A fault rule on entity creates (2 s of latency unless told otherwise); its id."""
    rule = {"latency_ms": LATENCY_MS, **fault}
    return add_fault(sandbox, method="POST", path=r"^/entities$", **rule)


def start(
    project: LocalProject, *args: str, stderr: Any = subprocess.PIPE
) -> subprocess.Popen[str]:
    """The engine as a terminal runs it: its own process group (a Ctrl-C reaches the group)."""
    return subprocess.Popen(
        project.command(*args),
        env=project.env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        start_new_session=True,
    )


def pending_creates(project: LocalProject) -> list[dict[str, Any]]:
    try:
        document = json.loads(project.state_file.read_text())
    except (OSError, ValueError):
        return []
    operations: list[dict[str, Any]] = document["deployment"].get("pending_operations", [])
    return [op for op in operations if op["type"] == "creating"]


def wait_until(condition: Any, what: str, run: subprocess.Popen[str] | None = None) -> None:
    """Poll ``condition`` (on the state file or the sandbox), failing if ``run`` ends first."""
    deadline = time.monotonic() + 60
    while not condition():
        if run is not None and run.poll() is not None:
            _, err = run.communicate()
            pytest.fail(f"the run ended (exit {run.returncode}) before {what}: {err}")
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def creates_in_flight(
    project: LocalProject, run: subprocess.Popen[str], sandbox: RunningSandbox, rule: str
) -> None:
    """The state lists the 4 creates as pending and the sandbox has received all 4."""
    wait_until(lambda: len(pending_creates(project)) == ENTITIES, "4 pending creates", run)

    def hits() -> int:
        rules = sandbox.control.get("/_sandbox/faults").json()
        return int(next(r["hits"] for r in rules if r["id"] == rule))

    wait_until(lambda: hits() == ENTITIES, "4 creates reached the sandbox", run)


def live(sandbox: RunningSandbox) -> dict[str, list[str]]:
    objects = sandbox_objects(sandbox)
    return {
        kind: [o["id"] for o in objects.get(kind, []) if o.get("status") not in GONE]
        for kind in DECLARED
    }


def assert_exactly_the_declared_objects(project: LocalProject, sandbox: RunningSandbox) -> None:
    """0 duplicates (as many objects as declared) and 0 orphans (each one in the state)."""
    objects = live(sandbox)
    assert {kind: len(ids) for kind, ids in objects.items()} == DECLARED
    in_state = (
        project.state_ids("Entity")
        | project.state_ids("Product")
        | project.state_ids("AccountingConnection")
    )
    assert {i for ids in objects.values() for i in ids} == in_state


def test_two_ups_at_once_one_runs_the_other_is_refused_naming_the_lock(
    project: LocalProject, sandbox: RunningSandbox
) -> None:
    slow_entity_creates(sandbox)
    runs = [start(project, "up", "--yes") for _ in range(2)]
    results = [(run.wait(timeout=240), *run.communicate()) for run in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results
    refused = next(err for code, _, err in results if code == 2)
    assert "the stack is currently locked by 1 lock(s)" in refused
    assert "monite-local-engine cancel --stack dev" in refused
    assert not (project.state_file.parent / "dev.lock.json").exists()  # released at the end
    assert_exactly_the_declared_objects(project, sandbox)


def monite_pulumi(project: LocalProject, *args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from monite_pulumi._commands import operator; sys.argv[0] = 'x'; operator()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=project.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def late_requests(sandbox: RunningSandbox, wait: float = 0) -> dict[str, int]:
    response = sandbox.control.get("/_sandbox/late_requests", params={"wait": wait})
    response.raise_for_status()
    counts: dict[str, int] = response.json()
    return counts


@pytest.mark.parametrize("model", ["lost", "late"])
def test_kill_9_during_creates_leaves_no_process_and_pending_creates_resolved_once(
    project: LocalProject, sandbox: RunningSandbox, model: str
) -> None:
    """Two models of the creates cut short: ``lost`` (2 s of latency, then a gateway's 503:
    the requests in flight never land) and ``late`` (a gateway drops each request at once and
    Monite commits it 2 s later, after the engine is gone: objects no state knows)."""
    if model == "lost":
        rule = slow_entity_creates(sandbox, status=503, count=ENTITIES)
    else:
        rule = slow_entity_creates(
            sandbox, latency_ms=0, process_late_ms=LATENCY_MS, count=ENTITIES
        )
    run = start(project, "up", "--yes")
    creates_in_flight(project, run, sandbox, rule)
    if model == "late":
        wait_until(lambda: late_requests(sandbox)["pending"] == ENTITIES, "4 late creates", run)
    family = psutil.Process(run.pid).children(recursive=True)
    assert len(family) >= 2  # the program and the provider server
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    run.communicate()
    _, alive = psutil.wait_procs(family, timeout=30)
    assert alive == []  # no process of the run outlives it

    pending = sorted(op["resource"]["urn"] for op in pending_creates(project))
    assert len(pending) == ENTITIES  # the state names the interrupted creates
    assert project.state_ids("Entity") == set()
    if model == "late":
        assert late_requests(sandbox, wait=30) == {"pending": 0, "processed": 4, "discarded": 0}
        assert len(live(sandbox)["entities"]) == ENTITIES

    # The killed run's lock is named stale, with the command that removes it.
    locked = project.up()
    assert locked.code == 2
    assert "the lock is stale" in locked.stderr
    assert project.run("cancel").code == 0

    # The next up names the pending creates (the engine's warning) and sends nothing (it does
    # not even get a token; the killed run's requests may still be answered meanwhile).
    tokens = sandbox_requests(sandbox)["by_endpoint"].get("POST /auth/token")
    refused = project.up()
    assert refused.code == 1
    assert "Attempting to deploy or update resources with 4 pending operations" in refused.stderr
    for urn in pending:
        assert f"  * {urn}, interrupted while creating" in refused.stderr
    assert sandbox_requests(sandbox)["by_endpoint"].get("POST /auth/token") == tokens

    # monite-pulumi finds the object each create made (none when they were lost); refresh
    # imports those and clears the rest.
    found = monite_pulumi(project, "duplicates", "--pending-creates", str(project.state_file))
    assert found.returncode == 1, found.stderr  # pending creates to resolve
    pairs = [line.split() for line in found.stdout.splitlines() if not line.startswith("#")]
    assert {id_ for _, id_ in pairs} == set(live(sandbox)["entities"])
    assert sorted(urn for urn, _ in pairs) == (pending if model == "late" else [])
    imports = [arg for pair in pairs for arg in ("--import-pending-creates", *pair)]
    refreshed = project.run("refresh", "--yes", *imports, "--clear-pending-creates")
    assert refreshed.code == 0, refreshed.stderr
    assert pending_creates(project) == []

    up = project.up()
    assert up.code == 0, up.stderr
    assert "pending operations" not in up.stderr
    assert_exactly_the_declared_objects(project, sandbox)


def test_ctrl_c_during_creates_finishes_them_records_them_and_exits_130_in_one_line(
    project: LocalProject, sandbox: RunningSandbox
) -> None:
    rule = slow_entity_creates(sandbox)
    run = start(project, "up", "--yes")
    creates_in_flight(project, run, sandbox, rule)
    os.killpg(run.pid, signal.SIGINT)  # what a terminal sends: to the whole foreground group
    code = run.wait(timeout=60)
    _, err = run.communicate()
    assert code == 130, err
    assert "Traceback" not in err
    assert "grpc" not in err.lower()
    assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1, err
    assert pending_creates(project) == []
    made = set(live(sandbox)["entities"])
    assert len(made) == ENTITIES
    assert project.state_ids("Entity") == made  # every create that completed is in the state

    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    up = project.up()
    assert up.code == 0, up.stderr
    assert "POST /entities" not in sandbox_requests(sandbox)["by_endpoint"]  # nothing again
    assert_exactly_the_declared_objects(project, sandbox)


def test_a_second_ctrl_c_ends_at_once_leaving_the_creates_pending(
    project: LocalProject, sandbox: RunningSandbox
) -> None:
    rule = slow_entity_creates(sandbox)
    log = project.directory.parent / "stderr.txt"
    with log.open("w") as stderr:
        run = start(project, "up", "--yes", stderr=stderr)
    creates_in_flight(project, run, sandbox, rule)
    family = psutil.Process(run.pid).children(recursive=True)
    os.killpg(run.pid, signal.SIGINT)
    wait_until(lambda: "interrupted: no new step starts" in log.read_text(), "the 1st", run)
    os.killpg(run.pid, signal.SIGINT)
    code = run.wait(timeout=30)
    run.communicate()
    err = log.read_text()
    assert code == 130, err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        "error: stopped at once; the calls in flight are pending operations in the state"
    ]
    _, alive = psutil.wait_procs(family, timeout=30)
    assert alive == []
    assert len(pending_creates(project)) == ENTITIES
    assert not (project.state_file.parent / "dev.lock.json").exists()
