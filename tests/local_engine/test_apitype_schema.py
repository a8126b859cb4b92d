"""The state the engine writes is what Pulumi's apitype schemas describe (deployment v3)."""

from __future__ import annotations

import json
from pathlib import Path

from monite_pulumi.local_engine.properties import make_secret
from monite_pulumi.local_engine.state import PendingOperation, ResourceState, StackState, StateFile
from tests.local_engine.apitype import SCHEMAS, apitype_errors

TYPE = "pulumi-python:dynamic/monite:Thing"


def test_the_schemas_name_the_pulumi_commit_they_come_from() -> None:
    source = json.loads((SCHEMAS / "SOURCE.json").read_text())
    assert len(source["commit"]) == 40
    assert source["repository"] == "https://github.com/pulumi/pulumi"


def test_the_schemas_reject_what_the_engine_used_to_write() -> None:
    old_export = {
        "version": 3,
        "deployment": {
            "manifest": {"time": "2026-01-01T00:00:00+00:00", "magic": "", "version": "x"},
            "secrets_providers": None,
            "resources": [],
        },
    }
    assert any("secrets_providers" in error for error in apitype_errors(old_export))


def test_every_kind_of_record_the_engine_writes_validates(tmp_path: Path) -> None:
    thing = ResourceState(
        urn=f"urn:pulumi:dev::p::{TYPE}::a",
        type=TYPE,
        custom=True,
        id="id-a",
        inputs={"size": 1, "token": make_secret("s")},
        outputs={"size": 1, "nested": {"list": [1, "two", None]}},
        parent="urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
        protect=True,
        dependencies=("urn:pulumi:dev::p::x::y",),
        provider="urn:pulumi:dev::p::pulumi:providers:pulumi-python::default::u-1",
        property_dependencies={"size": ["urn:pulumi:dev::p::x::y"]},
        additional_secret_outputs=("token",),
        pending_replacement=True,
    )
    state = StateFile(tmp_path, "dev", "phrase")
    assert apitype_errors(state.export(show_secrets=False)) == []
    state.save(
        StackState(
            [thing, thing.with_changes(delete=True, pending_replacement=False)],
            [PendingOperation(thing.with_changes(id=""), "creating")],
        )
    )
    assert apitype_errors(json.loads((tmp_path / "dev.json").read_text())) == []
    assert apitype_errors(state.export(show_secrets=True)) == []
