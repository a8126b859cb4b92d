"""The engine's rules (pkg/resource/deploy, pulumi v3.259.0), one test each, on a fake provider."""

from __future__ import annotations

import io
from typing import Any, cast

import pytest

from monite_pulumi.local_engine.deletes import DeleteRunner, schedule_deletes
from monite_pulumi.local_engine.deployment import Deployment, Registration, StepError
from monite_pulumi.local_engine.progress import Progress
from monite_pulumi.local_engine.properties import SECRET_SIG, SIG_KEY, is_secret
from monite_pulumi.local_engine.provider import DiffResult, ProviderClient
from monite_pulumi.local_engine.state import ResourceState, StackState
from tests.local_engine.fake_provider import FakeProvider

TYPE = "pulumi-python:dynamic/monite:Thing"
STACK_URN = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev"


def urn(name: str) -> str:
    return f"urn:pulumi:dev::proj::{TYPE}::{name}"


def old(name: str, **fields: Any) -> ResourceState:
    values: dict[str, Any] = {
        "urn": urn(name),
        "type": TYPE,
        "custom": True,
        "id": f"old-{name}",
        "inputs": {"size": 1},
        "outputs": {"size": 1, "object_id": f"old-{name}"},
        "parent": STACK_URN,
    }
    values.update(fields)
    return ResourceState(**values)


def reg(name: str, **fields: Any) -> Registration:
    values: dict[str, Any] = {
        "type": TYPE,
        "name": name,
        "custom": True,
        "parent": STACK_URN,
        "inputs": {"size": 2},
        "protect": False,
        "dependencies": (),
    }
    values.update(fields)
    return Registration(**values)


class Run:
    def __init__(self, *resources: ResourceState, dry_run: bool = False) -> None:
        self.provider = FakeProvider()
        self.saved: list[StackState] = []
        self.progress = Progress(dry_run=dry_run, as_json=False, out=io.StringIO())
        self.deployment = Deployment(
            project="proj",
            stack="dev",
            old=StackState(list(resources)),
            provider=lambda: cast(ProviderClient, self.provider),
            dry_run=dry_run,
            persist=self.saved.append,
            progress=self.progress,
        )

    def state(self) -> dict[str, ResourceState]:
        return {
            r.urn + (" (delete)" if r.delete else ""): r
            for r in self.deployment.snapshot().resources
        }

    def deletes(self) -> bool:
        runner = DeleteRunner(
            provider=lambda: cast(ProviderClient, self.provider),
            dry_run=self.deployment.dry_run,
            on_step=self.progress.step,
            on_error=self.progress.error,
            forget=self.deployment.forget,
        )
        return runner.run(self.deployment.unregistered())


def test_check_gets_old_inputs_and_diff_and_update_get_old_outputs() -> None:
    run = Run(old("a"))
    run.provider.diffs["a"] = DiffResult(changes=True)
    run.deployment.register(reg("a"))
    check, diff, update = run.provider.calls[0], run.provider.calls[1], run.provider.calls[2]
    assert check[0] == "Check"
    assert check[2]["olds"] == {"size": 1}
    assert diff[0] == "Diff"
    assert diff[2]["old_outputs"] == {"size": 1, "object_id": "old-a"}
    assert update[0] == "Update"
    assert update[2]["old_outputs"] == {"size": 1, "object_id": "old-a"}
    assert update[2]["id"] == "old-a"
    assert run.state()[urn("a")].outputs == {"size": 2, "object_id": "old-a"}


def test_an_unknown_diff_is_decided_by_comparing_inputs() -> None:
    run = Run(old("same", inputs={"size": 2}), old("changed"))
    run.provider.diffs["same"] = DiffResult(changes=None)
    run.provider.diffs["changed"] = DiffResult(changes=None)
    run.deployment.register(reg("same"))
    run.deployment.register(reg("changed"))
    assert [(s.op, s.name) for s in run.progress.steps if s.type == TYPE] == [
        ("same", "same"),
        ("update", "changed"),
    ]


def test_preview_answers_create_and_update_itself_with_the_new_inputs() -> None:
    run = Run(old("existing"), dry_run=True)
    run.provider.diffs["existing"] = DiffResult(changes=True)
    created = run.deployment.register(reg("new"))
    updated = run.deployment.register(reg("existing"))
    assert [m for m, _ in run.provider.methods()] == ["Check", "Check", "Diff"]
    assert created.outputs == {"size": 2}  # object_id stays unknown to the program
    assert updated.outputs == {"size": 2}
    assert updated.id == "old-existing"  # the id of an existing resource is known
    assert run.saved == []  # a preview writes no state


def test_a_replacement_creates_first_and_deletes_the_old_after_the_rest() -> None:
    run = Run(old("a"))
    run.provider.diffs["a"] = DiffResult(changes=True, replaces=["size"])
    run.deployment.register(reg("a"))
    assert run.provider.methods() == [
        ("Check", "a"),
        ("Diff", "a"),
        ("Check", "a"),
        ("Create", "a"),
    ]
    state = run.state()
    assert state[urn("a")].id == "id-1"
    assert state[urn("a") + " (delete)"].id == "old-a"  # kept, marked, until deleted
    assert run.deletes()
    assert run.provider.calls[-1][:2] == ("Delete", urn("a"))
    assert run.provider.calls[-1][2]["id"] == "old-a"
    assert [key for key in run.state() if TYPE in key] == [urn("a")]


@pytest.mark.parametrize(
    ("provider_dbr", "option", "delete_first"),
    [
        (True, None, True),
        (False, True, True),
        (True, False, False),
    ],
)
def test_delete_before_replace_comes_from_the_provider_or_the_option(
    provider_dbr: bool, option: bool | None, delete_first: bool
) -> None:
    run = Run(old("a"))
    run.provider.diffs["a"] = DiffResult(
        changes=True, replaces=["size"], delete_before_replace=provider_dbr
    )
    run.deployment.register(reg("a", delete_before_replace=option))
    methods = [m for m, _ in run.provider.methods()]
    if delete_first:
        assert methods == ["Check", "Diff", "Check", "Delete", "Create"]
    else:
        assert methods == ["Check", "Diff", "Check", "Create"]


def test_delete_before_replace_deletes_dependents_that_must_be_replaced_first() -> None:
    child = old(
        "child",
        dependencies=(urn("a"),),
        inputs={"parent_id": "old-a"},
        property_dependencies={"parent_id": [urn("a")]},
    )
    run = Run(old("a"), child)
    run.provider.diffs["a"] = DiffResult(
        changes=True, replaces=["size"], delete_before_replace=True
    )
    run.provider.diffs["child"] = DiffResult(changes=True, replaces=["parent_id"])
    run.deployment.register(reg("a"))
    child_diff = next(c for c in run.provider.calls if c[:2] == ("Diff", urn("child")))
    assert child_diff[2]["news"] == {"parent_id": "04da6b54-80e4-46f7-96ec-b56ff0331ba9"}
    assert [call for call in run.provider.methods() if call[0] in {"Delete", "Create"}] == [
        ("Delete", "child"),
        ("Delete", "a"),
        ("Create", "a"),
    ]


def test_a_protected_resource_is_not_replaced() -> None:
    run = Run(old("a", protect=True))
    run.provider.diffs["a"] = DiffResult(changes=True, replaces=["size"])
    with pytest.raises(StepError, match="protection"):
        run.deployment.register(reg("a", protect=True))
    assert "Create" not in [m for m, _ in run.provider.methods()]


def test_a_failed_create_records_nothing_and_no_new_step_starts() -> None:
    run = Run()
    run.provider.failing.add(("Create", "a"))
    with pytest.raises(StepError):
        run.deployment.register(reg("a"))
    assert urn("a") not in run.state()
    calls_before = len(run.provider.calls)
    with pytest.raises(StepError, match="earlier step failed"):
        run.deployment.register(reg("b"))
    assert len(run.provider.calls) == calls_before
    assert run.progress.diagnostics
    assert "Create" in run.progress.diagnostics[0]


def test_a_failed_update_keeps_the_old_state() -> None:
    run = Run(old("a"))
    run.provider.diffs["a"] = DiffResult(changes=True)
    run.provider.failing.add(("Update", "a"))
    with pytest.raises(StepError):
        run.deployment.register(reg("a"))
    assert run.state()[urn("a")] == old("a")


def test_additional_secret_outputs_and_secret_inputs_make_outputs_secret() -> None:
    run = Run()
    secret_input = {SIG_KEY: SECRET_SIG, "value": "s3cret"}
    created = run.deployment.register(
        reg(
            "a", inputs={"size": 2, "token": secret_input}, additional_secret_outputs=("object_id",)
        )
    )
    assert is_secret(created.outputs["object_id"])
    assert not is_secret(created.outputs["size"])


def test_deletes_run_in_reverse_dependency_order() -> None:
    entity = old("entity")
    product = old("product", dependencies=(urn("entity"),))
    connection = old("connection", dependencies=(urn("entity"), urn("product")))
    chains = schedule_deletes([entity, product, connection])
    assert [[r.name for r in chain] for chain in chains] == [
        ["connection"],
        ["product"],
        ["entity"],
    ]


def test_undeclared_resources_are_deleted_after_the_rest_and_protect_refuses() -> None:
    run = Run(old("kept"), old("dropped"), old("guarded", protect=True))
    run.deployment.register(reg("kept", inputs={"size": 1}))
    assert "Delete" not in [m for m, _ in run.provider.methods()]
    assert not run.deletes()
    deleted = [name for method, name in run.provider.methods() if method == "Delete"]
    assert deleted == ["dropped"]
    assert any("protected" in message for message in run.progress.diagnostics)
    assert urn("guarded") in run.state()


def test_import_reads_with_the_id_alone() -> None:
    run = Run()
    run.provider.reads["a"] = ("obj-7", {"size": 2, "object_id": "obj-7"}, {"size": 2})
    imported = run.deployment.register(reg("a", id_to_import="obj-7"))
    read = run.provider.calls[0]
    assert read[0] == "Read"
    assert read[2] == {"id": "obj-7", "inputs": {}, "outputs": {}}
    assert imported.id == "obj-7"
    assert "Create" not in [m for m, _ in run.provider.methods()]


def test_an_option_the_engine_does_not_implement_is_refused_not_ignored() -> None:
    run = Run()
    with pytest.raises(StepError, match="ignoreChanges"):
        run.deployment.register(reg("a", unsupported_options=("ignoreChanges",)))
    assert run.provider.calls == []


def test_a_failed_replacement_create_leaves_the_old_resource_live() -> None:
    run = Run(old("a"))
    run.provider.diffs["a"] = DiffResult(changes=True, replaces=["size"])
    run.provider.failing.add(("Create", "a"))
    with pytest.raises(StepError):
        run.deployment.register(reg("a"))
    assert run.state()[urn("a")] == old("a")
    assert urn("a") + " (delete)" not in run.state()
    assert run.deployment.unregistered() == [old("a")]  # a failed run runs no deletes at all


def test_a_provider_server_that_cannot_start_fails_the_step_with_its_reason() -> None:
    run = Run()

    def no_server() -> ProviderClient:
        raise RuntimeError("python -m pulumi.dynamic printed no port")

    run.deployment._provider = no_server
    with pytest.raises(StepError):
        run.deployment.register(reg("a"))
    assert any("printed no port" in message for message in run.progress.diagnostics)
    assert run.deployment.failed


# -- rules found in the review against pulumi v3.259.0 (docs/local-engine.md, 2026-12-02) -------


def test_a_replacement_checks_the_program_inputs_again_without_olds() -> None:
    """step_generator.go ``continueStepsFromDiff``: "recompute the default values"."""
    run = Run(old("a"))
    run.provider.diffs["a"] = DiffResult(changes=True, replaces=["size"])
    run.deployment.register(reg("a"))
    assert run.provider.methods() == [
        ("Check", "a"),
        ("Diff", "a"),
        ("Check", "a"),
        ("Create", "a"),
    ]
    first, second = run.provider.calls[0][2], run.provider.calls[2][2]
    assert first["olds"] == {"size": 1}
    assert second["olds"] == {}
    assert second["news"] == {"size": 2}


def test_a_create_that_answers_no_id_fails_and_records_nothing() -> None:
    """provider_plugin.go ``Create``: "plugin returned empty resource.ID from create"."""
    run = Run()
    run.provider.no_id.add("a")
    with pytest.raises(StepError, match=r"empty resource\.ID"):
        run.deployment.register(reg("a"))
    assert urn("a") not in run.state()
    assert run.deployment.failed
    assert any("empty resource.ID" in message for message in run.progress.diagnostics)


def test_a_preview_create_needs_no_id() -> None:
    run = Run(dry_run=True)
    run.provider.no_id.add("a")
    assert run.deployment.register(reg("a")).id == ""


def test_delete_before_replace_keeps_the_deleted_resource_pending_replacement() -> None:
    """step.go ``DeleteStep.Apply`` sets PendingReplacement after the delete; snapshot.go drops
    the old state only when the replacement's create succeeded."""
    run = Run(old("a"))
    run.provider.diffs["a"] = DiffResult(
        changes=True, replaces=["size"], delete_before_replace=True
    )
    run.provider.failing.add(("Create", "a"))
    with pytest.raises(StepError):
        run.deployment.register(reg("a"))
    assert run.provider.methods()[-2:] == [("Delete", "a"), ("Create", "a")]
    kept = run.state()[urn("a")]
    assert kept.pending_replacement
    assert kept.id == "old-a"
    assert kept in run.saved[-1].resources  # persisted between the delete and the create


def test_a_pending_replacement_is_replaced_on_the_next_run_without_a_second_delete() -> None:
    """step_generator.go ``continueStepsFromDiff``: ``old.PendingReplacement`` forces the
    replacement (after Check with the old inputs and Diff), and no delete step is emitted."""
    run = Run(old("a", pending_replacement=True))
    run.provider.diffs["a"] = DiffResult(changes=False, delete_before_replace=True)
    created = run.deployment.register(reg("a"))
    assert run.provider.methods() == [
        ("Check", "a"),
        ("Diff", "a"),
        ("Check", "a"),
        ("Create", "a"),
    ]
    assert run.provider.calls[0][2]["olds"] == {"size": 1}
    assert created.id == "id-1"
    assert not run.state()[urn("a")].pending_replacement
    assert run.deletes()
    assert "Delete" not in [m for m, _ in run.provider.methods()]


def test_an_undeclared_pending_replacement_leaves_the_state_without_a_delete() -> None:
    """step_generator.go ``GenerateDeletes``: ``NewRemovePendingReplaceStep``, no provider call."""
    run = Run(old("a", pending_replacement=True))
    assert run.deletes()
    assert run.provider.calls == []
    assert urn("a") not in run.state()


def test_dependent_replacement_looks_only_at_property_dependencies() -> None:
    """step_generator.go ``calculateDependentReplacements``: a dependent none of whose
    properties depend on the replaced resource is not diffed and not replaced."""
    waits = old("waits", dependencies=(urn("a"),), inputs={"size": 1})
    run = Run(old("a"), waits)
    run.provider.diffs["a"] = DiffResult(
        changes=True, replaces=["size"], delete_before_replace=True
    )
    run.provider.diffs["waits"] = DiffResult(changes=True, replaces=["size"])
    run.deployment.register(reg("a"))
    assert ("Diff", "waits") not in run.provider.methods()
    assert ("Delete", "waits") not in run.provider.methods()


def test_dependent_replacement_ignores_resources_already_registered() -> None:
    """``calculateDependentReplacements``: what this run registered already cannot depend on
    the root any more (``impossibleDependents``)."""
    child = old(
        "child",
        dependencies=(urn("a"),),
        inputs={"parent_id": "old-a"},
        property_dependencies={"parent_id": [urn("a")]},
    )
    run = Run(old("a"), child)
    run.provider.diffs["a"] = DiffResult(
        changes=True, replaces=["size"], delete_before_replace=True
    )
    run.provider.diffs["child"] = DiffResult(changes=True, replaces=["parent_id"])
    run.deployment.register(reg("child", inputs={"parent_id": "old-a"}))
    run.deployment.register(reg("a"))
    assert ("Delete", "child") not in run.provider.methods()
    assert urn("child") in run.state()


def test_a_protected_dependent_fails_the_replacement_as_a_reported_step() -> None:
    child = old(
        "child",
        protect=True,
        dependencies=(urn("a"),),
        inputs={"parent_id": "old-a"},
        property_dependencies={"parent_id": [urn("a")]},
    )
    run = Run(old("a"), child)
    run.provider.diffs["a"] = DiffResult(
        changes=True, replaces=["size"], delete_before_replace=True
    )
    run.provider.diffs["child"] = DiffResult(changes=True, replaces=["parent_id"])
    with pytest.raises(StepError, match="protection"):
        run.deployment.register(reg("a"))
    assert run.deployment.failed
    assert any("protection" in message for message in run.progress.diagnostics)
    assert "Delete" not in [m for m, _ in run.provider.methods()]


def test_an_import_id_that_differs_from_the_recorded_id_is_not_ignored() -> None:
    """step_generator.go ``continueStepsFromRefresh``: an import id that is not the old id is an
    import (a replacement by import), never an ordinary update."""
    run = Run(old("a"))
    with pytest.raises(StepError, match="import"):
        run.deployment.register(reg("a", id_to_import="other-7"))
    assert "Update" not in [m for m, _ in run.provider.methods()]
    assert run.state()[urn("a")] == old("a")
