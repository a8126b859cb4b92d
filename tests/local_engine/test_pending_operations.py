"""Pending operations (pkg/backend/snapshot.go, journal.go; refresh.go's pending-create flags)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import pytest

from monite_pulumi.local_engine.deletes import DeleteRunner
from monite_pulumi.local_engine.deployment import Deployment, StepError
from monite_pulumi.local_engine.journal import pending_operations_warning
from monite_pulumi.local_engine.operations import Session, destroy, refresh
from monite_pulumi.local_engine.progress import Progress
from monite_pulumi.local_engine.project import load_project
from monite_pulumi.local_engine.provider import DiffResult, ProviderClient
from monite_pulumi.local_engine.state import PendingOperation, StackState
from tests.local_engine.fake_provider import FakeProvider
from tests.local_engine.test_rules import TYPE, old, reg, urn


class Watching(FakeProvider):
    """Records, at each mutating call, the pending operations of the last persisted state."""

    def __init__(self, saved: list[StackState]) -> None:
        super().__init__()
        self.saved = saved
        self.seen: list[list[tuple[str, str]]] = []

    def _seen(self) -> None:
        last = self.saved[-1] if self.saved else StackState()
        self.seen.append([(op.type, op.resource.name) for op in last.pending_operations])

    def create(self, urn: str, news: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        self._seen()
        return super().create(urn, news)

    def update(self, urn: str, id_: str, *args: Any) -> dict[str, Any]:
        self._seen()
        return super().update(urn, id_, *args)

    def delete(self, urn: str, id_: str, *args: Any) -> None:
        self._seen()
        super().delete(urn, id_, *args)


def deployment(*resources: Any, previous: list[PendingOperation] | None = None) -> Any:
    saved: list[StackState] = []
    provider = Watching(saved)
    run = Deployment(
        project="proj",
        stack="dev",
        old=StackState(list(resources), previous or []),
        provider=lambda: cast(ProviderClient, provider),
        dry_run=False,
        persist=saved.append,
        progress=Progress(dry_run=False, as_json=False, out=io.StringIO()),
    )
    return run, provider, saved


def test_each_mutating_call_is_pending_in_the_state_before_it_starts_and_cleared_after() -> None:
    run, provider, saved = deployment(old("changed"), old("gone"))
    provider.diffs["changed"] = DiffResult(changes=True)
    run.register(reg("new"))
    run.register(reg("changed"))
    DeleteRunner(
        provider=lambda: cast(ProviderClient, provider),
        dry_run=False,
        on_step=run.progress.step,
        on_error=run.progress.error,
        forget=run.forget,
        journal=run.journal,
    ).run(run.unregistered())
    assert provider.seen == [
        [("creating", "new")],
        [("updating", "changed")],
        [("deleting", "gone")],
    ]
    assert saved[-1].pending_operations == []
    assert [r.name for r in saved[-1].resources] == ["default", "new", "changed"]


def test_a_failed_create_clears_its_pending_operation_and_records_nothing() -> None:
    run, provider, saved = deployment()
    provider.failing.add(("Create", "bad"))
    with pytest.raises(StepError):
        run.register(reg("bad"))
    assert saved[-1].pending_operations == []
    assert [r.name for r in saved[-1].resources] == ["default"]  # the provider only


def test_pending_creates_of_the_previous_run_are_kept_the_others_dropped() -> None:
    interrupted = [
        PendingOperation(old("made", id=""), "creating"),
        PendingOperation(old("changed"), "updating"),
    ]
    run, _, saved = deployment(previous=interrupted)
    run.register(reg("other"))
    assert [(op.type, op.resource.name) for op in saved[-1].pending_operations] == [
        ("creating", "made")
    ]


def test_the_warning_is_the_engines_and_names_each_operation() -> None:
    text = pending_operations_warning(
        [PendingOperation(old("a"), "creating"), PendingOperation(old("b"), "updating")],
        "monite-local-engine",
    )
    assert text.startswith(
        "Attempting to deploy or update resources with 2 pending operations from previous "
        "deployment.\n"
    )
    assert f"  * {urn('a')}, interrupted while creating\n" in text
    assert "--import-pending-creates URN ID" in text
    assert "--clear-pending-creates" in text


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Session, FakeProvider]:
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "p")
    (tmp_path / "Pulumi.yaml").write_text("name: proj\nruntime: python\n")
    started = Session(load_project(tmp_path), "dev")
    fake = FakeProvider()
    monkeypatch.setattr(started, "provider", lambda: cast(ProviderClient, fake))
    return started, fake


def quiet() -> Progress:
    return Progress(dry_run=False, as_json=False, out=io.StringIO())


def test_refresh_imports_a_pending_create_by_id_and_clears_the_rest(
    session: tuple[Session, FakeProvider], capsys: pytest.CaptureFixture[str]
) -> None:
    current, fake = session
    current.state_file.save(
        StackState(
            [old("kept")],
            [
                PendingOperation(old("made", id=""), "creating"),
                PendingOperation(old("lost", id=""), "creating"),
                PendingOperation(old("kept"), "updating"),
            ],
        )
    )
    outcome = refresh(
        current,
        quiet(),
        import_pending_creates=[(urn("made"), "obj-7"), (urn("nope"), "x")],
        clear_pending_creates=True,
    )
    assert outcome.ok
    state = current.state_file.load()
    assert {r.name: r.id for r in state.resources} == {"kept": "old-kept", "made": "obj-7"}
    assert state.pending_operations == []
    assert ("Read", urn("made")) in [(m, u) for m, u, _ in fake.calls]
    assert f'"{urn("nope")}" did not correspond to a pending create' in capsys.readouterr().err


def test_refresh_without_the_flags_keeps_pending_creates(
    session: tuple[Session, FakeProvider],
) -> None:
    current, _ = session
    current.state_file.save(StackState([], [PendingOperation(old("made", id=""), "creating")]))
    assert refresh(current, quiet()).ok
    assert [op.resource.name for op in current.state_file.load().pending_operations] == ["made"]


def test_destroy_records_each_delete_as_pending_while_it_runs(
    session: tuple[Session, FakeProvider], capsys: pytest.CaptureFixture[str]
) -> None:
    current, fake = session
    seen: list[list[str]] = []
    original = fake.delete

    def delete(urn_: str, id_: str, *args: Any) -> None:
        state = current.state_file.load()
        seen.append([f"{op.type} {op.resource.name}" for op in state.pending_operations])
        original(urn_, id_, *args)

    fake.delete = delete  # type: ignore[method-assign,assignment]
    made = PendingOperation(old("made", id=""), "creating")
    current.state_file.save(StackState([old("a")], [made]))
    assert destroy(current, quiet()).ok
    assert seen == [["deleting a", "creating made"]]
    assert current.state_file.load() == StackState([], [made])  # for a refresh to resolve
    assert "with 1 pending operations from previous deployment" in capsys.readouterr().err
    assert TYPE in urn("a")


def test_a_write_just_after_a_create_ends_still_records_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """snapshot.go: the mutation's ``End`` clears the operation and records the new state in one
    step. A write by another step landing between the two would hold neither: a kill -9 then
    would forget the object the create made."""
    run, _, saved = deployment()
    end = run.journal.end

    def end_then_another_step_writes(operation: PendingOperation) -> None:
        end(operation)
        run.persist()  # what a parallel step's begin() or record would do at this moment

    monkeypatch.setattr(run.journal, "end", end_then_another_step_writes)
    run.register(reg("new"))
    after_end = saved[-2]
    pending = [op.resource.name for op in after_end.pending_operations]
    recorded = [r.name for r in after_end.resources if r.id]
    assert "new" in pending or "new" in recorded


def test_a_second_ctrl_c_stops_state_writes_before_it_kills_the_providers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A create cut short by the kill fails in its thread, and that failure path writes the
    state without its pending operation: the object it may have made would then be unknown
    to the next run (a duplicate). Writes stop first; the pending create stays on disk."""
    import os
    import signal
    import threading

    from monite_pulumi.local_engine import interrupts as interrupts_module
    from monite_pulumi.local_engine.journal import Journal
    from monite_pulumi.local_engine.state import StateFile

    state_file = StateFile(tmp_path, "dev", "p")
    journal = Journal((), lambda: state_file.save(StackState([], journal.operations())))
    in_flight = journal.begin(old("made", id=""), "creating")
    assert [op.type for op in state_file.load().pending_operations] == ["creating"]

    class ExitedError(Exception):
        pass

    def exit_(code: int) -> None:
        raise ExitedError

    def kill_all() -> None:  # the provider dies: the call in flight fails and is recorded
        journal.end(in_flight)
        journal.persist()

    monkeypatch.setattr(interrupts_module, "_silence", lambda: None)
    monkeypatch.setattr(interrupts_module, "kill_all", kill_all)
    monkeypatch.setattr(os, "_exit", exit_)

    def ctrl_c_twice() -> None:
        with interrupts_module.interrupts(threading.Event(), freeze=state_file.freeze):
            signal.raise_signal(signal.SIGINT)
            signal.raise_signal(signal.SIGINT)

    with pytest.raises(ExitedError):
        ctrl_c_twice()
    assert [op.type for op in state_file.load().pending_operations] == ["creating"]
