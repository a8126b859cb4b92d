"""Deletes after the rest of the run, dependents before what they depend on.

pkg/resource/deploy/step_generator.go ``GenerateDeletes`` (every old resource the program did not
register, and the old halves of create-before-delete replacements) and ``ScheduleDeletes``
(antichains: a resource is deleted only after every resource that depends on it, through
``dependencies``, ``parent`` or ``provider``); deployment_executor.go ``performPostSteps`` runs the
antichains one after another and stops at the first that failed. step.go ``DeleteStep.Apply``
refuses to delete a ``protect``-ed resource, in a preview too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from monite_pulumi.local_engine.progress import StepRecord
from monite_pulumi.local_engine.provider import (
    MAX_PROVIDER_CALLS,
    ProviderCallError,
    ProviderClient,
)
from monite_pulumi.local_engine.state import ResourceState

__all__ = ["DeleteRunner", "schedule_deletes"]


def _needs(resource: ResourceState) -> set[str]:
    needed = set(resource.dependencies)
    if resource.parent:
        needed.add(resource.parent)
    if resource.provider:
        needed.add(resource.provider.rsplit("::", 1)[0])
    return needed


def schedule_deletes(doomed: Sequence[ResourceState]) -> list[list[ResourceState]]:
    """Antichains in delete order: each holds resources nothing left in ``doomed`` depends on."""
    remaining = list(doomed)
    chains: list[list[ResourceState]] = []
    while remaining:
        needed_by_others: set[str] = set()
        for resource in remaining:
            needed_by_others |= {urn for urn in _needs(resource) if urn != resource.urn}
        chain = [r for r in remaining if r.urn not in needed_by_others]
        if not chain:  # a cycle cannot come from a program, but never loop forever
            chain = list(remaining)
        chains.append(chain)
        remaining = [r for r in remaining if all(r is not c for c in chain)]
    return chains


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
    ) -> None:
        self._provider = provider
        self._dry_run = dry_run
        self._on_step = on_step
        self._on_error = on_error
        self._forget = forget

    def _delete_one(self, resource: ResourceState) -> bool:
        if resource.protect and not resource.delete:
            message = (
                f"unable to delete resource {resource.urn}: it is protected; remove "
                "`protect` from the declaration and run up, then remove the resource"
            )
            self._on_step(StepRecord("delete", resource.urn, resource.type, error=message))
            self._on_error(message)
            return False
        is_provider_call = resource.custom and not resource.type.startswith("pulumi:providers:")
        if is_provider_call and not self._dry_run:
            try:
                self._provider().delete(
                    resource.urn, resource.id, resource.inputs, resource.outputs
                )
            except ProviderCallError as error:
                self._on_step(StepRecord("delete", resource.urn, resource.type, error=str(error)))
                self._on_error(f"{resource.urn}: delete failed: {error}")
                return False
        if not self._dry_run:
            self._forget(resource)
        self._on_step(StepRecord("delete", resource.urn, resource.type))
        return True

    def run(self, doomed: Sequence[ResourceState]) -> bool:
        """True when every delete succeeded."""
        with ThreadPoolExecutor(max_workers=MAX_PROVIDER_CALLS) as pool:
            for chain in schedule_deletes(doomed):
                if not all(list(pool.map(self._delete_one, chain))):
                    return False
        return True
