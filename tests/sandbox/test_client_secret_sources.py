"""The sandbox's partner secret comes from the environment or a file, not argv (`ps` shows it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from monite_pulumi.sandbox.__main__ import parse_args
from monite_pulumi.sandbox.options import CLIENT_SECRET_ENV, DEFAULT_CLIENT_SECRET
from monite_pulumi.sandbox.testing import running_sandbox

SECRET = "a-partner-secret-for-this-test"


def test_the_secret_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CLIENT_SECRET_ENV, SECRET)
    assert parse_args([]).client_secret == SECRET


def test_the_default_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CLIENT_SECRET_ENV, raising=False)
    assert parse_args([]).client_secret == DEFAULT_CLIENT_SECRET


def test_the_secret_comes_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text(SECRET + "\n")
    assert parse_args(["--client-secret-file", str(path)]).client_secret == SECRET


@pytest.mark.parametrize("content", [None, "  \n"])
def test_a_missing_or_empty_file_is_a_usage_error(
    tmp_path: Path, content: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "secret"
    if content is not None:
        path.write_text(content)
    with pytest.raises(SystemExit) as stopped:
        parse_args(["--client-secret-file", str(path)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--client-secret-file: " in err
    assert str(path) in err


def test_the_old_flag_still_works_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_args(["--client-secret", SECRET]).client_secret == SECRET
    err = capsys.readouterr().err
    assert "--client-secret puts the secret on the command line" in err
    assert CLIENT_SECRET_ENV in err
    assert SECRET not in err


def test_a_given_secret_is_not_printed() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "monite_pulumi.sandbox", "--port", "0", "--data", ":memory:"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, CLIENT_SECRET_ENV: SECRET},
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    assert lines[0].startswith("monite-sandbox listening on http://127.0.0.1:")
    assert lines[2] == "partner client secret: the one given (not printed)\n"
    assert SECRET not in "".join(lines)


def test_a_running_sandbox_has_no_secret_on_its_command_line() -> None:
    with running_sandbox(client_secret=SECRET) as sandbox:
        argv = Path(f"/proc/{sandbox.process.pid}/cmdline").read_bytes().split(b"\0")
        assert SECRET.encode() not in argv
        assert sandbox.access_token()  # the secret reached it all the same
