"""One run per stack (pkg/backend/diy/lock.go) and stack names (backend.go ValidateStackName)."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from monite_pulumi.local_engine.cli import main
from monite_pulumi.local_engine.lock import StackLock, StackLockedError
from monite_pulumi.local_engine.stack_name import StackNameError, parse_stack_name


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project ``p`` with an empty program and no stack yet."""
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "p")
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("")
    return tmp_path


def test_a_second_lock_is_refused_naming_the_holder_and_the_command(tmp_path: Path) -> None:
    first = StackLock(tmp_path / "dev.lock.json", "monite-local-engine cancel --stack dev")
    second = StackLock(tmp_path / "dev.lock.json", "monite-local-engine cancel --stack dev")
    with first:
        with pytest.raises(StackLockedError) as refused:
            second.acquire()
        message = str(refused.value)
        assert message.startswith("the stack is currently locked by 1 lock(s).")
        assert "`monite-local-engine cancel --stack dev`" in message
        assert f"@{socket.gethostname()} (pid {os.getpid()}) at " in message
        assert "stale" not in message
    second.acquire()  # released by the first
    second.release()
    assert not (tmp_path / "dev.lock.json").exists()


def test_a_lock_whose_process_is_gone_is_named_stale(tmp_path: Path) -> None:
    path = tmp_path / "dev.lock.json"
    dead = 2**22 + 12345  # above pid_max's default: no such process
    path.write_text(json.dumps({"pid": dead, "username": "u", "hostname": socket.gethostname()}))
    with pytest.raises(StackLockedError, match="no longer running: the lock is stale"):
        StackLock(path, "monite-local-engine cancel").acquire()
    assert path.exists()  # never removed silently


def test_cancel_removes_the_lock(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tmp_path = project
    (tmp_path / "Pulumi.dev.yaml").write_text("config: {}\n")
    lock = tmp_path / ".monite-local-engine" / "dev.lock.json"
    lock.parent.mkdir()
    lock.write_text("{}")
    assert main(["up", "--yes", "--cwd", str(tmp_path)]) == 2
    assert "the stack is currently locked by 1 lock(s)" in capsys.readouterr().err
    assert main(["cancel", "--cwd", str(tmp_path)]) == 0
    assert not lock.exists()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../x", "organization name must be 'organization'"),
        ("a b", "invalid character ' ' at position 1"),
        ("", "must not be empty"),
        ("..", "names a directory"),
        ("organization/other/dev", "the project here is 'p'"),
        ("x" * 101, "cannot exceed 100 characters"),
    ],
)
def test_bad_stack_names_exit_2_with_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], name: str, problem: str
) -> None:
    assert main(["up", "--yes", "--stack", name, "--cwd", str(project)]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert problem in captured.err
    assert not list(project.parent.glob("*.json"))  # nothing written outside


def test_qualified_names_of_this_project_are_accepted() -> None:
    assert parse_stack_name("dev", "p") == "dev"
    assert parse_stack_name("organization/dev", "p") == "dev"
    assert parse_stack_name("organization/p/shard-0_of.4", "p") == "shard-0_of.4"
    with pytest.raises(StackNameError):
        parse_stack_name("a/b/c/d", "p")


def test_a_stack_without_settings_or_state_is_refused_unless_created(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_path = project
    assert main(["preview", "--stack", "prod", "--cwd", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no stack named 'prod' found" in err
    assert "stack init --stack prod" in err
    assert "--create-stack" in err
    assert main(["stack", "init", "--stack", "prod", "--cwd", str(tmp_path)]) == 0
    assert (tmp_path / "Pulumi.prod.yaml").read_text() == "config: {}\n"
    assert main(["stack", "output", "--stack", "prod", "--cwd", str(tmp_path)]) == 0


def test_create_stack_makes_the_settings_file_first(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_path = project
    args = ["preview", "--stack", "prod", "--cwd", str(tmp_path)]
    assert main([*args, "--create-stack"]) == 0
    assert (tmp_path / "Pulumi.prod.yaml").read_text() == "config: {}\n"
    assert "Created stack 'prod'" in capsys.readouterr().err


def test_the_lock_message_names_the_state_dir_it_was_given(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_path = project
    (tmp_path / "Pulumi.dev.yaml").write_text("config: {}\n")
    states = tmp_path / "states"
    states.mkdir()
    (states / "dev.lock.json").write_text("{}")
    assert main(["destroy", "--yes", "--cwd", str(tmp_path), "--state-dir", str(states)]) == 2
    assert f"cancel --stack dev --cwd {tmp_path} --state-dir {states}`" in capsys.readouterr().err


def test_a_preview_stopped_at_once_leaves_the_lock_of_a_running_update(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview takes no lock (backend.go), so its hard exit (the second Ctrl-C) must not
    delete the lock of the update running on the stack: a third run could then start."""
    from contextlib import contextmanager

    import monite_pulumi.local_engine.cli as cli

    @contextmanager
    def second_ctrl_c_at_once(cancelled: object, on_hard_exit: Any = lambda: None, **_: Any) -> Any:
        on_hard_exit()  # what the handler does just before os._exit
        yield

    monkeypatch.setattr(cli, "interrupts", second_ctrl_c_at_once)
    (project / "Pulumi.dev.yaml").write_text("config: {}\n")
    lock = project / ".monite-local-engine" / "dev.lock.json"
    lock.parent.mkdir()
    lock.write_text("{}")  # the running update's
    main(["preview", "--cwd", str(project)])
    assert lock.exists()
