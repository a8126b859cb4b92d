"""The verbs: preview/up (run the program), refresh (read back), destroy (delete everything)."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi.runtime.proto import resource_pb2

from monite_pulumi.local_engine.crypter import passphrase_from_env
from monite_pulumi.local_engine.deletes import DeleteRunner
from monite_pulumi.local_engine.deployment import Deployment
from monite_pulumi.local_engine.journal import Journal, pending_operations_warning
from monite_pulumi.local_engine.lock import StackLock
from monite_pulumi.local_engine.monitor import SUPPORTED_FEATURES, MonitorServer
from monite_pulumi.local_engine.plugins import EngineHost, start_plugin
from monite_pulumi.local_engine.program import ORGANIZATION, PARALLEL, run_program
from monite_pulumi.local_engine.progress import Progress, StepRecord
from monite_pulumi.local_engine.project import Project, StackConfig
from monite_pulumi.local_engine.properties import deep_equals, mark_secret_outputs
from monite_pulumi.local_engine.provider import (
    ProviderCallError,
    ProviderClient,
    ProviderProcess,
)
from monite_pulumi.local_engine.providers_registry import ProviderRegistry
from monite_pulumi.local_engine.state import (
    STATE_DIR_NAME,
    PendingOperation,
    ResourceState,
    StackState,
    StateFile,
)

__all__ = ["COMMAND", "Outcome", "Session", "destroy", "refresh", "update"]

COMMAND = "monite-local-engine"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    changed: bool
    interrupted: bool = False


class Session:
    """Project, stack, config and state file of one command; the provider started on demand."""

    def __init__(self, project: Project, stack: str, state_dir: Path | None = None) -> None:
        self.project = project
        self.stack = stack
        self.config: StackConfig = project.load_config(stack)
        directory = state_dir or project.directory / STATE_DIR_NAME
        self.state_file = StateFile(directory, stack, passphrase_from_env())
        where = f" --state-dir {state_dir}" if state_dir is not None else ""
        self.stack_lock = StackLock(
            directory / f"{stack}.lock.json",
            f"{COMMAND} cancel --stack {stack} --cwd {project.directory}{where}",
        )
        self.cancelled = threading.Event()
        """Set by the first Ctrl-C: every operation starts no new step from then on."""
        self._provider: ProviderClient | None = None
        self._process: ProviderProcess | None = None
        self._lock = threading.Lock()
        self._engine_host: EngineHost | None = None
        self._registries: list[ProviderRegistry] = []

    def registry(self, known: Callable[[], Sequence[ResourceState]]) -> ProviderRegistry:
        """The provider plugins of one operation (providers_registry.py); ``known`` are the
        provider resources a reference may name."""
        registry = ProviderRegistry(
            start=self._start_plugin, dynamic=self.provider, config=self.config, known=known
        )
        with self._lock:
            self._registries.append(registry)
        return registry

    def _start_plugin(self, package: str) -> Any:
        """plugins.py: as the CLI starts ``pulumi-resource-<package>``, with the address of an
        engine host (its ``Log``) that lives as long as the session."""
        with self._lock:
            if self._engine_host is None:
                self._engine_host = EngineHost()
            address = self._engine_host.address
        return start_plugin(self.project, package, address, self.provider_environment())

    def provider(self) -> ProviderClient:
        """Started once, on the first provider call, configured with the whole stack config."""
        with self._lock:
            if self._provider is None:
                self._process = ProviderProcess(
                    self.project.python, self.project.directory, self.provider_environment()
                )
                client = ProviderClient(self._process.target)
                client.configure(self.config.values, self.config.secret_keys)
                self._provider = client
            return self._provider

    def provider_environment(self) -> dict[str, str]:
        """What the CLI adds for a provider plugin (sdk/go/common/resource/plugin/
        provider_plugin.go ``NewProvider``): ``PULUMI_RUNTIME_<OPTION>`` per runtime option,
        ``PULUMI_PROJECT`` and ``PULUMI_CONFIG`` (the stack config as JSON)."""
        env = dict(os.environ)
        for key, value in self.project.runtime_options.items():
            env[f"PULUMI_RUNTIME_{key.upper()}"] = value
        env["PULUMI_PROJECT"] = self.project.name
        env["PULUMI_CONFIG"] = json.dumps(self.config.values)
        return env

    def warm_up(self) -> None:
        """Start the provider in the background while the program starts (both take seconds)."""
        threading.Thread(target=self._warm, daemon=True).start()

    def _warm(self) -> None:
        try:
            self.provider()
        except Exception:  # reported again on the first real use
            return

    def close(self) -> None:
        with self._lock:
            registries, self._registries = self._registries, []
        for registry in registries:
            registry.close()
        with self._lock:
            if self._engine_host is not None:
                self._engine_host.stop()
                self._engine_host = None
            if self._provider is not None:
                self._provider.close()
            if self._process is not None:
                self._process.stop()
            self._provider = None
            self._process = None


def _deployment_info(session: Session, dry_run: bool) -> resource_pb2.DeploymentInfo:
    return resource_pb2.DeploymentInfo(
        project=session.project.name,
        stack=session.stack,
        organization=ORGANIZATION,
        config=session.config.values,
        configSecretKeys=sorted(session.config.secret_keys),
        dryRun=dry_run,
        parallel=PARALLEL,
        supportedFeatures=sorted(SUPPORTED_FEATURES.values()),
    )


def update(session: Session, progress: Progress) -> Outcome:
    """``pulumi preview`` (progress.dry_run) or ``pulumi up``: the program's steps, then deletes.

    Under ``--json`` the program's own prints become info diagnostics, as the CLI's are."""
    started = time.monotonic()
    dry_run = progress.dry_run
    old = session.state_file.load()
    if old.pending_operations:  # deployment_executor.go ``Execute``
        progress.warning(pending_operations_warning(old.pending_operations, COMMAND))
    if old.pending_creates() and not dry_run:
        # Stricter than the CLI, which goes on: a create it cannot see would be made again.
        progress.error(
            f"{len(old.pending_creates())} create(s) of an interrupted run are pending: up "
            "would create those objects again; resolve them with refresh first (see above)"
        )
        progress.summary(time.monotonic() - started)
        return Outcome(ok=False, changed=False)
    session.warm_up()

    registry = session.registry(lambda: [*deployment.snapshot().resources, *old.resources])
    deployment = Deployment(
        project=session.project.name,
        stack=session.stack,
        old=old,
        provider=session.provider,
        dry_run=dry_run,
        persist=session.state_file.save,
        progress=progress,
        cancelled=session.cancelled,
        providers=registry,
    )
    with MonitorServer(deployment, _deployment_info(session, dry_run)) as monitor:
        code = run_program(
            session.project,
            session.stack,
            session.config,
            address=monitor.address,
            dry_run=dry_run,
            on_output=progress.info if progress.as_json else None,
        )
    if code != 0 and not deployment.stopped:
        progress.error(f"the program failed (exit code {code}); see its messages above")
    ok = code == 0 and not deployment.stopped
    deployment.finalize_stack_outputs(errored=not ok)
    if ok:
        runner = DeleteRunner(
            provider=session.provider,
            provider_for=lambda r: registry.client_for(r.type, r.provider),
            dry_run=dry_run,
            on_step=progress.step,
            on_error=progress.error,
            forget=deployment.forget,
            journal=deployment.journal,
            cancelled=session.cancelled,
        )
        ok = runner.run(deployment.unregistered())
    deployment.persist()
    progress.outputs(*deployment.stack_outputs_change())
    progress.summary(time.monotonic() - started)
    return Outcome(
        ok=ok and not progress.diagnostics,
        changed=progress.changed(),
        interrupted=session.cancelled.is_set(),
    )


def refresh(
    session: Session,
    progress: Progress,
    *,
    import_pending_creates: Sequence[tuple[str, str]] = (),
    clear_pending_creates: bool = False,
) -> Outcome:
    """``pulumi refresh``: Read each custom resource with its old outputs and old inputs.

    step.go ``RefreshStep.Apply``: outputs become what Read returned, inputs too when Read
    returned some (else the old inputs stay), and a resource whose Read answers an empty id is
    gone and leaves the state. Then the provider's Diff is asked (``diffResource`` with what was
    read as the olds and the old inputs as the news): its answer is what the step reports
    (``ResultOp``: same when Diff finds no change) and its failure fails the step, the read
    state being kept. A resource pending replacement is not read. Secret outputs stay secret
    (``annotateSecrets`` and the stored ``additionalSecretOutputs``). The program is not run.

    deployment_executor.go ``refresh``: every resource is read, pending deletes too, whatever
    failed (the refresh's step executor ignores errors), and the run fails afterwards;
    ``rebuildBaseState`` then drops the resources found gone from the dependencies of the rest,
    and the state is written once.

    Pending operations (pkg/cmd/pulumi/operations/refresh.go): ``--import-pending-creates URN
    ID`` makes a pending create a resource with that id, read like the rest; a URN that is not
    a pending create is warned about; ``--clear-pending-creates`` drops the remaining ones; the
    other pending operations are cleared by any refresh.
    """
    started = time.monotonic()
    old = session.state_file.load()
    imported, kept_creates = _resolve_pending_creates(
        old.pending_creates(), dict(import_pending_creates), clear_pending_creates, progress
    )
    resources: list[ResourceState | None] = [*old.resources, *imported]
    lock = threading.Lock()
    registry = session.registry(lambda: old.resources)

    def read_one(index: int) -> None:
        resource = resources[index]
        assert resource is not None
        if session.cancelled.is_set():  # interrupted: no new read starts
            return
        try:
            provider = registry.client_for(resource.type, resource.provider)
            id_, outputs, inputs = provider.read(
                resource.urn, resource.id, resource.inputs, resource.outputs
            )
        except (ProviderCallError, RuntimeError) as error:  # RuntimeError: a plugin's start
            _refresh_failed(progress, resource, error)
            return
        if not id_:
            with lock:
                resources[index] = None
            progress.step(StepRecord("delete", resource.urn, resource.type))
            return
        new = resource.with_changes(
            id=id_,
            outputs=mark_secret_outputs(outputs, resource.additional_secret_outputs),
            inputs=resource.inputs if inputs is None else inputs,
        )
        with lock:
            resources[index] = new
        try:
            diff = provider.diff(new.urn, new.id, new.inputs, new.outputs, resource.inputs)
        except ProviderCallError as error:
            _refresh_failed(progress, resource, error)
            return
        changed = (
            not deep_equals(new.inputs, resource.inputs) if diff.changes is None else diff.changes
        )
        progress.step(StepRecord("update" if changed else "same", resource.urn, resource.type))

    readable = [i for i, r in enumerate(resources) if _is_read_by_refresh(r)]
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        list(pool.map(read_one, readable))
    if not progress.dry_run:
        session.state_file.save(
            StackState(_rebuilt([r for r in resources if r is not None]), kept_creates)
        )
    progress.summary(time.monotonic() - started)
    return Outcome(
        ok=not progress.diagnostics,
        changed=progress.changed(),
        interrupted=session.cancelled.is_set(),
    )


def _resolve_pending_creates(
    pending: Sequence[PendingOperation],
    imports: dict[str, str],
    clear: bool,
    progress: Progress,
) -> tuple[list[ResourceState], list[PendingOperation]]:
    """refresh.go ``pendingCreatesToImports`` then ``filterMapPendingCreates``: the resources
    to import (read like the rest) and the pending creates left."""
    imported: list[ResourceState] = []
    kept: list[PendingOperation] = []
    for operation in pending:
        id_ = imports.pop(operation.resource.urn, None)
        if id_ is not None:
            imported.append(operation.resource.with_changes(id=id_))
        elif not clear:
            kept.append(operation)
    for urn in imports:
        progress.warning(f'"{urn}" did not correspond to a pending create')
    return imported, kept


def _refresh_failed(progress: Progress, resource: ResourceState, error: Exception) -> None:
    progress.step(StepRecord("refresh", resource.urn, resource.type, error=str(error)))
    progress.error(f"{resource.urn}: refresh failed: {error}")


def _rebuilt(resources: list[ResourceState]) -> list[ResourceState]:
    """deployment_executor.go ``rebuildBaseState`` and ``undangleParentResources``: references
    to resources no longer in the state (or not before the referrer) are dropped, a parent gone
    included (the state is in dependency order, so a parent comes first)."""
    referenceable: set[str] = set()
    rebuilt = []
    for resource in resources:
        rebuilt.append(
            resource.with_changes(
                parent=resource.parent if resource.parent in referenceable else "",
                dependencies=tuple(u for u in resource.dependencies if u in referenceable),
                property_dependencies={
                    key: kept
                    for key, urns in resource.property_dependencies.items()
                    if (kept := [u for u in urns if u in referenceable])
                },
            )
        )
        referenceable.add(resource.urn)
    return rebuilt


def destroy(session: Session, progress: Progress) -> Outcome:
    """``pulumi destroy``: every resource deleted in reverse dependency order; state empty."""
    started = time.monotonic()
    old = session.state_file.load()
    if old.pending_operations and not progress.dry_run:  # deployment_executor.go ``Execute``
        progress.warning(pending_operations_warning(old.pending_operations, COMMAND))
    remaining = list(old.resources)
    lock = threading.Lock()

    def persist() -> None:
        if not progress.dry_run:
            with lock:
                session.state_file.save(StackState(list(remaining), journal.operations()))

    journal = Journal(old.pending_operations, persist)

    def forget(resource: ResourceState) -> None:
        with lock:
            remaining[:] = [r for r in remaining if r is not resource]
        persist()

    registry = session.registry(lambda: old.resources)
    runner = DeleteRunner(
        provider=session.provider,
        provider_for=lambda r: registry.client_for(r.type, r.provider),
        dry_run=progress.dry_run,
        on_step=progress.step,
        on_error=progress.error,
        forget=forget,
        journal=journal,
        cancelled=session.cancelled,
    )
    ok = runner.run(list(reversed(old.resources)))
    progress.summary(time.monotonic() - started)
    return Outcome(
        ok=ok and not progress.diagnostics,
        changed=progress.changed(),
        interrupted=session.cancelled.is_set(),
    )


def _is_read_by_refresh(resource: ResourceState | None) -> bool:
    """step.go ``RefreshStep.Apply``: components, provider resources and resources pending
    replacement are left as they are; everything else is read, pending deletes included."""
    return (
        resource is not None
        and resource.custom
        and not resource.pending_replacement
        and not resource.type.startswith("pulumi:providers:")
    )
