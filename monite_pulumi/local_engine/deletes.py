"""Deletes after the rest of the run, dependents before what they depend on.

pkg/resource/deploy/step_generator.go ``GenerateDeletes`` (every old resource the program did not
register, and the old halves of create-before-delete replacements; a resource pending
replacement only leaves the state, ``NewRemovePendingReplaceStep``) and ``ScheduleDeletes``
(antichains: layers of the doomed resources by their doomed dependencies (``dependencies``,
property dependencies, ``parent``, ``provider``), deleted in reverse); deployment_executor.go
``performPostSteps`` runs the antichains one after another. step.go ``DeleteStep.Apply`` refuses
to delete a ``protect``-ed resource, in a preview too; that refusal fails the run but does not
stop it (step_executor.go ``cancelDueToError``: ``deleteProtectedError`` continues), and only
what the protected resource depends on is skipped. Any other failure starts no new antichain.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from monite_pulumi.local_engine.journal import Journal
from monite_pulumi.local_engine.program import PARALLEL
from monite_pulumi.local_engine.progress import StepRecord
from monite_pulumi.local_engine.provider import ProviderCallError, ProviderClient
from monite_pulumi.local_engine.state import ResourceState

__all__ = ["DeleteRunner", "schedule_deletes"]

_PROTECTED = "protected"
_FAILED = "failed"
_DONE = "done"


def _needs(resource: ResourceState) -> set[str]:
    """graph.go ``DependenciesOf``: parent, dependencies, property dependencies, provider."""
    needed = set(resource.dependencies).union(*resource.property_dependencies.values())
    if resource.parent:
        needed.add(resource.parent)
    if resource.provider:
        needed.add(resource.provider.rsplit("::", 1)[0])
    needed.discard(resource.urn)
    return needed


def schedule_deletes(doomed: Sequence[ResourceState]) -> list[list[ResourceState]]:
    """Antichains in delete order (``ScheduleDeletes``): layers taken from the resources that
    need nothing still doomed, then reversed."""
    remaining = list(doomed)
    layers: list[list[ResourceState]] = []
    while remaining:
        doomed_urns = {r.urn for r in remaining}
        layer = [r for r in remaining if not _needs(r) & doomed_urns]
        if not layer:  # a cycle cannot come from a program, but never loop forever
            layer = list(remaining)
        layers.append(layer)
        remaining = [r for r in remaining if all(r is not done for done in layer)]
    return list(reversed(layers))


def _transitive_needs(resource: ResourceState, doomed: Sequence[ResourceState]) -> set[str]:
    """graph.go ``TransitiveDependenciesOf``, within what is to be deleted."""
    by_urn: dict[str, list[ResourceState]] = {}
    for candidate in doomed:
        by_urn.setdefault(candidate.urn, []).append(candidate)
    found: set[str] = set()
    frontier = _needs(resource)
    while frontier:
        urn = frontier.pop()
        if urn in found:
            continue
        found.add(urn)
        for needed in by_urn.get(urn, []):
            frontier |= _needs(needed)
    return found


class DeleteRunner:
    """Applies delete steps; ``forget`` removes a deleted resource from the persisted state."""

    def __init__(
        self,
        *,
        provider: Callable[[], ProviderClient],
        dry_run: bool,
        on_step: Callable[[StepRecord], None],
        on_error: Callable[[str], None],
        forget: Callable[[ResourceState], None],
        journal: Journal | None = None,
        cancelled: threading.Event | None = None,
        provider_for: Callable[[ResourceState], Any] | None = None,
    ) -> None:
        """``provider_for`` picks a resource's provider (providers_registry.py); without it,
        every resource is the dynamic server's."""
        self._provider = provider
        self._provider_for = provider_for
        self._dry_run = dry_run
        self._on_step = on_step
        self._on_error = on_error
        self._forget = forget
        self._journal = journal or Journal(())
        self._cancelled = cancelled or threading.Event()

    def _delete_one(self, resource: ResourceState) -> str:
        if resource.pending_replacement and not resource.delete:
            # Deleted already by a delete-before-replace: it only leaves the state.
            if not self._dry_run:
                self._forget(resource)
            self._on_step(StepRecord("remove-pending-replace", resource.urn, resource.type))
            return _DONE
        if resource.protect and not resource.delete:
            message = (
                f"unable to delete resource {resource.urn}: it is protected; remove "
                "`protect` from the declaration and run up, then remove the resource"
            )
            self._on_step(StepRecord("delete", resource.urn, resource.type, error=message))
            self._on_error(message)
            return _PROTECTED
        is_provider_call = (
            resource.custom
            and not resource.external  # step.go ``DeleteStep.Apply``: a no-op for a read one
            and not resource.type.startswith("pulumi:providers:")
        )
        if is_provider_call and not self._dry_run:
            try:
                client = (
                    self._provider() if self._provider_for is None else self._provider_for(resource)
                )
                with self._journal.pending(resource, "deleting"):
                    client.delete(resource.urn, resource.id, resource.inputs, resource.outputs)
            except (ProviderCallError, RuntimeError) as error:  # RuntimeError: a plugin's start
                self._on_step(StepRecord("delete", resource.urn, resource.type, error=str(error)))
                self._on_error(f"{resource.urn}: delete failed: {error}")
                return _FAILED
        if not self._dry_run:
            self._forget(resource)
        self._on_step(StepRecord("delete", resource.urn, resource.type))
        return _DONE

    def run(self, doomed: Sequence[ResourceState]) -> bool:
        """True when every delete succeeded."""
        skipped: set[str] = set()
        ok = True
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            for chain in schedule_deletes(doomed):
                if self._cancelled.is_set():  # interrupted: no new step starts
                    return False
                chain = [r for r in chain if r.urn not in skipped]
                outcomes = list(pool.map(self._delete_one, chain))
                if _FAILED in outcomes:
                    return False
                for resource, outcome in zip(chain, outcomes, strict=True):
                    if outcome == _PROTECTED:
                        ok = False
                        skipped |= _transitive_needs(resource, doomed)
        return ok
