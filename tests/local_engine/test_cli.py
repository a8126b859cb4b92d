"""``monite-local-engine`` as a user meets it: version, clear errors, confirmation, outputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from monite_pulumi.local_engine import PULUMI_SOURCE_VERSION
from monite_pulumi.local_engine.cli import main
from monite_pulumi.local_engine.properties import make_secret
from monite_pulumi.local_engine.state import ResourceState, StackState, StateFile

ROOT = Path(__file__).resolve().parents[2]


def test_version_names_the_pulumi_source_it_follows(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    printed = capsys.readouterr().out
    assert printed.startswith("monite-local-engine ")
    assert PULUMI_SOURCE_VERSION in printed


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "monite_pulumi.local_engine", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "preview" in done.stdout
    assert "--version" in done.stdout


def test_without_a_passphrase_it_says_which_variable_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE", raising=False)
    assert main(["preview", "--cwd", str(ROOT)]) == 2
    assert "PULUMI_CONFIG_PASSPHRASE is not set" in capsys.readouterr().err


def test_up_without_yes_refuses_when_not_interactive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "p")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("")
    (tmp_path / "Pulumi.dev.yaml").write_text("config: {}\n")
    assert main(["up", "--cwd", str(tmp_path)]) == 1
    assert "--yes must be passed" in capsys.readouterr().err


def test_stack_output_hides_secrets_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "p")
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    StateFile(tmp_path / ".monite-local-engine", "dev", "p").save(
        StackState(
            [
                ResourceState(
                    urn="urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
                    type="pulumi:pulumi:Stack",
                    custom=False,
                    outputs={"acme": {"entity_id": "e-1", "url": make_secret("https://x")}},
                )
            ]
        )
    )
    assert main(["stack", "output", "acme", "--cwd", str(tmp_path)]) == 0
    assert '"url": "[secret]"' in capsys.readouterr().out
    assert main(["stack", "output", "acme", "--show-secrets", "--cwd", str(tmp_path)]) == 0
    assert '"url": "https://x"' in capsys.readouterr().out
    assert main(["stack", "output", "nope", "--cwd", str(tmp_path)]) == 1
    assert "does not have output property 'nope'" in capsys.readouterr().err
