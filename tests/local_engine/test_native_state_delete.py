"""``monite-local-engine state delete``: state_delete.go's rules (state_delete.py); the objects
stay where they are and no provider is started."""

from __future__ import annotations

import json
from pathlib import Path

from tests.local_engine.native_project import NativeProject

TWO = [
    {"name": "a", "label": "alpha", "region": "eu"},
    {"name": "b", "label": "x", "region": "eu", "label_from": "a"},
]
URN = "urn:pulumi:dev::nativetest::fakenat:index:Thing::"


def _project(tmp_path: Path) -> NativeProject:
    project = NativeProject(tmp_path)
    project.write_config(things=TWO)
    assert project.run("up", "--yes").returncode == 0
    return project


def test_a_resource_others_depend_on_is_refused_unless_its_dependents_go_too(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path)
    refused = project.run("state", "delete", f"{URN}a", "--yes")
    assert refused.returncode == 1
    assert f"{URN}a can't be safely deleted because the following resources depend on it" in (
        refused.stderr
    )
    assert f'"b" ({URN}b)' in refused.stderr
    removed = project.run("state", "delete", f"{URN}a", "--target-dependents", "--yes")
    assert removed.returncode == 0, removed.stderr
    assert {"a", "b"}.isdisjoint(project.by_name())
    assert "default" in project.by_name()
    assert project.calls() == []  # no plugin started, nothing deleted
    assert set(project.objects()) == {"t-1", "t-2"}


def test_several_urns_go_dependents_first_and_protected_ones_need_force(tmp_path: Path) -> None:
    project = _project(tmp_path)
    both = project.run("state", "delete", f"{URN}a", f"{URN}b", "--yes")
    assert both.returncode == 0, both.stderr
    assert {"a", "b"}.isdisjoint(project.by_name())
    provider = project.by_name()["default"]["urn"]
    assert project.run("state", "delete", provider, "--yes").returncode == 0

    protected = NativeProject(tmp_path / "protected")
    protected.write_config(things=TWO[:1])
    assert protected.run("up", "--yes").returncode == 0
    state_file = protected.directory / ".monite-local-engine" / "dev.json"
    document = json.loads(state_file.read_text())
    for resource in document["deployment"]["resources"]:
        if resource["urn"] == f"{URN}a":
            resource["protect"] = True
    state_file.write_text(json.dumps(document))
    refused = protected.run("state", "delete", f"{URN}a", "--yes")
    assert refused.returncode == 1
    assert "because it is protected. Re-run this command with --force" in refused.stderr
    assert protected.run("state", "delete", f"{URN}a", "--yes", "--force").returncode == 0


def test_an_unknown_urn_is_named(tmp_path: Path) -> None:
    project = _project(tmp_path)
    run = project.run("state", "delete", f"{URN}zzz", "--yes")
    assert run.returncode == 1
    assert f"No such resource '{URN}zzz' exists in the current state" in run.stderr
