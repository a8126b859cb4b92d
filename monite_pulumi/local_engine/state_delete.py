"""``monite-local-engine state delete URN...``: resources leave the state, nothing is called.

pkg/cmd/pulumi/state/state_delete.go (``newStateDeleteCommand``, ``computeStateDeleteOrder``)
and pkg/resource/edit/operations.go ``DeleteResource``: a protected resource is refused unless
``--force``; a resource that others depend on (graph ``OnlyDependsOn``: children, dependencies,
property dependencies, resources of a provider, transitively) is refused unless
``--target-dependents``, which removes those too; several URNs are removed dependents first.
No provider is started and no request is made: the objects stay where they are. This is how a
stack leaves the dynamic resources for the native ones (docs/migrating-to-native.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from monite_pulumi.local_engine.state import ResourceState, StackState

__all__ = ["StateDeleteError", "delete_from_state"]


class StateDeleteError(Exception):
    """The CLI's refusal, worded as the CLI words it."""


def _needs(resource: ResourceState) -> set[str]:
    """What a resource depends on (state.go ``GetAllDependencies``), provider by its URN."""
    needed = {resource.parent, *resource.dependencies}
    needed.update(*resource.property_dependencies.values())
    if resource.provider:
        needed.add(resource.provider.rsplit("::", 1)[0])
    needed.discard("")
    return needed


def _dependents(
    resources: Sequence[ResourceState], condemned: ResourceState
) -> list[ResourceState]:
    """graph.go ``OnlyDependsOn``: every later resource reached through its dependencies."""
    reached = {condemned.urn}
    found = []
    for resource in resources:
        if resource is condemned:
            continue
        if _needs(resource) & reached:
            reached.add(resource.urn)
            found.append(resource)
    return found


def delete_from_state(
    state: StackState, urns: Sequence[str], *, force: bool, target_dependents: bool
) -> StackState:
    """The state without the named resources (and, if asked, their dependents)."""
    resources = list(state.resources)
    by_urn = {r.urn: r for r in resources}
    unknown = [urn for urn in urns if urn not in by_urn]
    if unknown:
        raise StateDeleteError(f"No such resource {unknown[0]!r} exists in the current state")
    condemned: list[ResourceState] = []
    for urn in urns:
        resource = by_urn[urn]
        dependents = [d for d in _dependents(resources, resource) if d.urn not in urns]
        if dependents and not target_dependents:
            listed = "\n".join(f' * "{d.name}" ({d.urn})' for d in dependents)
            raise StateDeleteError(
                f"{urn} can't be safely deleted because the following resources depend on it:\n"
                f"{listed}\n\nDelete those resources first or pass --target-dependents."
            )
        for candidate in [resource, *dependents]:
            if candidate.protect and not force:
                raise StateDeleteError(
                    f"{candidate.urn} can't be safely deleted because it is protected. Re-run "
                    "this command with --force to force deletion"
                )
            if all(candidate is not c for c in condemned):
                condemned.append(candidate)
    kept = [r for r in resources if all(r is not c for c in condemned)]
    return StackState(kept, state.pending_operations)
