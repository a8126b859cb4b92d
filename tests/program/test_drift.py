"""The drift job's judge, on a recorded `pulumi stack export` document."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from monite_pulumi._version import __version__
from monite_pulumi.platform.drift import connection_states, main, report

RECORDED = Path(__file__).parent / "data" / "stack-export.json"


@pytest.fixture
def export() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(RECORDED.read_text())
    return document


def _connection(export: dict[str, Any], tenant: str) -> dict[str, Any]:
    for resource in export["deployment"]["resources"]:
        if resource["urn"].endswith(f"AccountingConnection::{tenant}") and not resource.get(
            "delete"
        ):
            return dict(resource)
    raise AssertionError(tenant)


def test_reads_tenant_status_and_errors_of_live_connections(export: dict[str, Any]) -> None:
    states = {state.tenant: state for state in connection_states(export)}

    assert sorted(states) == ["acme", "bakery", "carpenter", "dentist", "estate"]
    assert states["acme"].status == "connected"
    assert states["bakery"].errors == ("access revoked by the user",)
    assert states["estate"].status == "connected", "the row pending deletion is ignored"


def test_fails_naming_revoked_and_pending_tenants(export: dict[str, Any]) -> None:
    out = io.StringIO()

    code = report(connection_states(export), out)

    text = out.getvalue()
    assert code == 1
    first = text.splitlines()[0]
    assert first.endswith("need attention: bakery, carpenter, dentist")
    assert "bakery: deauthorized" in text
    assert "carpenter: pending_auth" in text
    assert "dentist: disconnected" in text
    assert "acme:" not in text
    assert "estate:" not in text


def test_never_prints_a_connection_url(export: dict[str, Any]) -> None:
    out = io.StringIO()

    report(connection_states(export), out)

    assert "SECRET-TOKEN" not in out.getvalue()
    assert "https://" not in out.getvalue()
    assert "<url hidden>" in out.getvalue()


def test_sync_timestamps_alone_are_not_drift(export: dict[str, Any]) -> None:
    healthy = copy.deepcopy(export)
    resources = [
        r
        for r in healthy["deployment"]["resources"]
        if r["urn"].rsplit("::", 1)[-1] in {"acme", "estate"}
    ]
    for resource in resources:
        outputs = resource.get("outputs", {})
        if "status" in outputs:
            outputs["last_pull"] = "2030-01-01T00:00:00+00:00"
            outputs["updated_at"] = "2030-01-01T00:00:00+00:00"
    healthy["deployment"]["resources"] = resources
    out = io.StringIO()

    assert report(connection_states(healthy), out) == 0
    assert out.getvalue().strip() == "drift check: all 2 accounting connections are connected"


def test_connected_with_errors_needs_attention(export: dict[str, Any]) -> None:
    resource = _connection(export, "acme")
    resource["outputs"] = {**resource["outputs"], "errors": [{"message": "token expired"}]}
    export["deployment"]["resources"] = [resource]
    out = io.StringIO()

    assert report(connection_states(export), out) == 1
    assert "acme: connected (connected, but Monite reports errors); errors: token expired" in (
        out.getvalue()
    )


def test_an_encrypted_status_counts_as_unknown(export: dict[str, Any]) -> None:
    resource = _connection(export, "acme")
    resource["outputs"] = {
        "status": {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}
    }
    export["deployment"]["resources"] = [resource]
    out = io.StringIO()

    assert report(connection_states(export), out) == 1
    assert "acme: unknown" in out.getvalue()


def test_rejects_a_document_that_is_not_an_export() -> None:
    with pytest.raises(ValueError, match="deployment"):
        connection_states({"acme": {}})


def test_main_reads_a_file_and_exits_with_the_verdict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main([str(RECORDED)]) == 1
    assert "bakery, carpenter, dentist" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert main([str(broken)]) == 2
    assert "cannot read the stack export" in capsys.readouterr().err


def test_runs_as_a_module_on_standard_input() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "monite_pulumi.platform.drift", "-"],
        input=RECORDED.read_text(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 1
    assert "bakery, carpenter, dentist" in done.stdout
    assert "SECRET-TOKEN" not in done.stdout + done.stderr


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    printed = capsys.readouterr().out.strip()
    assert printed == f"python -m monite_pulumi.platform.drift {__version__}"
