"""Deletes after the run (step_generator.go ``GenerateDeletes``/``ScheduleDeletes``,
deployment_executor.go ``performPostSteps``, step_executor.go ``cancelDueToError``)."""

from __future__ import annotations

import io
from typing import cast

from monite_pulumi.local_engine.deletes import DeleteRunner, schedule_deletes
from monite_pulumi.local_engine.progress import Progress
from monite_pulumi.local_engine.provider import ProviderClient
from monite_pulumi.local_engine.state import ResourceState
from tests.local_engine.fake_provider import FakeProvider

TYPE = "pulumi-python:dynamic/monite:Thing"


def urn(name: str) -> str:
    return f"urn:pulumi:dev::proj::{TYPE}::{name}"


def thing(name: str, *needs: str, protect: bool = False) -> ResourceState:
    return ResourceState(
        urn=urn(name),
        type=TYPE,
        custom=True,
        id=f"id-{name}",
        dependencies=tuple(urn(need) for need in needs),
        protect=protect,
    )


class Deletes:
    def __init__(self, *failing: str) -> None:
        self.provider = FakeProvider()
        self.provider.failing.update(("Delete", name) for name in failing)
        self.progress = Progress(dry_run=False, as_json=False, out=io.StringIO())
        self.forgotten: list[str] = []

    def run(self, *doomed: ResourceState) -> bool:
        return DeleteRunner(
            provider=lambda: cast(ProviderClient, self.provider),
            dry_run=False,
            on_step=self.progress.step,
            on_error=self.progress.error,
            forget=lambda resource: self.forgotten.append(resource.name),
        ).run(list(doomed))

    def deleted(self) -> list[str]:
        return sorted(name for method, name in self.provider.methods() if method == "Delete")


def test_antichains_are_layered_from_the_dependencies_then_reversed() -> None:
    """``ScheduleDeletes``: a resource with no doomed dependency is in the last antichain, with
    the other roots, even when nothing depends on it."""
    chains = schedule_deletes(
        [
            thing("lone"),
            thing("entity"),
            thing("product", "entity"),
            thing("connection", "entity", "product"),
        ]
    )
    assert [sorted(r.name for r in chain) for chain in chains] == [
        ["connection"],
        ["product"],
        ["entity", "lone"],
    ]


def test_a_protected_resource_fails_the_run_but_the_other_deletes_go_on() -> None:
    """``cancelDueToError``: a ``deleteProtectedError`` does not cancel the deployment; only
    the protected resource's transitive dependencies are skipped (``performPostSteps``)."""
    deletes = Deletes()
    ok = deletes.run(
        thing("guarded-entity"),
        thing("guarded", "guarded-entity", protect=True),
        thing("entity"),
        thing("product", "entity"),
    )
    assert not ok
    assert any("protected" in message for message in deletes.progress.diagnostics)
    assert deletes.deleted() == ["entity", "product"]
    assert sorted(deletes.forgotten) == ["entity", "product"]


def test_a_failed_delete_starts_no_further_antichain() -> None:
    deletes = Deletes("product")
    assert not deletes.run(thing("entity"), thing("product", "entity"))
    assert deletes.deleted() == ["product"]
    assert deletes.forgotten == []
