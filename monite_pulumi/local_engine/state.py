"""One stack's state: a file in the shape ``pulumi stack export`` prints (deployment version 3).

``{"version": 3, "deployment": {"manifest", "secrets_providers", "resources": [...]}}`` with each
resource as the CLI's ``apitype.ResourceV3`` (urn, custom, id, type, inputs, outputs, parent,
protect, dependencies, provider, propertyDependencies, additionalSecretOutputs, delete,
pendingReplacement), so
``monite_pulumi.platform.drift`` and other readers of an export read it unchanged. Secret values
are stored ``{SIG_KEY: SECRET_SIG, "ciphertext": "v1:..."}`` (see ``crypter``); the file never
holds a secret in plain text. Every write goes to a temporary file that then replaces the old
one (``os.replace``), so a crash leaves either the previous or the next state, never half of one;
the previous state is kept beside it as ``<stack>.json.bak`` (pkg/backend/diy/state.go
``backupTarget``, which the file backend calls on every save).

``pending_operations`` (apitype ``OperationV2``: the resource as the operation started and its
type) lists provider calls that change something and had not ended when the file was written
(pkg/backend/snapshot.go ``markOperationPending``). ``manifest.magic`` is the sha256 of
``manifest.version``, as pkg/resource/deploy/manifest.go ``NewMagic`` computes it and
snapshot.go ``VerifyIntegrity`` checks it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from monite_pulumi.local_engine.crypter import Crypter, new_salt_state
from monite_pulumi.local_engine.properties import SECRET_SIG, SIG_KEY, is_secret

__all__ = [
    "OPERATION_TYPES",
    "SECRETS_PROVIDER_TYPE",
    "STATE_DIR_NAME",
    "PendingOperation",
    "ResourceState",
    "StackState",
    "StateError",
    "StateFile",
]

STATE_DIR_NAME = ".monite-local-engine"
SECRETS_PROVIDER_TYPE = "monite-local-engine-passphrase"
"""Not the CLI's ``passphrase`` type: this file is not a CLI backend and does not claim to be."""


class StateError(Exception):
    """The state file cannot be read or was written by something else."""


@dataclass(frozen=True)
class ResourceState:
    urn: str
    type: str
    custom: bool
    id: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    parent: str = ""
    protect: bool = False
    dependencies: tuple[str, ...] = ()
    provider: str = ""
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    additional_secret_outputs: tuple[str, ...] = ()
    delete: bool = False
    """Kept only until deleted: the old half of a create-before-delete replacement."""
    pending_replacement: bool = False
    """Deleted already by a delete-before-replace whose create has not succeeded yet (step.go
    ``DeleteStep.Apply``); the next run replaces it without deleting it again."""
    import_id: str = ""
    external: bool = False
    """Read, not managed (``ReadResource``, a ``get``): deleting it only forgets it (step.go
    ``DeleteStep.Apply``: "Deleting an External resource is a no-op")."""
    """The ``import_`` id the program gave (``importID``; step_generator.go records the goal's
    id): an import id that differs from the object's id is still the same import next run."""

    def with_changes(self, **changes: Any) -> ResourceState:
        return replace(self, **changes)

    @property
    def name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]


OPERATION_TYPES = ("creating", "updating", "deleting", "reading")
"""apitype ``OperationType`` values the state's schema allows (sdk/go/common/apitype/core.go)."""


@dataclass(frozen=True)
class PendingOperation:
    """A provider call that changes something, recorded before it starts (apitype
    ``OperationV2``): if the run dies before it ends, the state still names it."""

    resource: ResourceState
    type: str

    def describe(self) -> str:
        """The engine's line for it (deployment_executor.go ``printPendingOperationsWarning``)."""
        return f"{self.resource.urn}, interrupted while {self.type}"


@dataclass
class StackState:
    resources: list[ResourceState] = field(default_factory=list)
    pending_operations: list[PendingOperation] = field(default_factory=list)

    def pending_creates(self) -> list[PendingOperation]:
        return [op for op in self.pending_operations if op.type == "creating"]


def _seal(value: Any, crypter: Crypter) -> Any:
    if is_secret(value):
        return {SIG_KEY: SECRET_SIG, "ciphertext": crypter.encrypt(json.dumps(value.get("value")))}
    if isinstance(value, dict):
        return {key: _seal(item, crypter) for key, item in value.items()}
    if isinstance(value, list):
        return [_seal(item, crypter) for item in value]
    return value


def _open(value: Any, crypter: Crypter | None, *, plaintext: bool = False) -> Any:
    """Decrypt sealed secrets: into wrapped values, or (``plaintext``) as the CLI's
    ``stack export --show-secrets`` prints them, ``{SIG_KEY: SECRET_SIG, "plaintext": json}``."""
    if isinstance(value, dict) and value.get(SIG_KEY) == SECRET_SIG and "ciphertext" in value:
        if crypter is None:
            raise StateError("the state holds secrets but no passphrase was given")
        text = crypter.decrypt(str(value["ciphertext"]))
        if plaintext:
            return {SIG_KEY: SECRET_SIG, "plaintext": text}
        return {SIG_KEY: SECRET_SIG, "value": json.loads(text)}
    if isinstance(value, dict):
        return {key: _open(item, crypter, plaintext=plaintext) for key, item in value.items()}
    if isinstance(value, list):
        return [_open(item, crypter, plaintext=plaintext) for item in value]
    return value


def _resource_json(resource: ResourceState, crypter: Crypter) -> dict[str, Any]:
    record: dict[str, Any] = {"urn": resource.urn, "custom": resource.custom}
    if resource.id:
        record["id"] = resource.id
    record["type"] = resource.type
    if resource.delete:
        record["delete"] = True
    if resource.inputs:
        record["inputs"] = _seal(resource.inputs, crypter)
    if resource.outputs:
        record["outputs"] = _seal(resource.outputs, crypter)
    if resource.parent:
        record["parent"] = resource.parent
    if resource.protect:
        record["protect"] = True
    if resource.dependencies:
        record["dependencies"] = list(resource.dependencies)
    if resource.provider:
        record["provider"] = resource.provider
    if resource.property_dependencies:
        record["propertyDependencies"] = resource.property_dependencies
    if resource.additional_secret_outputs:
        record["additionalSecretOutputs"] = list(resource.additional_secret_outputs)
    if resource.pending_replacement:
        record["pendingReplacement"] = True
    if resource.import_id:
        record["importID"] = resource.import_id
    if resource.external:
        record["external"] = True
    return record


def _resource_from_json(record: Any, crypter: Crypter | None) -> ResourceState:
    if not isinstance(record, dict) or not isinstance(record.get("urn"), str):
        raise ValueError("a resource without a `urn`")
    if not isinstance(record.get("type"), str):
        raise ValueError(f"resource {record['urn']} has no `type`")
    return ResourceState(
        urn=str(record["urn"]),
        type=str(record["type"]),
        custom=bool(record.get("custom")),
        id=str(record.get("id") or ""),
        inputs=_open(record.get("inputs") or {}, crypter),
        outputs=_open(record.get("outputs") or {}, crypter),
        parent=str(record.get("parent") or ""),
        protect=bool(record.get("protect")),
        dependencies=tuple(record.get("dependencies") or ()),
        provider=str(record.get("provider") or ""),
        property_dependencies=dict(record.get("propertyDependencies") or {}),
        additional_secret_outputs=tuple(record.get("additionalSecretOutputs") or ()),
        delete=bool(record.get("delete")),
        pending_replacement=bool(record.get("pendingReplacement")),
        import_id=str(record.get("importID") or ""),
        external=bool(record.get("external")),
    )


def _operation_json(operation: PendingOperation, crypter: Crypter) -> dict[str, Any]:
    return {"resource": _resource_json(operation.resource, crypter), "type": operation.type}


def _operation_from_json(record: Any, crypter: Crypter | None) -> PendingOperation:
    if not isinstance(record, dict) or record.get("type") not in OPERATION_TYPES:
        raise ValueError(f"a pending operation must have a `type` among {OPERATION_TYPES}")
    return PendingOperation(_resource_from_json(record.get("resource"), crypter), record["type"])


def new_magic(version: str) -> str:
    """pkg/resource/deploy/manifest.go ``NewMagic``: sha256 of the version, hex; empty version,
    empty magic."""
    return hashlib.sha256(version.encode()).hexdigest() if version else ""


class StateFile:
    """``<state dir>/<stack>.json``; the crypter is made on first use from the file's salt."""

    def __init__(self, directory: Path, stack: str, passphrase: str) -> None:
        self.path = directory / f"{stack}.json"
        self.backup = directory / f"{stack}.json.bak"
        self._passphrase = passphrase
        self._salt_state: str | None = None
        self._crypter: Crypter | None = None
        self._frozen = threading.Event()

    def freeze(self) -> None:
        """No write from now on: the process is being stopped at once (interrupts.py), and a
        write now could only drop the pending operations of the calls cut short."""
        self._frozen.set()

    def _unusable(self, problem: str) -> StateError:
        """One line: the file, what is wrong, and the backup to restore (if there is one)."""
        if self.backup.exists():
            fix = f"restore the previous state with `cp {self.backup} {self.path}`"
        else:
            fix = "there is no backup (.bak) of it to restore"
        return StateError(f"the state file {self.path} {problem}; {fix}")

    def _document(self) -> dict[str, Any] | None:
        if not self.path.exists():
            return None
        try:
            document = json.loads(self.path.read_text())
        except OSError as error:
            raise StateError(f"cannot read the state file {self.path}: {error}") from None
        except ValueError as error:
            raise self._unusable(f"is not valid JSON ({error}); it may be truncated") from None
        if not isinstance(document, dict) or document.get("version") != 3:
            raise self._unusable("is not a version-3 deployment (`version` must be 3)")
        deployment = document.get("deployment")
        if not isinstance(deployment, dict):
            raise self._unusable("has no `deployment` object")
        for key in ("resources", "pending_operations"):
            if deployment.get(key) is not None and not isinstance(deployment[key], list):
                raise self._unusable(f"has a `deployment.{key}` that is not a list")
        manifest = deployment.get("manifest")
        if not isinstance(manifest, dict):
            manifest = {}
        magic = manifest.get("magic")
        # snapshot.go ``VerifyIntegrity``; an empty magic is what older versions wrote.
        if magic and magic != new_magic(str(manifest.get("version") or "")):
            raise self._unusable(
                "fails the integrity check (`manifest.magic` is not the sha256 of "
                "`manifest.version`: edited or corrupted)"
            )
        return document

    def crypter(self) -> Crypter:
        if self._crypter is None:
            document = self._document()
            provider = (document or {}).get("deployment", {}).get("secrets_providers") or {}
            salt = (provider.get("state") or {}).get("salt") if isinstance(provider, dict) else None
            if isinstance(salt, str):
                self._crypter = Crypter.from_salt_state(self._passphrase, salt)
                self._salt_state = salt
            else:
                self._salt_state, self._crypter = new_salt_state(self._passphrase)
        return self._crypter

    def load(self) -> StackState:
        document = self._document()
        if document is None:
            return StackState()
        deployment = document["deployment"]
        records = deployment.get("resources") or []
        operations = deployment.get("pending_operations") or []
        sealed = any("ciphertext" in json.dumps(r) for r in [*records, *operations])
        crypter = self.crypter() if sealed else None
        try:
            return StackState(
                [_resource_from_json(record, crypter) for record in records],
                [_operation_from_json(record, crypter) for record in operations],
            )
        except (ValueError, TypeError, AttributeError) as error:
            raise self._unusable(f"holds {error}") from None

    def export(self, *, show_secrets: bool) -> dict[str, Any]:
        """The file's document; with ``show_secrets`` each secret as ``plaintext`` JSON."""
        document = self._document() or _empty_document()
        if show_secrets:
            crypter = self.crypter()
            for key in ("resources", "pending_operations"):
                if key in document["deployment"]:
                    document["deployment"][key] = _open(
                        document["deployment"][key] or [], crypter, plaintext=True
                    )
        return document

    def _keep_backup(self) -> None:
        """The current file becomes ``.bak``: a hard link (the file is then replaced, never
        written in place, so the link keeps the old content), a copy where links fail."""
        linked = self.backup.with_name(f".{self.backup.name}.{os.getpid()}")
        try:
            linked.unlink(missing_ok=True)
            os.link(self.path, linked)
        except OSError:
            shutil.copyfile(self.path, linked)
        os.replace(linked, self.backup)

    def save(self, state: StackState) -> None:
        if self._frozen.is_set():
            return
        crypter = self.crypter()
        document = _empty_document()
        deployment = document["deployment"]
        deployment["secrets_providers"] = {
            "type": SECRETS_PROVIDER_TYPE,
            "state": {"salt": self._salt_state},
        }
        deployment["resources"] = [
            _resource_json(resource, crypter) for resource in state.resources
        ]
        if state.pending_operations:
            deployment["pending_operations"] = [
                _operation_json(operation, crypter) for operation in state.pending_operations
            ]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(handle, "w") as stream:
                json.dump(document, stream, indent=4)
                stream.write("\n")
                stream.flush()
                os.fsync(stream.fileno())
            if self.path.exists():
                self._keep_backup()
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _empty_document() -> dict[str, Any]:
    """What the file holds before any write; ``secrets_providers`` is left out until there is
    one (the apitype schema allows no ``null`` there)."""
    from monite_pulumi.local_engine import ENGINE_VERSION

    version = f"monite-local-engine {ENGINE_VERSION}"
    return {
        "version": 3,
        "deployment": {
            "manifest": {
                "time": datetime.now(timezone.utc).isoformat(),
                "magic": new_magic(version),
                "version": version,
            },
            "resources": [],
        },
    }
