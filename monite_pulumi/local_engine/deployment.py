"""One run of the program: each registration becomes a step, applied as Pulumi's engine does.

The rules, each from pulumi/pulumi at tag v3.259.0 (the source this engine was written against):

- Check receives the resource's previous INPUTS as ``olds`` and the program's inputs as ``news``
  (pkg/resource/deploy/step_generator.go ``continueStepsFromImport`` -> ``prov.Check(... Olds:
  oldInputs ...)``); a resource deleted earlier in this run by a delete-before-replace is checked
  with no olds and created again (``recreating``).
- Diff and Update receive the previous OUTPUTS (``diffResource`` in step_generator.go;
  ``UpdateStep.Apply`` in step.go sends ``OldOutputs: s.old.Outputs``). A provider that cannot tell
  (DIFF_UNKNOWN) is answered by comparing old and new inputs (``diffResource``).
- A replacement checks the program's inputs again with no olds ("recompute the default values"),
  creates the new object first and deletes the old one after the rest of the run, unless
  delete-before-replace is asked by the provider's Diff answer or the resource option
  (step_generator.go ``continueStepsFromDiff``); before a delete-before-replace, dependents that
  would need replacing too are found and deleted first (``calculateDependentReplacements``).
  A resource deleted that way stays in the state marked ``pendingReplacement`` until its
  replacement exists (step.go ``DeleteStep.Apply``; pkg/backend/snapshot.go), and the next run
  replaces it without deleting it again. A protected resource is never replaced
  (``continueStepsFromDiff``: "unable to replace").
- In a preview, Create and Update are not sent to the dynamic provider: it does not support
  previews, so the engine answers with the new inputs as outputs (sdk/go/common/resource/plugin/
  provider_plugin.go ``Create``/``Update``: ``!protocol.supportsPreview``). Outputs not among the
  inputs therefore stay unknown to the program, while an existing resource keeps its id
  (step.go ``UpdateStep.Apply``: ``s.new.ID = s.old.ID`` even in previews).
- A failed create records nothing (step.go ``CreateStep.Apply`` returns before the new state is
  published; a create that answers no id is a failure, provider_plugin.go ``Create``); a failed
  update keeps the old state (``UpdateStep.Apply`` error path).
- After a failed step no new step starts, steps in flight finish and every failure is reported
  (pkg/resource/deploy/step_executor.go ``cancelDueToError``; deployment_executor.go
  ``Execute``): later registrations are refused and the deletes of the run never start.
- Every provider call that creates, updates or deletes is a pending operation in the persisted
  state while it runs (pkg/backend/snapshot.go ``markOperationPending``; see ``journal``).
- ``additionalSecretOutputs`` makes the named outputs secret (step_executor.go
  ``continueExecuteStep``, after every step with a new state).
- An ``import`` id makes the registration an import when there is no old resource or the old id
  differs (step_generator.go ``continueStepsFromRefresh``, ``isImport``); step.go
  ``ImportStep.Apply`` reads the object with its id alone.
- A resource of another package than ``pulumi-python`` is served by a provider plugin through
  providers_registry.py: its default provider (registered here on first use, as
  default_providers.go does) or the provider resource its ``provider`` option names. A plugin
  that supports previews gets Create and Update in a preview too, with ``preview`` set
  (provider_plugin.go ``Create``/``Update``).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, NoReturn, TypeVar

from monite_pulumi.local_engine.journal import Journal
from monite_pulumi.local_engine.plugins import PluginError
from monite_pulumi.local_engine.progress import Progress, StepRecord
from monite_pulumi.local_engine.properties import UNKNOWN, deep_equals, mark_secret_outputs
from monite_pulumi.local_engine.provider import DiffResult, ProviderCallError, ProviderClient
from monite_pulumi.local_engine.providers_registry import (
    PROVIDER_TYPE_PREFIX,
    ProviderRegistry,
    ResourceProvider,
    default_provider_name,
    is_provider_type,
)
from monite_pulumi.local_engine.state import PendingOperation, ResourceState, StackState

__all__ = ["DYNAMIC_PACKAGE", "Deployment", "Registration", "StepError"]

_T = TypeVar("_T")

DYNAMIC_PACKAGE = "pulumi-python"
STACK_TYPE = "pulumi:pulumi:Stack"


class StepError(Exception):
    """A step failed (its message is what the program and the user see)."""


class PluginUnavailableError(StepError):
    """The provider plugin a call needs cannot be found or started: the program cannot go on,
    and the reason fits on one line (the monitor refuses the call as it refuses the unsupported)."""


@dataclass(frozen=True)
class Registration:
    """What RegisterResource carried, in the engine's terms."""

    type: str
    name: str
    custom: bool
    parent: str
    inputs: dict[str, Any]
    protect: bool
    dependencies: tuple[str, ...]
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    additional_secret_outputs: tuple[str, ...] = ()
    delete_before_replace: bool | None = None
    provider: str = ""
    id_to_import: str = ""
    unsupported_options: tuple[str, ...] = ()
    version: str = ""


def parent_type_chain(urn: str) -> str:
    return urn.split("::")[2] if urn.count("::") >= 3 else ""


class Deployment:
    """Old state in, steps applied one registration at a time, new state persisted after each."""

    def __init__(
        self,
        *,
        project: str,
        stack: str,
        old: StackState,
        provider: Callable[[], ProviderClient],
        dry_run: bool,
        persist: Callable[[StackState], None],
        progress: Progress,
        cancelled: threading.Event | None = None,
        providers: ProviderRegistry | None = None,
    ) -> None:
        self.project = project
        self.stack = stack
        self.dry_run = dry_run
        self.progress = progress
        self._provider = provider
        self._persist_fn = persist
        self._lock = threading.RLock()
        self._old: dict[str, ResourceState] = {r.urn: r for r in old.resources if not r.delete}
        self._old_order = [r.urn for r in old.resources if not r.delete]
        self._pending_deletes: list[ResourceState] = [r for r in old.resources if r.delete]
        self._new: dict[str, ResourceState] = {}
        self._gone: set[str] = set()
        self._recreating: set[str] = set()
        """Deleted earlier in this run by a delete-before-replace (step_generator.go
        ``sg.deletes``): registered again, they are created anew."""
        self._failed = threading.Event()
        self.root_urn = ""
        self.journal = Journal(old.pending_operations, self.persist)
        self._cancelled = cancelled or threading.Event()
        """Set by the first Ctrl-C: no new step starts, steps in flight finish and are recorded
        (pkg/engine: the cancellation context; step_executor.go stops taking steps)."""
        self._stack_outputs: dict[str, Any] | None = None
        self._providers = providers
        self._defaults: dict[str, threading.Lock] = {}

    # -- state ----------------------------------------------------------------------------------

    @property
    def failed(self) -> bool:
        return self._failed.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def stopped(self) -> bool:
        """Failed or cancelled: the monitor's refusals from now on are expected, not news."""
        return self.failed or self.cancelled

    def fail(self, urn: str, type_: str, op: str, message: str) -> None:
        self._failed.set()
        self.progress.step(StepRecord(op, urn, type_, error=message))
        self.progress.error(f"{urn}: {op} failed: {message}")

    def unsupported(self, message: str) -> None:
        """A request this engine does not implement: one line, and the run fails (the
        monitor then answers Unavailable, which ends the program quietly)."""
        self._failed.set()
        self.progress.error(message)

    def refuse(self, urn: str, type_: str, op: str, message: str) -> NoReturn:
        """Fail the step with `message` and stop it: what the engine does with a refused step."""
        self.fail(urn, type_, op, message)
        raise StepError(message)

    def snapshot(self) -> StackState:
        """New resources in registration order, then old ones not yet seen, then pending deletes."""
        with self._lock:
            kept = [
                self._old[urn]
                for urn in self._old_order
                if urn not in self._new and urn not in self._gone and urn in self._old
            ]
            return StackState(
                [*self._new.values(), *kept, *self._pending_deletes], self.journal.operations()
            )

    def persist(self) -> None:
        if not self.dry_run:
            with self._lock:
                self._persist_fn(self.snapshot())

    def unregistered(self) -> list[ResourceState]:
        """Old resources the program did not declare (pending replacements among them), plus old
        halves of replacements (step_generator.go ``GenerateDeletes``)."""
        with self._lock:
            left = [
                self._old[urn]
                for urn in self._old_order
                if urn in self._old and urn not in self._new and urn not in self._gone
            ]
            return [*left, *self._pending_deletes]

    def forget(self, resource: ResourceState) -> None:
        """A resource is deleted: it leaves the persisted state."""
        with self._lock:
            if resource.delete:
                self._pending_deletes = [r for r in self._pending_deletes if r is not resource]
            else:
                self._gone.add(resource.urn)
                self._new.pop(resource.urn, None)
        self.persist()

    # -- registration ---------------------------------------------------------------------------

    def urn_for(self, reg: Registration) -> str:
        chain = reg.type
        if reg.parent:
            parent_chain = parent_type_chain(reg.parent)
            if parent_chain and parent_chain != STACK_TYPE:
                chain = f"{parent_chain}${reg.type}"
        return f"urn:pulumi:{self.stack}::{self.project}::{chain}::{reg.name}"

    def register(self, reg: Registration) -> ResourceState:
        """Generate and apply this registration's step; the new state, or ``StepError``."""
        urn = self.urn_for(reg)
        if self.failed:
            raise StepError(f"{urn} was not started: an earlier step failed")
        if self.cancelled:
            raise StepError(f"{urn} was not started: the run was interrupted")
        if reg.unsupported_options:
            message = (
                f"the local engine does not implement the resource option(s) "
                f"{', '.join(reg.unsupported_options)}; use the Pulumi CLI for this program"
            )
            self.refuse(urn, reg.type, "create", message)
        if not reg.custom:
            return self._register_component(urn, reg)
        package = reg.type.split(":", 1)[0]
        dynamic = package == DYNAMIC_PACKAGE
        if (dynamic and reg.provider) or (not dynamic and self._providers is None):
            message = (
                f"{reg.type} needs the provider plugin of package {package!r}; the local "
                "engine serves Pulumi dynamic providers (pulumi-python) only through their "
                "default provider: use the Pulumi CLI for this program"
            )
            self.refuse(urn, reg.type, "create", message)
        what = "the dynamic provider server" if dynamic else "the provider plugin"
        try:
            if dynamic:
                provider_ref = self._default_provider()
            elif is_provider_type(reg.type):
                provider_ref = ""  # served by the registry itself (providers/registry.go)
            else:
                provider_ref = reg.provider or self._plugin_default_provider(package, reg.version)
            return self._register_custom(urn, reg, provider_ref)
        except (OSError, RuntimeError) as error:  # the provider could not be started
            self.fail(urn, reg.type, "create", f"{what}: {error}")
            raise StepError(str(error)) from None

    def _register_component(self, urn: str, reg: Registration) -> ResourceState:
        with self._lock:
            old = self._old.get(urn)
            new = ResourceState(
                urn=urn,
                type=reg.type,
                custom=False,
                parent=reg.parent,
                protect=reg.protect,
                dependencies=reg.dependencies,
                outputs=old.outputs if old is not None else {},
            )
            if reg.type == STACK_TYPE and not reg.parent:
                self.root_urn = urn
            self._new[urn] = new
        self.progress.step(StepRecord("same" if old is not None else "create", urn, reg.type))
        self.persist()
        return new

    def _default_provider(self) -> str:
        """The engine's default provider resource for the dynamic package, made on first use
        (step_generator.go ``loadResourceProvider`` / providers.NewDefaultProviderRef)."""
        provider_type = f"pulumi:providers:{DYNAMIC_PACKAGE}"
        urn = f"urn:pulumi:{self.stack}::{self.project}::{provider_type}::default"
        with self._lock:
            existing = self._new.get(urn)
            if existing is None:
                old = self._old.get(urn)
                provider_id = (
                    old.id if old is not None else (UNKNOWN if self.dry_run else str(uuid.uuid4()))
                )
                existing = ResourceState(urn=urn, type=provider_type, custom=True, id=provider_id)
                self._new[urn] = existing
                self.progress.step(
                    StepRecord("same" if old is not None else "create", urn, provider_type)
                )
                self.persist()
            return f"{urn}::{existing.id}"

    def _plugin_default_provider(self, package: str, version: str) -> str:
        """The package's default provider, registered as a provider resource on first use
        (default_providers.go ``newRegisterDefaultProviderEvent``); its reference."""
        assert self._providers is not None
        provider_type = f"{PROVIDER_TYPE_PREFIX}{package}"
        name = default_provider_name(version)
        urn = f"urn:pulumi:{self.stack}::{self.project}::{provider_type}::{name}"
        with self._lock:
            once = self._defaults.setdefault(urn, threading.Lock())
        with once:
            with self._lock:
                existing = self._new.get(urn)
            if existing is None:
                reg = Registration(
                    type=provider_type,
                    name=name,
                    custom=True,
                    parent="",
                    inputs=self._providers.default_inputs(package, version),
                    protect=False,
                    dependencies=(),
                )
                existing = self._register_custom(urn, reg, "")
        return f"{urn}::{existing.id}"

    def _client(self, type_: str, provider_ref: str) -> ResourceProvider:
        """The provider that serves this resource (providers_registry.py)."""
        if self._providers is None:
            return self._provider()
        client: ResourceProvider = self._providers.client_for(type_, provider_ref)
        return client

    def _previews(self, client: ResourceProvider) -> bool:
        """provider_plugin.go ``Create``/``Update``: only a provider that supports previews is
        called in one; the engine answers for the others with the inputs."""
        return self.dry_run and bool(getattr(client, "supports_preview", False))

    def _register_custom(self, urn: str, reg: Registration, provider_ref: str) -> ResourceState:
        with self._lock:
            old = self._old.get(urn)
            recreating = urn in self._recreating
        base = ResourceState(
            urn=urn,
            type=reg.type,
            custom=True,
            parent=reg.parent,
            protect=reg.protect,
            dependencies=reg.dependencies,
            provider=provider_ref,
            property_dependencies=reg.property_dependencies,
            additional_secret_outputs=reg.additional_secret_outputs,
            import_id=reg.id_to_import,
        )
        # step_generator.go ``continueStepsFromRefresh``: the old resource's import id, else
        # its id, is what an ``import_`` id is compared with.
        if reg.id_to_import and (old is None or (old.import_id or old.id) != reg.id_to_import):
            return self._import(urn, reg, base, old)
        if old is None or recreating:
            inputs = self._check(urn, reg, {}, provider_ref)
            op = "replace" if recreating else "create"
            return self._create(base.with_changes(inputs=inputs), reg, op=op)
        inputs = self._check(urn, reg, old.inputs, provider_ref)
        diff = self._diff(old, inputs, provider_ref)
        if not diff.changes and not old.pending_replacement:
            return self._same(old, base.with_changes(inputs=inputs, id=old.id))
        if diff.replaces or old.pending_replacement:
            if old.protect and reg.protect:
                message = (
                    f"unable to replace resource {urn} as it is currently marked for "
                    "protection; remove `protect` first"
                )
                self.refuse(urn, reg.type, "replace", message)
            inputs = self._check(urn, reg, {}, provider_ref)  # "recompute the default values"
            dbr = (
                diff.delete_before_replace
                if reg.delete_before_replace is None
                else reg.delete_before_replace
            )
            return self._replace(old, base.with_changes(inputs=inputs), reg, dbr)
        return self._update(old, base.with_changes(inputs=inputs, id=old.id), reg)

    def _call(self, urn: str, type_: str, op: str, call: Callable[[], _T]) -> _T:
        """A provider call whose failure fails the step (reported once, then ``StepError``)."""
        try:
            return call()
        except ProviderCallError as error:
            self.fail(urn, type_, op, str(error))
            raise StepError(str(error)) from None

    def _check(
        self, urn: str, reg: Registration, olds: dict[str, Any], provider_ref: str
    ) -> dict[str, Any]:
        """Check; failures fail the step (step_generator.go ``issueCheckErrors``)."""
        checked = self._call(
            urn,
            reg.type,
            "check",
            lambda: self._client(reg.type, provider_ref).check(urn, olds, reg.inputs),
        )
        if checked.failures:
            message = "; ".join(
                f"{prop or 'inputs'}: {reason}" for prop, reason in checked.failures
            )
            self.refuse(urn, reg.type, "check", message)
        return checked.inputs

    def _diff(self, old: ResourceState, inputs: dict[str, Any], provider_ref: str) -> DiffResult:
        """step_generator.go ``diffResource``: DIFF_UNKNOWN becomes a comparison of the inputs."""
        client = self._client(old.type, provider_ref)
        result = self._call(
            old.urn,
            old.type,
            "diff",
            lambda: client.diff(old.urn, old.id, old.inputs, old.outputs, inputs),
        )
        if result.changes is None:
            return replace(result, changes=not deep_equals(old.inputs, inputs))
        return result

    def _outputs(self, outputs: dict[str, Any], reg: Registration) -> dict[str, Any]:
        return mark_secret_outputs(outputs, reg.additional_secret_outputs)

    def _record(
        self,
        new: ResourceState,
        op: str,
        retired: ResourceState | None = None,
        operation: PendingOperation | None = None,
    ) -> ResourceState:
        """The new state joins the snapshot (taking the place of an old one pending replacement);
        ``retired`` (the old half of a create-before-delete replacement) becomes a pending
        delete in the same persisted write. ``operation`` (the call's pending operation) ends
        under the same lock, so no write holds neither it nor the new state."""
        with self._lock:
            if retired is not None and not self.dry_run:
                self._pending_deletes.append(
                    retired.with_changes(delete=True, pending_replacement=False)
                )
                self._gone.add(retired.urn)
            self._recreating.discard(new.urn)
            self._new[new.urn] = new
            if operation is not None:
                self.journal.end(operation)
        self.progress.step(StepRecord(op, new.urn, new.type))
        self.persist()
        return new

    def _same(self, old: ResourceState, new: ResourceState) -> ResourceState:
        """step.go ``SameStep.Apply``: the old id and outputs, the new inputs and options; a
        provider resource's plugin is configured (``SameProvider``, registry.go ``Same``)."""
        same = new.with_changes(outputs=old.outputs)
        if self._providers is not None and is_provider_type(new.type):
            self._call(new.urn, new.type, "same", partial(self._providers.same, same))
        return self._record(same, "same")

    def _create(
        self,
        new: ResourceState,
        reg: Registration,
        op: str = "create",
        retired: ResourceState | None = None,
    ) -> ResourceState:
        client = self._client(new.type, new.provider)
        if self._previews(client):
            id_, outputs = self._call(
                new.urn, new.type, op, lambda: client.create(new.urn, new.inputs, preview=True)
            )
            return self._record(new.with_changes(id=id_, outputs=self._outputs(outputs, reg)), op)
        if self.dry_run:
            return self._record(new.with_changes(outputs=dict(new.inputs)), op)
        with self.journal.pending(new, "creating", end_on_success=False) as operation:
            id_, outputs = self._call(
                new.urn, new.type, op, lambda: client.create(new.urn, new.inputs)
            )
        if not id_:  # provider_plugin.go ``Create``; step.go ``CreateStep.Apply`` checks it too
            self.journal.end(operation)
            message = f"plugin returned empty resource.ID from create '{new.urn}'"
            self.refuse(new.urn, new.type, op, message)
        created = new.with_changes(id=id_, outputs=self._outputs(outputs, reg))
        return self._record(created, op, retired, operation)

    def _update(self, old: ResourceState, new: ResourceState, reg: Registration) -> ResourceState:
        client = self._client(new.type, new.provider)
        preview = self._previews(client)
        if self.dry_run and not preview:
            return self._record(new.with_changes(outputs=dict(new.inputs)), "update")
        with self.journal.pending(new, "updating", end_on_success=False) as operation:
            outputs = self._call(
                new.urn,
                new.type,
                "update",
                partial(client.update, old.urn, old.id, old.inputs, old.outputs, new.inputs)
                if not preview
                else partial(
                    client.update,
                    old.urn,
                    old.id,
                    old.inputs,
                    old.outputs,
                    new.inputs,
                    preview=True,
                ),
            )
        updated = new.with_changes(outputs=self._outputs(outputs, reg))
        return self._record(updated, "update", operation=operation)

    def _replace(
        self, old: ResourceState, new: ResourceState, reg: Registration, delete_first: bool
    ) -> ResourceState:
        if delete_first:
            dependents = self._dependent_replacements(old)
            for dependent in dependents:
                if dependent.protect:
                    message = (
                        f"unable to replace resource {dependent.urn} as part of replacing "
                        f"{old.urn} as it is currently marked for protection; remove `protect` "
                        "first"
                    )
                    self.refuse(old.urn, old.type, "replace", message)
            for dependent in dependents:
                self._delete_for_replace(dependent)
            if not old.pending_replacement:  # deleted already by an earlier run
                self._delete_for_replace(old)
            return self._create(new, reg, op="replace")
        # Create-before-delete: the old object is retired only once its replacement exists; a
        # failed create leaves it the live resource (step.go ``CreateStep.Apply``, replacing).
        return self._create(new, reg, op="replace", retired=old)

    def _delete_for_replace(self, resource: ResourceState) -> None:
        """step.go ``DeleteStep.Apply`` of a delete-before-replace: the resource stays in the
        state, ``pendingReplacement``, until its replacement is created (or, not declared
        any more, is dropped from the state without another delete)."""
        if not self.dry_run:
            with self.journal.pending(resource, "deleting"):
                self._call(
                    resource.urn,
                    resource.type,
                    "delete",
                    lambda: self._client(resource.type, resource.provider).delete(
                        resource.urn, resource.id, resource.inputs, resource.outputs
                    ),
                )
        with self._lock:
            self._old[resource.urn] = resource.with_changes(pending_replacement=True)
            self._recreating.add(resource.urn)
        self.persist()

    def _dependent_replacements(self, root: ResourceState) -> list[ResourceState]:
        """Dependents that must be replaced too, in the order they are to be deleted.

        step_generator.go ``calculateDependentReplacements``: walk the old resources after the
        root that depend on it (graph ``DependingOn``: dependencies, property dependencies,
        provider), leaving out what this run registered already; one whose properties depend on
        a replaced resource is diffed with those properties unknown, and is replaced (deleted
        first) when Diff answers replacement keys. Returned in reverse, as deleted.
        """
        with self._lock:
            order = list(self._old_order)
            olds = dict(self._old)
            registered = set(self._new) | self._gone | self._recreating
        after_root = order[order.index(root.urn) + 1 :] if root.urn in order else []
        depending = {root.urn}
        replaced = {root.urn}
        found: list[ResourceState] = []
        for urn in after_root:
            candidate = olds.get(urn)
            if candidate is None or urn in registered:
                continue
            needs = set(candidate.dependencies).union(*candidate.property_dependencies.values())
            if candidate.provider:
                needs.add(candidate.provider.rsplit("::", 1)[0])
            if not needs & depending:
                continue
            depending.add(urn)
            if not candidate.custom:
                continue
            unknown = {
                key
                for key in candidate.inputs
                if set(candidate.property_dependencies.get(key, ())) & replaced
            }
            if not unknown:
                continue  # no property depends on a replaced resource: no Diff, no replacement
            inputs = {
                key: UNKNOWN if key in unknown else value for key, value in candidate.inputs.items()
            }
            result = self._call(
                root.urn,
                root.type,
                "replace",
                partial(self._dependent_diff, candidate, inputs),
            )
            if result.replaces:
                replaced.add(urn)
                found.append(candidate)
        return list(reversed(found))

    def _dependent_diff(self, candidate: ResourceState, inputs: dict[str, Any]) -> DiffResult:
        return self._client(candidate.type, candidate.provider).diff(
            candidate.urn, candidate.id, candidate.inputs, candidate.outputs, inputs
        )

    def _import(
        self, urn: str, reg: Registration, base: ResourceState, old: ResourceState | None
    ) -> ResourceState:
        """step.go ``ImportStep.Apply``: Read with the id alone (no inputs, no state); no object
        ("resource '<id>' does not exist") or no inputs ("provider does not support importing
        resources") fails the step; the object read, its inputs and outputs, is the state.
        Then step_generator.go ``continueStepsFromImport``: Check with the inputs read as
        ``olds`` and the program's as ``news``, and Diff against what was read: no change
        leaves the imported state as it is (no Same step, the read inputs stay), a change is
        an Update of the imported object, a replacement is refused ("previously-imported
        resources that still specify an ID may not be replaced"; a warning in a preview).
        The dynamic server cannot find its provider in an empty Read: the CLI's failure.
        Replacing a recorded resource by import (``NewImportReplacementStep``) is refused."""
        if old is not None:
            message = (
                f"import id {reg.id_to_import!r} differs from the id {old.id!r} the state "
                "records: replacing a resource by import is not implemented by the local "
                "engine; remove the import option or use the Pulumi CLI"
            )
            self.refuse(urn, reg.type, "import", message)
        client = self._client(reg.type, base.provider)
        id_, outputs, read_inputs = self._call(
            urn, reg.type, "import", lambda: client.read(urn, reg.id_to_import, {}, {})
        )
        if not id_:
            self.refuse(urn, reg.type, "import", f"resource '{reg.id_to_import}' does not exist")
        if read_inputs is None:
            package = reg.type.split(":", 1)[0]
            message = (
                "provider does not support importing resources; please try updating the "
                f"'{package}' plugin"
            )
            self.refuse(urn, reg.type, "import", message)
        imported = self._record(
            base.with_changes(id=id_, inputs=read_inputs, outputs=self._outputs(outputs, reg)),
            "import",
        )
        inputs = self._check(urn, reg, imported.inputs, base.provider)
        diff = self._diff(imported, inputs, base.provider)
        if not diff.changes:
            return imported
        if diff.replaces:
            message = (
                "previously-imported resources that still specify an ID may not be replaced; "
                "please remove the `import` declaration from your program; "
                + ", ".join(diff.replaces)
            )
            if not self.dry_run:
                self.refuse(urn, reg.type, "import", message)
            self.progress.line(f"warning: {urn}: {message}")
            return imported
        return self._update(imported, base.with_changes(inputs=inputs, id=imported.id), reg)

    def read_resource(self, reg: Registration, id_: str) -> ResourceState:
        """step_generator.go ``GenerateReadSteps`` and step.go ``ReadStep.Apply``: Read with the
        id and the program's properties as inputs and state (an unknown id reads nothing); no
        object fails ("resource '<id>' does not exist"); the state records it ``external``.
        Reading over a managed resource of another id (``NewReadReplacementStep``) is refused."""
        urn = self.urn_for(reg)
        if self.stopped:
            raise StepError(f"{urn} was not started: an earlier step failed or the run stopped")
        package = reg.type.split(":", 1)[0]
        if self._providers is None or package == DYNAMIC_PACKAGE:
            self.refuse(urn, reg.type, "read", f"{reg.type}: no Read for package {package!r}")
        with self._lock:
            old = self._old.get(urn)
        if old is not None and not old.external and old.id != id_:
            message = (
                "reading over a managed resource of another id is not implemented by the local "
                "engine; use the Pulumi CLI"
            )
            self.refuse(urn, reg.type, "read", message)
        try:
            provider_ref = reg.provider or self._plugin_default_provider(package, reg.version)
        except (OSError, RuntimeError) as error:
            self.refuse(urn, reg.type, "read", f"the provider plugin: {error}")
        state = ResourceState(
            urn=urn,
            type=reg.type,
            custom=True,
            id=id_,
            inputs=reg.inputs,
            parent=reg.parent,
            dependencies=reg.dependencies,
            provider=provider_ref,
            additional_secret_outputs=reg.additional_secret_outputs,
            external=True,
        )
        if id_ == UNKNOWN:
            return self._record(state, "read")
        client = self._client(reg.type, provider_ref)
        read_id, outputs, _ = self._call(
            urn, reg.type, "read", lambda: client.read(urn, id_, reg.inputs, reg.inputs)
        )
        if not read_id:
            self.refuse(urn, reg.type, "read", f"resource '{id_}' does not exist")
        read = state.with_changes(id=read_id, outputs=self._outputs(outputs, reg))
        return self._record(read, "read")

    def invoke(
        self, token: str, args: dict[str, Any], provider_ref: str, version: str
    ) -> tuple[dict[str, Any], list[Any]]:
        """source_eval.go ``resmon.Invoke``: the function's provider is the one the call names,
        else the package's default provider (registered as for a resource); its answer and
        check failures go back to the program."""
        package = token.split(":", 1)[0]
        if self._providers is None or package == DYNAMIC_PACKAGE:
            raise StepError(f"{token}: the local engine has no provider functions for {package!r}")
        try:
            ref = provider_ref or self._plugin_default_provider(package, version)
            client: Any = self._providers.client_for(token, ref)
            returned, failures = client.invoke(token, args)
        except PluginError as error:
            raise PluginUnavailableError(f"{token}: {error}") from None
        except (ProviderCallError, OSError, RuntimeError) as error:
            raise StepError(f"{token}: {error}") from None
        return returned, failures

    def register_outputs(self, urn: str, outputs: dict[str, Any]) -> None:
        """RegisterResourceOutputs: a component's outputs join its state; the stack's wait for
        the end of the run (step_executor.go ``executeRegisterResourceOutputs`` keeps the
        stack's event until ``finalizingStackOutputs``)."""
        with self._lock:
            current = self._new.get(urn)
            if current is None:
                return
            if urn == self.root_urn:
                self._stack_outputs = outputs
                return
            self._new[urn] = current.with_changes(outputs=outputs)
        self.persist()

    def finalize_stack_outputs(self, *, errored: bool) -> None:
        """The stack's outputs: the new ones, or after a failed run the old ones overwritten
        by those the program registered ("the absence of an output can't safely be assumed
        to mean it was deleted", step_executor.go; tests/integration/
        stack_outputs_program_error)."""
        with self._lock:
            current = self._new.get(self.root_urn)
            if current is None or self._stack_outputs is None:
                return
            old = self._old.get(self.root_urn)
            outputs = dict(self._stack_outputs)
            if errored and old is not None:
                outputs = {**old.outputs, **outputs}
            self._new[self.root_urn] = current.with_changes(outputs=outputs)
        self.persist()

    def stack_outputs_change(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The stack's outputs before this run and after it (planned, in a preview): what the
        display's Outputs section compares (pkg/backend/display/progress.go ``printOutputs``)."""
        with self._lock:
            old = self._old.get(self.root_urn)
            new = self._new.get(self.root_urn)
            before = dict(old.outputs) if old is not None else {}
            if new is None or self._stack_outputs is None:
                return before, before
            return before, dict(new.outputs)
