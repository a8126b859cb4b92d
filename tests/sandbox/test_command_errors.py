"""`monite-sandbox` mistakes get one sentence and a non-zero exit, never a traceback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from monite_pulumi._version import __version__
from monite_pulumi.sandbox.__main__ import BAD_START_EXIT_CODE, main

USAGE_EXIT_CODE = 2  # argparse's


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    code = stopped.value.code
    assert isinstance(code, int)
    return code, err


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        yield taken.getsockname()[1]


def test_a_busy_port_suggests_another_or_port_0(
    busy_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _refused(["--port", str(busy_port), "--data", ":memory:"], capsys)
    assert code == BAD_START_EXIT_CODE == 1
    assert f"port {busy_port} on 127.0.0.1 is already in use" in err
    assert "--port 0" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--port", "99999"], "argument --port: 99999 is not a whole number from 0 to 65535"),
        (["--port", "eighty"], "argument --port: 'eighty' is not a whole number from 0 to 65535"),
        (["--rate-limit", "-5"], "argument --rate-limit: -5 is not a whole number >= 0"),
        (["--token-lifetime", "0"], "argument --token-lifetime: 0 is not a whole number >= 1"),
    ],
)
def test_out_of_range_numbers_are_usage_errors(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _refused(argv, capsys)
    assert code == USAGE_EXIT_CODE
    assert words in err


def test_a_data_file_in_a_missing_directory_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    code, err = _refused(["--data", str(missing / "sandbox.db")], capsys)
    assert code == USAGE_EXIT_CODE
    assert f"the directory {missing} does not exist" in err
    assert not missing.exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"monite-sandbox {__version__}"
