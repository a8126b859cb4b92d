"""``monite-local-engine import --file F``: ``pulumi import --file`` without the program.

The file is the CLI's (pkg/cmd/pulumi/operations/import.go ``importFile``, ``importSpec``):
``{"nameTable": {name: urn}, "resources": [{"type", "name", "id", "parent", "provider",
"version", "properties", "logicalName"}]}``; ``parseImportFile``'s checks apply (a type and a
name each, an id for every resource that is not a provider, ``logicalName`` and ``name``
standing in for each other, ``parent``/``provider`` a name of the table or of the file, or a
URN). What the local engine does not do is refused with a message: components, ``remote``,
``inputs``/``outputs`` in the file, provider resources declared in it, ``providerInputs``,
plugin download URLs, code generation (``--out``).

The import deployment (pkg/resource/deploy/import.go ``importer.importResources``): the
resources of the state stay as they are (``registerExistingResources``); the stack resource is
created when missing (``getOrCreateStackResource``); each package's default provider is taken
from the state or registered as a provider resource (``registerProviders``); an import whose URN
the state holds with the same id does nothing, with another id fails ("resource ... already
exists", step.go ``ImportStep.Apply`` planned); each import is an ImportStep: Read with the id
alone, no object fails, no inputs fails, the inputs read (only ``properties`` when given) are
checked with themselves as ``olds`` and Check failures are warnings ("One or more imported inputs
failed to validate"); the resource is recorded with the inputs and outputs read, ``protect`` as
``--protect`` (default true), its parent the stack unless the file names one. Imports run as
many at once as the engine's parallelism, parents before children.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monite_pulumi.local_engine.deployment import STACK_TYPE
from monite_pulumi.local_engine.journal import Journal
from monite_pulumi.local_engine.operations import Outcome, Session
from monite_pulumi.local_engine.program import PARALLEL
from monite_pulumi.local_engine.progress import Progress, StepRecord
from monite_pulumi.local_engine.provider import ProviderCallError
from monite_pulumi.local_engine.providers_registry import (
    PROVIDER_TYPE_PREFIX,
    ProviderRegistry,
    default_provider_name,
    is_provider_type,
)
from monite_pulumi.local_engine.state import ResourceState, StackState

__all__ = ["ImportFileError", "ImportSpec", "import_from_file", "read_import_file"]

_UNSUPPORTED = {
    "component": "components",
    "remote": "remote components",
    "inputs": "inputs given in the file",
    "outputs": "outputs given in the file",
    "pluginDownloadUrl": "plugin download URLs",
}


class ImportFileError(Exception):
    """The file is not one ``pulumi import --file`` would take (or uses what is not done here)."""


@dataclass(frozen=True)
class ImportSpec:
    type: str
    name: str
    id: str
    parent: str = ""
    """A URN or a name of the name table / of the file ("" = the stack)."""
    provider: str = ""
    version: str = ""
    properties: tuple[str, ...] = ()


def _describe(index: int, raw: dict[str, Any]) -> str:
    """import.go ``describeResource``."""
    label = f"'{raw.get('name') or raw.get('id')}'" if raw.get("name") or raw.get("id") else index
    kind = f" of type '{raw['type']}'" if raw.get("type") else ""
    return f"resource {label}{kind}"


def read_import_file(path: Path) -> tuple[list[ImportSpec], dict[str, str]]:
    """The specs and the name table, or ``ImportFileError`` naming every problem."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImportFileError(f"could not read import file {path}: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("resources", []), list):
        raise ImportFileError(f"{path}: expected an object with a `resources` list")
    if document.get("providerInputs"):
        raise ImportFileError("providerInputs: not supported by the local engine")
    table = document.get("nameTable") or {}
    problems: list[str] = []
    specs: list[ImportSpec] = []
    for index, raw in enumerate(document.get("resources") or []):
        if not isinstance(raw, dict):
            problems.append(f"resource {index} is not an object")
            continue
        name = str(raw.get("name") or raw.get("logicalName") or "")
        described = _describe(index, raw)
        if not raw.get("type"):
            problems.append(f"{described} has no type")
        if not name:
            problems.append(f"{described} has no name")
        for key, what in _UNSUPPORTED.items():
            if raw.get(key):
                problems.append(f"{described}: {what} are not supported by the local engine")
        if is_provider_type(str(raw.get("type", ""))):
            problems.append(
                f"{described}: provider resources in the file are not supported by the local "
                "engine (its default provider is registered from the stack config)"
            )
        elif not raw.get("id"):
            problems.append(f"{described} has no ID")
        specs.append(
            ImportSpec(
                type=str(raw.get("type", "")),
                name=name,
                id=str(raw.get("id", "")),
                parent=str(raw.get("parent", "")),
                provider=str(raw.get("provider", "")),
                version=str(raw.get("version", "")),
                properties=tuple(str(p) for p in raw.get("properties") or ()),
            )
        )
    if problems:
        raise ImportFileError("; ".join(problems))
    return specs, {str(k): str(v) for k, v in table.items()}


class _Importer:
    def __init__(self, session: Session, progress: Progress, protect: bool) -> None:
        self.session = session
        self.progress = progress
        self.protect = protect
        self.dry_run = progress.dry_run
        self.state = session.state_file.load()
        self.lock = threading.Lock()
        self.save_lock = threading.Lock()
        self.journal = Journal(self.state.pending_operations, self.persist)
        """The previous run's pending creates, carried. An import only reads: it is not
        journaled (snapshot.go's ``importing`` is not among the state schema's operation
        types, apitype/deployments.json)."""
        self.registry: ProviderRegistry = session.registry(lambda: self.state.resources)
        self.by_urn = {r.urn: r for r in self.state.resources if not r.delete}

    def urn(self, parent: str, type_: str, name: str) -> str:
        chain = type_
        if parent:
            parent_chain = parent.split("::")[2]
            if parent_chain != STACK_TYPE:
                chain = f"{parent_chain}${type_}"
        return f"urn:pulumi:{self.session.stack}::{self.session.project.name}::{chain}::{name}"

    def persist(self) -> None:
        """The whole state, one writer at a time (a later copy never lands first)."""
        if not self.dry_run:
            with self.save_lock:
                with self.lock:
                    resources = list(self.state.resources)
                self.session.state_file.save(StackState(resources, self.journal.operations()))

    def add(self, resource: ResourceState, op: str) -> None:
        with self.lock:
            self.state.resources.append(resource)
            self.by_urn[resource.urn] = resource
        self.persist()
        self.progress.step(StepRecord(op, resource.urn, resource.type))

    def stack(self) -> str:
        """import.go ``getOrCreateStackResource``."""
        for resource in self.state.resources:
            if resource.type == STACK_TYPE and not resource.parent:
                return resource.urn
        name = f"{self.session.project.name}-{self.session.stack}"
        urn = self.urn("", STACK_TYPE, name)
        self.add(ResourceState(urn=urn, type=STACK_TYPE, custom=False), "create")
        return urn

    def default_provider(self, package: str, version: str) -> str:
        """import.go ``registerProviders``: from the state, else Check and Create."""
        type_ = f"{PROVIDER_TYPE_PREFIX}{package}"
        urn = self.urn("", type_, default_provider_name(version))
        existing = self.by_urn.get(urn)
        if existing is not None:
            return f"{urn}::{existing.id}"
        providers = self.registry.provider_resources
        checked = providers.check(urn, {}, self.registry.default_inputs(package, version))
        if checked.failures:
            reasons = "; ".join(f"{prop}: {reason}" for prop, reason in checked.failures)
            raise ImportFileError(f"{urn}: {reasons}")
        id_, outputs = providers.create(urn, checked.inputs, preview=self.dry_run)
        self.add(
            ResourceState(
                urn=urn, type=type_, custom=True, id=id_, inputs=checked.inputs, outputs=outputs
            ),
            "create",
        )
        return f"{urn}::{id_}"

    def import_one(self, spec: ImportSpec, urn: str, parent: str, provider_ref: str) -> bool:
        """step.go ``ImportStep.Apply`` (planned)."""
        client = self.registry.client_for(spec.type, provider_ref)
        try:
            id_, outputs, read_inputs = client.read(urn, spec.id, {}, {})
        except (ProviderCallError, RuntimeError) as error:
            return self.failed(urn, spec.type, str(error))
        if not id_:
            return self.failed(urn, spec.type, f"resource '{spec.id}' does not exist")
        if read_inputs is None:
            package = spec.type.split(":", 1)[0]
            return self.failed(
                urn,
                spec.type,
                "provider does not support importing resources; please try updating the "
                f"'{package}' plugin",
            )
        inputs = (
            {k: v for k, v in read_inputs.items() if k in spec.properties}
            if spec.properties
            else dict(read_inputs)
        )
        try:
            checked = client.check(urn, read_inputs, inputs)
        except ProviderCallError as error:
            return self.failed(urn, spec.type, str(error))
        if checked.failures:
            self.progress.line(
                f"warning: {urn}: One or more imported inputs failed to validate. The import "
                "will still proceed, but the declaration will need editing: "
                + "; ".join(f"{prop}: {reason}" for prop, reason in checked.failures)
            )
        self.add(
            ResourceState(
                urn=urn,
                type=spec.type,
                custom=True,
                id=id_,
                inputs=inputs,
                outputs=outputs,
                parent=parent,
                protect=self.protect,
                provider=provider_ref,
            ),
            "import",
        )
        return True

    def failed(self, urn: str, type_: str, message: str) -> bool:
        self.progress.step(StepRecord("import", urn, type_, error=message))
        self.progress.error(f"{urn}: import failed: {message}")
        return False


def import_from_file(
    session: Session, progress: Progress, path: Path, *, protect: bool = True
) -> Outcome:
    """Import every resource the file names (see the module docstring); ``ImportFileError``
    for a bad file or an import that cannot start."""
    started = time.monotonic()
    specs, table = read_import_file(path)
    importer = _Importer(session, progress, protect)
    names = {spec.name: spec for spec in specs}

    def resolve(name: str) -> str:
        if not name or name.startswith("urn:pulumi:"):
            return name
        if name in table:
            return table[name]
        if name in names:
            spec = names[name]
            return importer.urn(resolve(spec.parent) or stack_urn, spec.type, spec.name)
        raise ImportFileError(f"the name {name!r} is neither in the nameTable nor in the file")

    stack_urn = importer.stack()
    planned: list[tuple[ImportSpec, str, str, str]] = []
    seen: set[str] = set()
    for spec in specs:
        parent = resolve(spec.parent) or stack_urn
        urn = importer.urn(parent, spec.type, spec.name)
        if urn in seen:
            raise ImportFileError(f"duplicate import '{spec.name}' of type '{spec.type}'")
        seen.add(urn)
        old = importer.by_urn.get(urn)
        if old is not None:
            if old.id == spec.id:
                continue  # imported already
            raise ImportFileError(f"resource '{urn}' already exists")
        provider = resolve(spec.provider)
        if provider:
            recorded = importer.by_urn.get(provider)
            if recorded is None:
                raise ImportFileError(f"provider {provider!r} is not in the state")
            provider_ref = f"{provider}::{recorded.id}"
        else:
            provider_ref = importer.default_provider(spec.type.split(":", 1)[0], spec.version)
        planned.append((spec, urn, parent, provider_ref))

    ok = True
    pending = planned
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        while pending and ok:
            waiting = {urn for _, urn, _, _ in pending}
            ready = [item for item in pending if item[2] not in waiting]
            pending = [item for item in pending if item[2] in waiting]
            if not ready:
                raise ImportFileError("the file's parents form a cycle")
            results = list(pool.map(lambda item: importer.import_one(*item), ready))
            ok = all(results)
    progress.summary(time.monotonic() - started)
    return Outcome(ok=ok and not progress.diagnostics, changed=progress.changed())
