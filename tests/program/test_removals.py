"""The removals gate: a preview's deletes named by tenant; exit 1 unless each is allowed."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from monite_pulumi.platform.removals import main, removals, report

DYNAMIC = "urn:pulumi:prod::monite-platform::pulumi-python:dynamic/monite:{kind}::{name}"
NATIVE = "urn:pulumi:prod::platform::monite:index:{kind}::{name}"


def step(op: str, kind: str, name: str, form: str = DYNAMIC) -> dict[str, Any]:
    return {"op": op, "urn": form.format(kind=kind, name=name)}


PREVIEW = {
    "steps": [
        step("delete", "AccountingConnection", "acme"),
        step("delete", "Product", "acme-widget"),
        step("delete", "Entity", "acme"),
        step("delete", "AccountingConnection", "northwind"),  # accounting turned off: stays
        step("same", "Entity", "northwind"),
        step("create", "Entity", "newco"),
        step("replace", "Entity", "jane"),  # a replacement is not a removal
        step("delete", "Entity", "bakery", NATIVE),
    ],
    "changeSummary": {"delete": 5, "same": 1, "create": 1, "replace": 1},
}


def test_deletes_are_named_by_tenant() -> None:
    found = removals(PREVIEW)
    assert found.tenants == ("acme", "bakery")
    assert found.connections_only == ("northwind",)


def test_a_removal_not_allowed_fails_naming_the_flag() -> None:
    out = io.StringIO()
    assert report(removals(PREVIEW), ["acme"], False, out) == 1
    text = out.getvalue()
    assert "the preview removes 2 tenants: acme, bakery (entity deactivated" in text
    assert "disconnects the accounting connection of 1 tenant that stays: northwind" in text
    assert "not allowed: bakery, northwind." in text
    assert "--allow bakery --allow northwind" in text


def test_allowed_removals_pass() -> None:
    out = io.StringIO()
    assert report(removals(PREVIEW), ["acme", "bakery", "northwind"], False, out) == 0
    assert report(removals(PREVIEW), [], True, io.StringIO()) == 0
    assert out.getvalue().endswith("removals: allowed\n")


def test_nothing_removed_passes() -> None:
    out = io.StringIO()
    assert report(removals({"steps": [step("same", "Entity", "acme")]}), [], False, out) == 0
    assert "removes no tenant" in out.getvalue()
    assert removals({}).tenants == ()


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_an_unreadable_preview_exits_2(
    tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "preview.json"
    path.write_text(content)
    assert main([str(path)]) == 2
    assert f"cannot read the preview {path}" in capsys.readouterr().err


def test_main_reads_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "preview.json"
    path.write_text(json.dumps(PREVIEW))
    assert main([str(path), "--allow-all"]) == 0
    assert "removals: allowed" in capsys.readouterr().out
