"""Pending operations: a provider call that changes something is in the state before it starts.

pkg/backend/snapshot.go: ``doCreate``/``doUpdate``/``doDelete`` call ``markOperationPending``
and persist before the step runs; the mutation's ``End`` calls ``markOperationComplete`` and
persists once more, together with the step's new state. A run that dies in between leaves the
operation in ``pending_operations``, so the next run can name a resource in an unknown state
instead of forgetting it. Pending creates of the previous run are carried into every new
snapshot until ``refresh`` resolves them (``snap`` in snapshot.go: "we don't want to clear
pending CREATE operations because these must require user intervention"); its other pending
operations are not (the steps of this run supersede them).

Generic over providers: any code that is about to call a provider to create, update or delete
wraps the call in :meth:`Journal.pending`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from monite_pulumi.local_engine.state import PendingOperation, ResourceState

__all__ = ["Journal", "pending_operations_warning"]


class Journal:
    """This run's unfinished provider calls, plus the previous run's pending creates."""

    def __init__(
        self, previous: Sequence[PendingOperation], persist: Callable[[], None] = lambda: None
    ) -> None:
        self._carried = [op for op in previous if op.type == "creating"]
        self._open: list[PendingOperation] = []
        self._lock = threading.Lock()
        self.persist = persist
        """Writes the whole state (it reads :meth:`operations`); set by the owner."""

    def operations(self) -> list[PendingOperation]:
        with self._lock:
            return [*self._open, *self._carried]

    def begin(self, resource: ResourceState, type_: str) -> PendingOperation:
        """Record the operation and persist it before the provider is called."""
        operation = PendingOperation(resource, type_)
        with self._lock:
            self._open.append(operation)
        self.persist()
        return operation

    def end(self, operation: PendingOperation) -> None:
        """Forget the operation; the caller persists it with the step's outcome, in one write."""
        with self._lock:
            self._open = [op for op in self._open if op is not operation]

    @contextmanager
    def pending(
        self, resource: ResourceState, type_: str, *, end_on_success: bool = True
    ) -> Iterator[PendingOperation]:
        """Around one provider call: begun and persisted before, ended after. On failure the
        state is written at once (nothing else will record it); on success the caller's next
        write (the new state of the resource) records both. With ``end_on_success=False`` the
        caller ends it itself, under the lock that adds the new state (snapshot.go's ``End``:
        one step), so no write in between holds neither."""
        operation = self.begin(resource, type_)
        try:
            yield operation
        except BaseException:
            self.end(operation)
            self.persist()
            raise
        if end_on_success:
            self.end(operation)

    def resolve_creates(self, keep: Callable[[PendingOperation], bool]) -> None:
        """Drop the carried pending creates ``keep`` rejects (refresh's clear/import)."""
        with self._lock:
            self._carried = [op for op in self._carried if keep(op)]


def pending_operations_warning(operations: Sequence[PendingOperation], command: str) -> str:
    """pkg/resource/deploy/deployment_executor.go ``printPendingOperationsWarning``, with the
    commands of this engine in place of ``pulumi refresh``."""
    listed = "".join(f"  * {op.describe()}\n" for op in operations)
    return (
        "Attempting to deploy or update resources "
        f"with {len(operations)} pending operations from previous deployment.\n"
        f"{listed}"
        "These resources are in an unknown state because the engine was interrupted while "
        "waiting for changes to these resources to complete. Find out whether each operation "
        "completed (for a Monite object: `monite-pulumi duplicates --pending-creates "
        "<state file>` names the object a create made).\n"
        "\n"
        f"Then repair the stack with `{command} refresh --yes --import-pending-creates URN ID` "
        "for each create that completed and `--clear-pending-creates` for the rest; refresh also "
        "clears the other pending operations."
    )
