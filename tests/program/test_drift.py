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
from monite_pulumi.platform.drift import connection_states, main, report, stack_name

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


def _as_stack(export: dict[str, Any], stack: str, tenants: set[str] | None = None) -> str:
    """The export as another stack's (URNs renamed), keeping only `tenants` if given."""
    document = copy.deepcopy(export)
    if tenants is not None:
        document["deployment"]["resources"] = [
            resource for resource in document["deployment"]["resources"]
            if resource["urn"].rsplit("::", 1)[-1] in tenants
        ]  # fmt: skip
    return json.dumps(document).replace("urn:pulumi:staging::", f"urn:pulumi:{stack}::")


def test_several_exports_are_judged_per_stack(
    export: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    healthy, drifted = tmp_path / "a.json", tmp_path / "b.json"
    healthy.write_text(_as_stack(export, "shard-0-of-2", {"acme", "estate"}))
    drifted.write_text(_as_stack(export, "shard-1-of-2"))

    assert main([str(healthy), str(drifted)]) == 1

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "stack shard-0-of-2: all 2 accounting connections are connected"
    assert lines[1] == (
        "stack shard-1-of-2: 3 of 5 accounting connections need attention: "
        "bakery, carpenter, dentist"
    )
    assert lines[2].startswith("  bakery: deauthorized")
    assert lines[-1] == "drift check: 1 of 2 stacks need attention: shard-1-of-2"


def test_several_healthy_exports_pass(
    export: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for index in range(3):
        path = tmp_path / f"{index}.json"
        path.write_text(_as_stack(export, f"shard-{index}-of-3", {"acme"}))
        files.append(str(path))

    assert main(files) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "drift check: all 3 stacks are healthy"


def test_an_unreadable_export_among_several_fails_but_the_others_are_reported(
    export: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, broken = tmp_path / "good.json", tmp_path / "broken.json"
    good.write_text(_as_stack(export, "shard-0-of-2", {"acme"}))
    broken.write_text("{not json")

    assert main([str(good), str(broken)]) == 2

    captured = capsys.readouterr()
    assert "stack shard-0-of-2: all 1 accounting connections are connected" in captured.out
    assert f"cannot read the stack export {broken}" in captured.err


def test_the_stack_is_named_from_the_urns_or_else_the_file(
    export: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stack_name(export) == "staging"
    empty = tmp_path / "nightly-shard.json"
    empty.write_text(json.dumps({"deployment": {"resources": []}}))
    named = tmp_path / "named.json"
    named.write_text(json.dumps(export))

    main([str(empty), str(named)])

    out = capsys.readouterr().out
    assert "stack nightly-shard: all 0 accounting connections are connected" in out
    assert "stack staging: 3 of 5" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    printed = capsys.readouterr().out.strip()
    assert printed == f"python -m monite_pulumi.platform.drift {__version__}"


def test_a_connection_pending_replacement_is_reported(export: dict[str, Any]) -> None:
    """A delete-before-replace whose create failed leaves only the old entry, marked
    `pendingReplacement`: the old connection is disconnected and no new one exists."""
    acme = _connection(export, "acme")
    acme["pendingReplacement"] = True
    export["deployment"]["resources"] = [acme]
    out = io.StringIO()

    states = connection_states(export)
    assert [state.tenant for state in states] == ["acme"]
    assert report(states, out) == 1
    text = out.getvalue()
    assert text.splitlines()[0].endswith("1 of 1 accounting connections need attention: acme")
    assert "acme: pending replacement: last create failed" in text
    assert "`pulumi up`" in text
    assert "https://" not in text


def test_a_pending_replacement_beside_its_live_replacement_is_not_reported_twice(
    export: dict[str, Any],
) -> None:
    estate = _connection(export, "estate")
    old = {**estate, "id": "c0000000-0000-4000-8000-0000000000ef", "pendingReplacement": True}
    old["outputs"] = {**estate["outputs"], "status": "deauthorized"}
    export["deployment"]["resources"] = [old, estate]
    out = io.StringIO()

    assert report(connection_states(export), out) == 0
    assert out.getvalue().strip() == "drift check: all 1 accounting connections are connected"
