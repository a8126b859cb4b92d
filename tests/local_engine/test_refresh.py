"""Refresh (step.go ``RefreshStep.Apply``) and destroy on a recording fake provider."""

from __future__ import annotations

import io
from pathlib import Path
from typing import cast

import pytest

from monite_pulumi.local_engine.operations import Session, destroy, refresh
from monite_pulumi.local_engine.progress import Progress
from monite_pulumi.local_engine.project import load_project
from monite_pulumi.local_engine.properties import is_secret
from monite_pulumi.local_engine.provider import DiffResult, ProviderClient
from monite_pulumi.local_engine.state import ResourceState, StackState
from tests.local_engine.fake_provider import FakeProvider

TYPE = "pulumi-python:dynamic/monite:Thing"


def thing(name: str, **fields: object) -> ResourceState:
    values: dict[str, object] = {
        "urn": f"urn:pulumi:dev::proj::{TYPE}::{name}",
        "type": TYPE,
        "custom": True,
        "id": f"id-{name}",
        "inputs": {"size": 1},
        "outputs": {"size": 1, "token": "t"},
    }
    values.update(fields)
    return ResourceState(**values)  # type: ignore[arg-type]


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Session, FakeProvider]:
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "p")
    (tmp_path / "Pulumi.yaml").write_text("name: proj\nruntime: python\n")
    started = Session(load_project(tmp_path), "dev")
    fake = FakeProvider()
    monkeypatch.setattr(started, "provider", lambda: cast(ProviderClient, fake))
    return started, fake


def quiet(dry_run: bool = False) -> Progress:
    return Progress(dry_run=dry_run, as_json=False, out=io.StringIO())


def test_refresh_reads_with_old_outputs_and_inputs_and_drops_what_is_gone(
    session: tuple[Session, FakeProvider],
) -> None:
    current, fake = session
    current.state_file.save(
        StackState(
            [
                thing("kept"),
                thing("gone"),
                thing("moved", additional_secret_outputs=("token",)),
            ]
        )
    )
    fake.reads["gone"] = ("", {}, None)
    fake.reads["moved"] = ("id-moved", {"size": 5, "token": "t2"}, {"size": 5})

    outcome = refresh(current, quiet())

    assert outcome.ok
    reads = {urn.rsplit("::", 1)[1]: args for method, urn, args in fake.calls if method == "Read"}
    assert reads["kept"] == {
        "id": "id-kept",
        "inputs": {"size": 1},
        "outputs": {"size": 1, "token": "t"},
    }
    state = {r.name: r for r in current.state_file.load().resources}
    assert sorted(state) == ["kept", "moved"]
    assert state["kept"] == thing("kept")
    assert state["moved"].inputs == {"size": 5}  # the inputs Read returned
    assert state["moved"].outputs["size"] == 5
    assert is_secret(state["moved"].outputs["token"])  # additionalSecretOutputs kept


def test_destroy_deletes_dependents_first_and_leaves_an_empty_state(
    session: tuple[Session, FakeProvider],
) -> None:
    current, fake = session
    entity = thing("entity")
    product = thing("product", dependencies=(entity.urn,))
    current.state_file.save(StackState([entity, product]))

    outcome = destroy(current, quiet())

    assert outcome.ok
    assert fake.methods() == [("Delete", "product"), ("Delete", "entity")]
    assert current.state_file.load().resources == []


def test_the_provider_gets_the_environment_the_cli_gives_a_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "p")
    (tmp_path / "Pulumi.yaml").write_text(
        "name: proj\nruntime:\n  name: python\n  options:\n    toolchain: pip\n"
    )
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  monite:environment: local\n")
    env = Session(load_project(tmp_path), "dev").provider_environment()
    assert env["PULUMI_PROJECT"] == "proj"
    assert env["PULUMI_RUNTIME_TOOLCHAIN"] == "pip"
    assert env["PULUMI_CONFIG"] == '{"monite:environment": "local"}'


def test_refresh_diffs_what_was_read_against_the_old_inputs_and_reports_that_diff(
    session: tuple[Session, FakeProvider],
) -> None:
    """step.go ``RefreshStep.Apply``: ``diffResource`` with the read inputs and outputs as the
    olds and the old inputs as the news; ``ResultOp`` is same when that Diff finds no change."""
    current, fake = session
    current.state_file.save(StackState([thing("quiet"), thing("drifted")]))
    fake.reads["quiet"] = ("id-quiet", {"size": 1, "token": "t", "updated_at": "now"}, None)
    fake.reads["drifted"] = ("id-drifted", {"size": 3, "token": "t"}, {"size": 3})
    fake.diffs["drifted"] = DiffResult(changes=True)
    progress = quiet()

    outcome = refresh(current, progress)

    assert outcome.ok
    diffs = {urn.rsplit("::", 1)[1]: args for method, urn, args in fake.calls if method == "Diff"}
    assert diffs["drifted"] == {
        "id": "id-drifted",
        "old_inputs": {"size": 3},
        "old_outputs": {"size": 3, "token": "t"},
        "news": {"size": 1},
    }
    assert {step.name: step.op for step in progress.steps} == {
        "quiet": "same",
        "drifted": "update",
    }
    state = {r.name: r for r in current.state_file.load().resources}
    assert state["quiet"].outputs["updated_at"] == "now"  # the read is kept all the same


def test_a_refresh_whose_diff_fails_fails_but_every_other_resource_is_read(
    session: tuple[Session, FakeProvider],
) -> None:
    """deployment_executor.go ``refresh``: its step executor ignores errors (no cancellation),
    and the run fails afterwards."""
    current, fake = session
    current.state_file.save(StackState([thing(f"r{index}") for index in range(6)]))
    fake.failing.add(("Diff", "r0"))

    outcome = refresh(current, quiet())

    assert not outcome.ok
    assert sorted(name for method, name in fake.methods() if method == "Read") == [
        f"r{index}" for index in range(6)
    ]


def test_refresh_reads_pending_deletes_and_skips_pending_replacements(
    session: tuple[Session, FakeProvider],
) -> None:
    """step_generator.go/deployment_executor.go ``refresh`` refresh every old resource;
    ``RefreshStep.Apply`` leaves a pending replacement as it is."""
    current, fake = session
    current.state_file.save(
        StackState(
            [
                thing("live"),
                thing("live", id="id-old", delete=True),
                thing("replacing", pending_replacement=True),
            ]
        )
    )
    fake.reads["live"] = ("", {}, None)

    assert refresh(current, quiet()).ok

    assert sorted((method, args["id"]) for method, _, args in fake.calls if method == "Read") == [
        ("Read", "id-live"),
        ("Read", "id-old"),
    ]
    assert [(r.name, r.delete) for r in current.state_file.load().resources] == [
        ("replacing", False)
    ]


def test_refresh_drops_a_deleted_resource_from_the_dependencies_of_the_rest(
    session: tuple[Session, FakeProvider],
) -> None:
    """deployment_executor.go ``rebuildBaseState``."""
    current, fake = session
    gone = thing("gone")
    current.state_file.save(
        StackState(
            [
                gone,
                thing(
                    "user",
                    dependencies=(gone.urn,),
                    property_dependencies={"gone_id": [gone.urn]},
                ),
            ]
        )
    )
    fake.reads["gone"] = ("", {}, None)

    assert refresh(current, quiet()).ok

    (user,) = current.state_file.load().resources
    assert user.dependencies == ()
    assert user.property_dependencies == {}
