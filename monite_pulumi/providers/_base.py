"""Shared machinery of the Monite dynamic providers.

Subclasses describe their properties with a ``ResourceShape`` and implement four remote
operations (``create_remote``, ``fetch_remote``, ``update_remote``, ``delete_remote``) plus
``validate``. This base does what the Pulumi engine contract requires of every resource:

- pickles by reference with no state (``__reduce__``), reads settings lazily after ``configure``;
- check: defaults, unknown input names, per-field failures, no HTTP call;
- diff: declared inputs against previous outputs (never ``__provider``), unknowns as changes,
  create-only fields in ``replaces``, older state upgraded first;
- outputs that echo every input, plus ``api_url`` and ``schema_version``;
- the environment guard and the translation of client errors into actionable messages.

The program process imports this module (through the resource classes) but never calls Monite,
so the client and the settings (httpx, pydantic) are imported when a provider first uses them,
in the provider server, never at module import.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from monite_pulumi._logging import configure_from_env
from monite_pulumi.errors import MoniteError
from monite_pulumi.providers._messages import ResourceError, describe_error
from monite_pulumi.providers._shape import SCHEMA_VERSION, ResourceShape
from monite_pulumi.providers._values import contains_unknown, is_unknown, same_value

if TYPE_CHECKING:
    from monite_pulumi.client import MoniteClient
    from monite_pulumi.config import Settings
    from monite_pulumi.providers._settle import SettlePolicy

__all__ = ["PROVIDER_KEY", "MoniteProvider", "upgrade_state"]

PROVIDER_KEY = "__provider"
_LOG = logging.getLogger("monite_pulumi.providers")
_SETTINGS_LOCK = threading.Lock()


def upgrade_state(shape: ResourceShape, olds: Mapping[str, Any]) -> dict[str, Any]:
    """Previous outputs in the current layout. Version 1 is the first; absent means 1."""
    version = olds.get("schema_version")
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    if version is not None and (not isinstance(version, int) or version > SCHEMA_VERSION):
        raise ResourceError(
            f"This Monite {shape.label} was written by a newer monite-pulumi (state schema "
            f"version {version}, this one knows up to {SCHEMA_VERSION}). Upgrade the "
            "monite-pulumi package in the program's virtualenv, then run the command again."
        )
    return dict(olds)


class MoniteProvider(ResourceProvider, ABC):
    """Base of every Monite provider; see the module docstring for what it guarantees."""

    shape: ClassVar[ResourceShape]

    # -- pickling and configuration -------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled into every resource's state by the program: by reference, never with state.
        return (type(self), ())

    def configure(self, req: ConfigureRequest) -> None:
        """Keep the stack config; settings are resolved at first use, credentials at first call."""
        configure_from_env()
        self._pulumi_config = req.config
        self._settings: Settings | None = None

    def settings(self) -> Settings:
        """The resolved settings (Pulumi config, then MONITE_* variables, then defaults)."""
        settings: Settings | None = self.__dict__.get("_settings")
        if settings is None:
            settings = self._resolve_settings()
        return settings

    def _resolve_settings(self) -> Settings:
        """Resolve once per provider instance; the 4 server threads may ask at the same time."""
        from monite_pulumi.config import resolve_settings

        with _SETTINGS_LOCK:
            settings: Settings | None = self.__dict__.get("_settings")
            if settings is None:
                config = self.__dict__.get("_pulumi_config")
                with self.failing_as("configure the provider for", None):
                    settings = resolve_settings(pulumi_config=config)
                self._settings = settings
        return settings

    def client(self) -> MoniteClient:
        """The process-wide client for these settings (shared by the server's 4 threads)."""
        from monite_pulumi.client import client_for

        return client_for(self.settings())

    def settle_policy(self) -> SettlePolicy:
        """How long a create that lost its answer keeps looking (``monite:settleWindow``)."""
        from monite_pulumi.providers._settle import settle_policy

        window = self.settings().settle_window
        with self.failing_as("configure the provider for", None):
            return settle_policy(window, self.__dict__.get("_pulumi_config"))

    @contextmanager
    def failing_as(self, action: str, object_id: str | None) -> Iterator[None]:
        """Turn any client error inside into a ``ResourceError`` a user can act on."""
        try:
            yield
        except MoniteError as error:
            _LOG.debug("%s %s %s failed: %r", action, self.shape.label, object_id, error)
            label = self.shape.label
            message = describe_error(error, action=action, label=label, object_id=object_id)
            raise ResourceError(message) from None

    def guard_environment(self, props: Mapping[str, Any], action: str, object_id: str) -> None:
        """Refuse to touch an object recorded against another Monite environment."""
        stored = props.get("api_url")
        if not isinstance(stored, str) or not stored or is_unknown(stored):
            return
        current = self.settings().api_url
        if stored.rstrip("/") != current.rstrip("/"):
            raise ResourceError(
                f"Cannot {action} Monite {self.shape.label} {object_id}: it was created against "
                f"{stored}, but this stack is now configured for {current}. If the configuration "
                "is wrong, set monite:environment / monite:apiUrl back to the environment that "
                "holds it. To move the stack to another environment on purpose, remove the "
                "resource from the state (`pulumi state delete <urn>`) and create or import it "
                "there."
            )

    # -- check ----------------------------------------------------------------------------------

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Apply defaults and validate every known input, per field, without any HTTP call."""
        shape = self.shape
        inputs = {key: value for key, value in news.items() if key != PROVIDER_KEY}
        for name, default in shape.defaults.items():
            if inputs.get(name) is None:
                inputs[name] = default
        failures = [
            CheckFailure(key, f"is not an input of monite:{shape.label}; inputs are: "
                         + ", ".join(shape.inputs))
            for key in inputs
            if key not in shape.inputs
        ]
        known_olds = {key: value for key, value in olds.items() if key != PROVIDER_KEY}
        failures.extend(self.validate(known_olds, inputs))
        return CheckResult(inputs, failures)

    @abstractmethod
    def validate(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[CheckFailure]:
        """Per-field problems of the new inputs (``olds`` are the previous inputs, maybe empty)."""

    # -- diff -----------------------------------------------------------------------------------

    def is_managed(self, name: str, news: Mapping[str, Any]) -> bool:
        """Whether an input is compared at all (some are managed only when declared)."""
        return True

    def needs_replacement(self, name: str, old: Any, new: Any) -> bool:
        """Whether a change of this input (``new`` may hold unknowns) needs a new object."""
        return name in self.shape.create_only

    def refuse_replacement(
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any], fields: list[str]
    ) -> None:
        """Raise to refuse a replacement of known changed ``fields``; allowed by default."""

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare declared inputs with the previous outputs; no HTTP call."""
        shape = self.shape
        previous = upgrade_state(shape, olds)
        changed: list[str] = []
        replaces: list[str] = []
        known_replacements: list[str] = []
        for name in shape.inputs:
            if not self.is_managed(name, news):
                continue
            new = shape.input_value(news, name)
            old = shape.input_value(previous, name)
            unknown = contains_unknown(new)
            if not unknown and same_value(old, new):
                continue
            changed.append(name)
            if self.needs_replacement(name, old, new):
                replaces.append(name)
                if not unknown:
                    known_replacements.append(name)
        if known_replacements:
            self.refuse_replacement(_id, previous, news, known_replacements)
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            stables=[],
            delete_before_replace=shape.delete_before_replace,
        )

    # -- outputs --------------------------------------------------------------------------------

    def outputs(self, live: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
        """All outputs: Monite's values, the provider options as given, environment, version."""
        shape = self.shape
        outs: dict[str, Any] = {name: live.get(name) for name in shape.computed}
        for name in shape.inputs:
            if name in shape.options:
                outs[name] = shape.input_value(inputs, name)
            elif self.is_managed(name, inputs) or name in live:
                outs[name] = live.get(name)
        outs["api_url"] = self.settings().api_url
        outs["schema_version"] = SCHEMA_VERSION
        return {name: value for name, value in outs.items() if value is not None}

    def inputs_from(self, outs: Mapping[str, Any]) -> dict[str, Any]:
        """The inputs that would produce these outputs (what refresh writes back)."""
        return {name: outs[name] for name in self.shape.inputs if outs.get(name) is not None}

    # -- the engine calls -----------------------------------------------------------------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create the object (adopting one whose create answer was lost) and return all outputs."""
        inputs = {name: self.shape.input_value(props, name) for name in self.shape.inputs}
        with self.failing_as("create", None):
            live = self.create_remote(inputs)
        outs = self.outputs(live, inputs)
        return CreateResult(str(outs[self.shape.id_output]), outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh or import: Monite's values go back into outputs and inputs; gone drops it."""
        self.guard_environment(props, "refresh", id_)
        declared = {name: self.shape.input_value(props, name) for name in self.shape.inputs}
        with self.failing_as("read", id_):
            live = self.fetch_remote(id_, declared)
        if live is None:
            return ReadResult("", {})
        outs = self.outputs(live, declared)
        return ReadResult(id_, outs, self.inputs_from(outs))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Apply the changed inputs and return every output (they replace the stored ones)."""
        self.guard_environment(olds, "update", _id)
        previous = upgrade_state(self.shape, olds)
        inputs = {name: self.shape.input_value(news, name) for name in self.shape.inputs}
        with self.failing_as("update", _id):
            live = self.update_remote(_id, previous, inputs)
        return UpdateResult(self.outputs(live, inputs))

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        """Remove the object; already gone counts as done."""
        self.guard_environment(props, "delete", _id)
        with self.failing_as("delete", _id):
            self.delete_remote(_id, props)

    # -- what each resource implements ----------------------------------------------------------

    @abstractmethod
    def create_remote(self, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
        """Create in Monite; return the live values by output name."""

    @abstractmethod
    def fetch_remote(self, object_id: str, declared: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """Live values by output name, or None when the object is gone."""

    @abstractmethod
    def update_remote(
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        """Apply changes in Monite; return the live values by output name."""

    @abstractmethod
    def delete_remote(self, object_id: str, props: Mapping[str, Any]) -> None:
        """Delete (or deactivate) in Monite, idempotently."""
