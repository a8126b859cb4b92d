"""The resource core: every resource's logic, protocol-neutral, served by both faces.

The dynamic face (``_base.MoniteProvider``, a ``pulumi.dynamic.ResourceProvider``) and the
native face (``monite_pulumi.native.provider``) are thin adapters over the methods here:
``check_inputs``, ``plan``, ``preview_outputs``, ``create_object``, ``read_object``,
``read_by_id``, ``update_object``, ``delete_object``. Nothing here knows either protocol.

Subclasses describe their properties with a ``ResourceShape`` and implement four remote
operations (``create_remote``, ``fetch_remote``, ``update_remote``, ``delete_remote``) plus
``validate``. This base does what the Pulumi engine contract requires of every resource:

- reads settings lazily after ``use_config`` (each face hands over its provider config);
- check: defaults, unknown input names, per-field failures, no HTTP call;
- diff: declared inputs against previous outputs (never ``__provider``), unknowns as changes,
  create-only fields in ``replaces``, older state upgraded first; an input declared before and
  removed now is a change (its provider clears it in Monite), one never declared is unmanaged;
  a refused replacement raises, except in the Diff `pulumi refresh` asks (``_refresh``);
- outputs that echo every input, plus ``declared_inputs`` (``_declared``), ``api_url`` and
  ``schema_version``;
- the environment guard and the translation of client errors into actionable messages.

The program process imports this module (through the resource classes) but never calls Monite,
so the client and the settings (httpx, pydantic) are imported when a provider first uses them,
in the provider server, never at module import.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

from monite_pulumi._logging import configure_from_env, get_logger
from monite_pulumi.core import wording
from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.core.shutdown import SHUTDOWN, SHUTDOWN_CLOCK
from monite_pulumi.errors import MoniteError, NotFoundError
from monite_pulumi.providers import _adopt_id, _refresh
from monite_pulumi.providers._declared import (
    DECLARED_OUTPUT,
    declared_paths,
    project,
    sub_paths,
    top_level,
)
from monite_pulumi.providers._entity_scope import EntityScope
from monite_pulumi.providers._messages import ResourceError, describe_error_once
from monite_pulumi.providers._shape import SCHEMA_VERSION, ResourceShape
from monite_pulumi.providers._values import UNKNOWN, contains_unknown, is_unknown, same_value

if TYPE_CHECKING:
    from monite_pulumi.client import MoniteClient
    from monite_pulumi.config import PulumiConfigLike, Settings
    from monite_pulumi.providers._settle import SettlePolicy

__all__ = ["PROVIDER_KEY", "Plan", "ResourceCore", "upgrade_state"]

PROVIDER_KEY = "__provider"
_LOG = get_logger("monite_pulumi.providers")
_SETTINGS_LOCK = threading.Lock()


def upgrade_state(shape: ResourceShape, olds: Mapping[str, Any]) -> dict[str, Any]:
    """Previous outputs in the current layout. Version 1 is the first; absent means 1.

    Version 1 needs no rewrite: it lacks only ``declared_inputs``, and ``declared_before``
    reads such state as version 1 compared it.
    """
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


@dataclass(frozen=True)
class Plan:
    """What a diff found: the changed inputs, those needing a new object, and how to replace."""

    changes: bool
    changed: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False


class ResourceCore(ABC):
    """Base of every Monite resource; see the module docstring for what it guarantees."""

    shape: ClassVar[ResourceShape]
    scope: ClassVar[EntityScope | None] = None
    """How an entity-scoped resource names its entity (a create refused 404 names it)."""

    # -- configuration --------------------------------------------------------------------------

    def use_config(self, config: Mapping[str, Any] | PulumiConfigLike | None) -> None:
        """Keep the provider config: settings resolve at first use, credentials at first call."""
        configure_from_env()
        self._pulumi_config = config
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

        return client_for(self.settings(), clock=SHUTDOWN_CLOCK)

    def settle_policy(self) -> SettlePolicy:
        """How long a create that lost its answer keeps looking (``monite:settleWindow``)."""
        from monite_pulumi.providers._settle import settle_policy

        settings = self.settings()
        policy = settle_policy(settings.settle_window, settings.max_concurrent_waits)
        return replace(policy, sleep=SHUTDOWN.sleep, stopped=SHUTDOWN.signalled)

    @contextmanager
    def failing_as(
        self, action: str, object_id: str | None, inputs: Mapping[str, Any] | None = None
    ) -> Iterator[None]:
        """Turn any client error inside into a ``ResourceError`` a user can act on.

        ``inputs`` (given by create) let a 404 of an entity-scoped create name the entity that
        does not exist, instead of advising a refresh of an object that was never made.
        """
        try:
            yield
        except MoniteError as error:
            _LOG.debug("%s %s %s failed: %r", action, self.shape.label, object_id, error)
            label = self.shape.label
            message = describe_error_once(error, action=action, label=label, object_id=object_id)
            if isinstance(error, NotFoundError) and inputs is not None and self.scope:
                where = self.settings().api_url
                missing = self.scope.missing_entity_message(
                    self.client(), where, label, inputs, error
                )
                message = missing or message
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
                "resource from the state (`pulumi state delete <urn>`) and create it there, or "
                f"take it over there with {wording.name('adopt_id')}."
            )

    # -- check ----------------------------------------------------------------------------------

    def check_inputs(
        self, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[CheckFailure]]:
        """Apply defaults and validate every known input, per field, without any HTTP call."""
        _refresh.RECORD.program_seen()
        shape = self.shape
        inputs = {key: value for key, value in news.items() if key != PROVIDER_KEY}
        for name, default in shape.defaults.items():
            if inputs.get(name) is None:
                inputs[name] = default
        failures = [
            CheckFailure(
                key,
                f"is not an input of monite:{shape.label}; inputs are: " + ", ".join(shape.inputs),
            )
            for key in inputs
            if key not in shape.inputs
        ]
        known_olds = {key: value for key, value in olds.items() if key != PROVIDER_KEY}
        failures.extend(self.validate(known_olds, inputs))
        if _adopt_id.ADOPT_ID in shape.inputs:
            exclusive = self.adopt_exclusive
            failures.extend(_adopt_id.adopt_id_failures(inputs, exclusive_with=exclusive))
        return inputs, failures

    @abstractmethod
    def validate(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[CheckFailure]:
        """Per-field problems of the new inputs (``olds`` are the previous inputs, maybe empty)."""

    # -- diff -----------------------------------------------------------------------------------

    def is_managed(self, name: str, news: Mapping[str, Any]) -> bool:
        """Whether an input is compared at all (some are managed only when declared)."""
        return True

    def same_input(self, name: str, old: Any, new: Any) -> bool:
        """Whether two known values of one input mean the same to Monite (order, nulls...)."""
        return same_value(old, new)

    def needs_replacement(self, name: str, old: Any, new: Any) -> bool:
        """Whether a change of this input (``new`` may hold unknowns) needs a new object."""
        return name in self.shape.create_only

    def refuse_replacement(  # noqa: B027 (a hook: a replacement is allowed by default)
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any], fields: list[str]
    ) -> None:
        """Raise to refuse a replacement of known changed ``fields``; allowed by default."""

    # -- what was declared ---------------------------------------------------------------------

    def declared_now(self, inputs: Mapping[str, Any]) -> list[str]:
        """The paths of the inputs given now (what create and update record)."""
        given = {
            name: self.shape.input_value(inputs, name)
            for name in self.shape.inputs
            if name not in self.shape.input_only
        }
        return declared_paths(given, self.shape.opaque)

    def declared_before(
        self, previous: Mapping[str, Any], news: Mapping[str, Any]
    ) -> frozenset[str]:
        """The paths declared at the last create or update, from the previous outputs.

        State written by version 1 has no record: what version 1 compared (every managed input,
        whole) counts as declared, so such state diffs exactly as it did until its next update.
        """
        recorded = previous.get(DECLARED_OUTPUT)
        if isinstance(recorded, (list, tuple)):
            return frozenset(str(path) for path in recorded)
        legacy = {
            name: self.shape.input_value(previous, name)
            for name in self.shape.inputs
            if self.is_managed(name, news)
        }
        return frozenset(declared_paths(legacy, self.shape.opaque))

    def compared_values(
        self,
        name: str,
        previous: Mapping[str, Any],
        news: Mapping[str, Any],
        before: frozenset[str],
        now: frozenset[str],
    ) -> tuple[Any, Any] | None:
        """(previous value, new value) of one input as compared, or None when it is unmanaged.

        Unmanaged: never declared and not declared now. The previous value is seen only on the
        keys declared before or now, so keys Monite fills in by itself are no change.
        """
        if name in self.shape.input_only:
            return None  # adopt_id: changing or removing it is no change
        new = self.shape.input_value(news, name)
        if new is None and name not in before:
            return None
        keys = sub_paths(now, name) | (sub_paths(before, name) if name in before else frozenset())
        return project(self.shape.input_value(previous, name), keys), new

    def removed_inputs(
        self, previous: Mapping[str, Any], news: Mapping[str, Any]
    ) -> frozenset[str]:
        """Paths declared before and not now: what an update must clear in Monite."""
        return self.declared_before(previous, news) - frozenset(self.declared_now(news))

    def changed_inputs(self, previous: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """Inputs whose known new value differs from the previous one, as diff compares them."""
        before, now = self.declared_before(previous, news), frozenset(self.declared_now(news))
        changed = []
        for name in self.shape.inputs:
            pair = self.compared_values(name, previous, news, before, now)
            if pair is not None and not self.same_input(name, *pair):
                changed.append(name)
        return changed

    @classmethod
    def kind(cls) -> str:
        """The provider class as the dynamic server keys it (one instance per class)."""
        return f"{cls.__module__}.{cls.__qualname__}"

    def plan(self, _id: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Plan:
        """Compare declared inputs with the previous outputs; no HTTP call.

        The Diff `pulumi refresh` asks right after its Read (``_refresh``) reports a replacement
        that would be refused: the refresh records the drift, the next `up` refuses.
        """
        refresh = _refresh.RECORD.is_refresh_diff(self.kind(), _id, olds, news)
        return self.compare(_id, olds, news, refuse=not refresh)

    def refusing(self, refuse: bool, refusal: Callable[[], None]) -> None:
        """Run a refusal; in a refresh's Diff (``refuse`` False) log it instead of raising."""
        try:
            refusal()
        except ResourceError as refused:
            if refuse:
                raise
            _LOG.warning(
                "refresh recorded drift that the next `pulumi up` / `preview` will refuse: %s",
                refused,
            )

    def planned_changes(
        self, previous: Mapping[str, Any], news: Mapping[str, Any]
    ) -> tuple[list[str], list[str], list[str]]:
        """(changed inputs, those needing a replacement, those of them known now).

        An input with an unknown new value counts as changed. ``previous`` is upgraded state.
        """
        before, now = self.declared_before(previous, news), frozenset(self.declared_now(news))
        changed: list[str] = []
        replaces: list[str] = []
        known_replacements: list[str] = []
        for name in self.shape.inputs:
            pair = self.compared_values(name, previous, news, before, now)
            if pair is None:
                continue
            old, new = pair
            unknown = contains_unknown(new)
            if not unknown and self.same_input(name, old, new):
                continue
            changed.append(name)
            if self.needs_replacement(name, old, new):
                replaces.append(name)
                if not unknown:
                    known_replacements.append(name)
        return changed, replaces, known_replacements

    def compare(
        self, _id: str, olds: Mapping[str, Any], news: Mapping[str, Any], *, refuse: bool
    ) -> Plan:
        """The diff itself; a refused replacement raises only when ``refuse`` is set."""
        shape = self.shape
        previous = upgrade_state(shape, olds)
        changed, replaces, known_replacements = self.planned_changes(previous, news)
        if known_replacements:
            label = shape.label
            self.refusing(
                refuse,
                lambda: _adopt_id.refuse_replacement_while_adopting(
                    label, _id, news, known_replacements
                ),
            )
            self.refusing(
                refuse, lambda: self.refuse_replacement(_id, previous, news, known_replacements)
            )
        return Plan(
            changes=bool(changed),
            changed=changed,
            replaces=replaces,
            delete_before_replace=shape.delete_before_replace,
        )

    # -- outputs --------------------------------------------------------------------------------

    def outputs(
        self, live: Mapping[str, Any], inputs: Mapping[str, Any], declared: list[str] | None
    ) -> dict[str, Any]:
        """All outputs: Monite's values, the options as given, what was declared, environment.

        ``declared`` None (a refresh of state written by version 1) keeps the version 1 layout:
        a refresh cannot know what the program declared, only create and update can.
        """
        shape = self.shape
        outs: dict[str, Any] = {name: live.get(name) for name in shape.computed}
        for name in shape.inputs:
            if name in shape.input_only:
                continue
            if name in shape.options:
                outs[name] = shape.input_value(inputs, name)
            elif self.is_managed(name, inputs) or name in live:
                outs[name] = live.get(name)
        outs[DECLARED_OUTPUT] = declared
        outs["api_url"] = self.settings().api_url
        outs["schema_version"] = SCHEMA_VERSION if declared is not None else 1
        return {name: value for name, value in outs.items() if value is not None}

    def preview_outputs(
        self, props: Mapping[str, Any], previous: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        """What a preview of a create (``previous`` None) or an update will output.

        Every value known now: the inputs as declared, the options, what was declared, the
        environment, and on an update the object's id and creation time. Unknown (``UNKNOWN``)
        only what Monite assigns: ids of new objects, statuses, timestamps, URLs, secrets.
        No HTTP call.
        """
        shape = self.shape
        inputs = {name: shape.input_value(props, name) for name in shape.inputs}
        kept = (shape.id_output, "created_at") if previous is not None else ()
        removed = top_level(self.removed_inputs(previous, inputs)) if previous is not None else ()
        outs: dict[str, Any] = {
            name: (previous or {}).get(name) if name in kept else UNKNOWN for name in shape.computed
        }
        for name in shape.inputs:
            if name in shape.input_only:
                continue
            value = inputs.get(name)
            if value is None and previous is not None:
                # Unmanaged: stays as Monite holds it; removed now: the update clears it, or
                # Monite resets it to its default.
                value = UNKNOWN if name in removed else previous.get(name)
            outs[name] = value
        outs[DECLARED_OUTPUT] = self.declared_now(inputs)
        outs["api_url"] = self.settings().api_url
        outs["schema_version"] = SCHEMA_VERSION
        return {name: value for name, value in outs.items() if value is not None}

    def inputs_from(self, outs: Mapping[str, Any]) -> dict[str, Any]:
        """The inputs that would produce these outputs (what refresh writes back).

        Only the declared inputs, on their declared keys: check then sees as previous inputs
        what the program declared, never a value someone set in Monite by hand.
        """
        recorded = outs.get(DECLARED_OUTPUT)
        if not isinstance(recorded, (list, tuple)):
            return {name: outs[name] for name in self.shape.inputs if outs.get(name) is not None}
        paths = frozenset(str(path) for path in recorded)
        names = top_level(paths)
        return {
            name: project(outs[name], sub_paths(paths, name))
            for name in self.shape.inputs
            if name in names and outs.get(name) is not None
        }

    # -- the engine calls -----------------------------------------------------------------------

    def create_object(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """Create the object, or take over ``adopt_id``, and return all outputs."""
        _refresh.RECORD.program_seen()
        inputs = {name: self.shape.input_value(props, name) for name in self.shape.inputs}
        adopt_id = _adopt_id.adopt_id_of(inputs)
        if adopt_id is not None:
            with self.failing_as("adopt", adopt_id):
                live = self.adopt_remote(adopt_id, inputs)
        else:
            with self.failing_as("create", None, inputs):
                live = self.create_remote(inputs)
        outs = self.outputs(live, inputs, self.declared_now(inputs))
        return str(outs[self.shape.id_output]), outs

    def read_object(
        self, id_: str, props: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
        """Refresh or ``Resource.get``: Monite's values go back into outputs and inputs.

        Gone (None) drops it. An import reads with the id alone: ``read_by_id`` (the native face;
        the dynamic server fails before reaching any provider code, see ``_adopt_id``).
        """
        self.guard_environment(props, "refresh", id_)
        declared = {name: self.shape.input_value(props, name) for name in self.shape.inputs}
        with self.failing_as("read", id_):
            live = self.fetch_remote(id_, declared)
        if live is None:
            return None
        recorded = props.get(DECLARED_OUTPUT)
        from_state = True  # a refresh: props are the stored outputs
        kept: list[str] | None
        if isinstance(recorded, (list, tuple)):
            kept = [str(path) for path in recorded]
        elif props.get("api_url") is None and props.get("schema_version") is None:
            kept = self.declared_now(props)  # Resource.get: props are the declared inputs
            from_state = False
        else:
            kept = None  # state of version 1: what the program declared is not known here
        outs = self.outputs(live, declared, kept)
        inputs = self.inputs_from(outs)
        outs = self.carried_outputs(props, outs)
        if from_state:
            _refresh.RECORD.read(self.kind(), id_, outs)  # the refresh's Diff comes next
        return id_, outs, inputs

    def read_by_id(
        self, object_id: str, entity_id: str | None
    ) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
        """An import (Read with the id alone): (id, outputs, inputs) rebuilt from Monite.

        The inputs are Monite's values of every Monite field (options left to their defaults),
        so `pulumi import` writes a declaration that an `up` then finds unchanged; None when the
        object does not exist. ``entity_id`` scopes an entity-scoped object.
        """
        shape = self.shape
        declared = {} if entity_id is None else {"entity_id": entity_id}
        with self.failing_as("import", object_id):
            live = self.fetch_remote(object_id, declared)
        if live is None:
            return None
        inputs = {**declared}
        for name in shape.inputs:
            value = live.get(name)
            if name in shape.options or value is None or shape.defaults.get(name) == value:
                continue
            inputs[name] = value
        outs = self.outputs(live, inputs, self.declared_now(inputs))
        return object_id, outs, inputs

    def carried_outputs(self, previous: Mapping[str, Any], outs: dict[str, Any]) -> dict[str, Any]:
        """The outputs a read returns: ``outs`` plus what only ``previous`` still knows."""
        return outs

    def update_object(
        self, _id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Apply the changed inputs and return every output (they replace the stored ones).

        ``update_remote`` gets the previous outputs as ``olds``: with ``changed_inputs`` and
        ``removed_inputs`` it learns what to set and what to clear.
        """
        _refresh.RECORD.program_seen()
        self.guard_environment(olds, "update", _id)
        previous = upgrade_state(self.shape, olds)
        inputs = {name: self.shape.input_value(news, name) for name in self.shape.inputs}
        with self.failing_as("update", _id):
            live = self.update_remote(_id, previous, inputs)
        return self.outputs(live, inputs, self.declared_now(inputs))

    def delete_object(self, _id: str, props: Mapping[str, Any]) -> None:
        """Remove the object; already gone counts as done."""
        _refresh.RECORD.program_seen()
        self.guard_environment(props, "delete", _id)
        with self.failing_as("delete", _id):
            self.delete_remote(_id, props)

    # -- adoption (``adopt_id``, see ``_adopt_id``) ----------------------------------------------

    adopt_exclusive: ClassVar[str | None] = None
    """An option that cannot be set together with ``adopt_id`` (``adopt_existing``)."""

    def adopt_remote(self, object_id: str, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
        """Take over ``object_id`` instead of creating; return the live values by output name."""
        return _adopt_id.adopt(self, object_id, inputs)

    def fetch_to_adopt(self, object_id: str, inputs: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The one GET of an adoption: live values, or None when missing or deleted."""
        return self.fetch_remote(object_id, inputs)

    def adoption_refusal(self, live: Mapping[str, Any]) -> str | None:
        """Why this live object cannot be adopted at all (a revoked connection), else None."""
        return None

    def adoption_changes(self, state: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
        """Whether the adopted object (``state``: see ``adoption_state``) needs the update."""
        return _adopt_id.adoption_differs(self, state, inputs)

    def mismatch_detail(self, name: str, held: Any, declared: Any) -> tuple[str, Any, Any]:
        """The field and both values a create-only mismatch of input ``name`` is reported with."""
        return name, held, declared

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
