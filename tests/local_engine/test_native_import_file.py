"""``monite-local-engine import --file``: pulumi import --file's format and import deployment
(import_file.py), on the tests' own native plugin (fake_native_provider.py)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.local_engine.native_project import NativeProject

TWO = [
    {"name": "a", "label": "alpha", "region": "eu"},
    {"name": "b", "label": "beta", "region": "us"},
]


def _made(tmp_path: Path) -> NativeProject:
    """Objects t-1 and t-2 exist (made by another stack); a fresh project shares the store."""
    made = NativeProject(tmp_path / "made")
    made.write_config(things=TWO)
    assert made.run("up", "--yes").returncode == 0
    project = NativeProject(tmp_path / "importing")
    project.store.write_text(made.store.read_text())
    return project


def _write(project: NativeProject, resources: list[dict[str, object]]) -> Path:
    path = project.directory / "import.json"
    path.write_text(json.dumps({"resources": resources}))
    return path


def test_import_file_reads_each_object_and_records_it_without_creating(tmp_path: Path) -> None:
    """import.go ``importResources``: stack and default provider created, each resource read
    by id alone, checked against itself, recorded protected; the program declaring the same
    resources then changes nothing."""
    project = _made(tmp_path)
    path = _write(
        project,
        [
            {"type": "fakenat:index:Thing", "name": "a", "id": "t-1"},
            {"type": "fakenat:index:Thing", "name": "b", "id": "t-2"},
        ],
    )
    run = project.run("import", "--file", str(path), "--yes")
    assert run.returncode == 0, run.stderr
    assert project.methods()["Read"] == 2
    assert project.methods()["Create"] == 0
    reads = [c for c in project.calls() if c["method"] == "Read"]
    assert all(c["properties"] == {} and c["inputs"] == {} for c in reads)
    state = project.by_name()
    assert set(state) == {"nativetest-dev", "default", "a", "b"}
    assert state["a"]["protect"] is True
    assert state["b"]["inputs"] == {"name": "beta", "region": "us"}
    assert state["a"]["provider"] == f"{state['default']['urn']}::{state['default']['id']}"

    project.write_config(things=TWO)
    up = project.run("up", "--yes", "--expect-no-changes")
    assert up.returncode == 0, up.stderr
    assert project.methods()["Create"] == project.methods()["Update"] == 0


def test_import_file_skips_what_the_state_holds_and_refuses_another_id(tmp_path: Path) -> None:
    project = _made(tmp_path)
    first = _write(project, [{"type": "fakenat:index:Thing", "name": "a", "id": "t-1"}])
    assert (
        project.run("import", "--file", str(first), "--yes", "--protect", "false").returncode == 0
    )
    assert "protect" not in project.by_name()["a"]  # written only when true
    again = project.run("import", "--file", str(first), "--yes")
    assert again.returncode == 0, again.stderr
    assert project.methods()["Read"] == 0
    other = _write(project, [{"type": "fakenat:index:Thing", "name": "a", "id": "t-2"}])
    refused = project.run("import", "--file", str(other), "--yes")
    assert refused.returncode == 2
    assert "resource 'urn:pulumi:dev::nativetest::fakenat:index:Thing::a' already exists" in (
        refused.stderr
    )


def test_a_bad_import_file_names_each_problem_before_any_call(tmp_path: Path) -> None:
    project = NativeProject(tmp_path)
    path = _write(
        project,
        [{"type": "fakenat:index:Thing", "name": "a"}, {"name": "b", "id": "x", "component": True}],
    )
    run = project.run("import", "--file", str(path), "--yes")
    assert run.returncode == 2
    assert "resource 'a' of type 'fakenat:index:Thing' has no ID" in run.stderr
    assert "resource 'b' has no type" in run.stderr
    assert "components are not supported by the local engine" in run.stderr
    assert project.calls() == []


def test_import_of_a_missing_object_fails_and_records_nothing(tmp_path: Path) -> None:
    project = NativeProject(tmp_path)
    path = _write(project, [{"type": "fakenat:index:Thing", "name": "a", "id": "t-9"}])
    run = project.run("import", "--file", str(path), "--yes")
    assert run.returncode == 1
    assert "resource 't-9' does not exist" in run.stderr
    assert "a" not in project.by_name()
