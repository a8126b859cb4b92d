"""The native provider ``monite``: the engine's gRPC calls as calls of the resource core.

A thin adapter. It renames properties (camelCase here, snake_case in the core, ``_names``),
converts values (``_values``), marks secrets, and answers what only a native provider can:
per-property Check failures, a detailed Diff, previews with every known value, Read with the id
alone (import), Invoke. Everything else, the same core the dynamic face calls does.

Calls run in threads (the client is synchronous httpx) of one executor large enough never to be
the bound: ``MAX_THREADS`` calls at once, while the client's shared rate limiter paces requests.
The engine sends at most ``--parallel`` steps at once (4 x GOMAXPROCS by default,
pkg/cmd/pulumi/operations/up.go ``defaultParallel``).
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from pulumi.provider.experimental import provider as rpc
from pulumi.provider.experimental.property_value import PropertyValue

from monite_pulumi._logging import configure_from_env, get_logger
from monite_pulumi.core import shutdown, wording
from monite_pulumi.core.declaration import ResourceDeclaration, camel
from monite_pulumi.core.declarations import DECLARATIONS
from monite_pulumi.core.shutdown import SHUTDOWN
from monite_pulumi.errors import ConfigurationError
from monite_pulumi.native import _config
from monite_pulumi.native._functions import FUNCTIONS
from monite_pulumi.native._names import path_to_native, to_core, to_native, unknown_inputs
from monite_pulumi.native._values import (
    from_plain_map,
    secret_names,
    to_plain_map,
)
from monite_pulumi.native.schema import schema_json
from monite_pulumi.providers._values import is_unknown

if TYPE_CHECKING:
    from monite_pulumi.providers._core import ResourceCore

__all__ = ["MAX_THREADS", "MoniteNativeProvider"]

MAX_THREADS = int(os.environ.get("MONITE_PULUMI_PROVIDER_THREADS", "256"))
"""Threads that run calls: far above any engine parallelism, so the rate limiter is the bound."""

_LOG = get_logger("monite_pulumi.native")
T = TypeVar("T")


def _diff_kind(old: Any, new: Any, replace: bool, is_input: bool) -> rpc.PropertyDiffKind:
    """ADD, DELETE or UPDATE (each maybe _REPLACE) of one property, as the engine shows it.

    A replacement for a state change (a revoked connection's ``status``) is an UPDATE_REPLACE.
    """
    kinds = rpc.PropertyDiffKind
    if is_input and old is None:
        return kinds.ADD_REPLACE if replace else kinds.ADD
    if is_input and new is None:
        return kinds.DELETE_REPLACE if replace else kinds.DELETE
    return kinds.UPDATE_REPLACE if replace else kinds.UPDATE


def _core_class(declaration: ResourceDeclaration) -> type[ResourceCore]:
    """The resource's core: the class that also serves it on the dynamic face."""
    module = importlib.import_module("monite_pulumi.providers")
    cls: type[ResourceCore] = getattr(module, f"{declaration.name}Provider")
    return cls


class MoniteNativeProvider(rpc.Provider):
    """``pulumi:providers:monite``: one instance per provider the engine configures."""

    def __init__(self) -> None:
        self._config: dict[str, Any] = {}
        self._cores: dict[str, ResourceCore] = {}
        self._executor = ThreadPoolExecutor(MAX_THREADS, thread_name_prefix="monite")

    # -- plumbing ------------------------------------------------------------------------------

    async def _run(self, call: Callable[[], T], *, requests: bool = False) -> T:
        """Run a core call in a thread; its messages name properties as this face does. A call
        that makes ``requests`` stops waiting for the client's pacing at Cancel (until a create
        has sent its POST: ``core.shutdown``)."""

        def spoken() -> T:
            with wording.speaking(wording.NATIVE):
                if not requests:
                    return call()
                with shutdown.interruptible():
                    return call()

        return await asyncio.get_running_loop().run_in_executor(self._executor, spoken)

    def _resource(self, urn_type: str) -> tuple[ResourceDeclaration, ResourceCore]:
        name = urn_type.rsplit(":", 1)[-1]
        declaration = DECLARATIONS.get(name)
        if declaration is None or urn_type != declaration.token:
            raise ValueError(f"unknown resource type {urn_type!r} for the monite provider")
        core = self._cores.get(name)
        if core is None:
            core = _core_class(declaration)()
            core.use_config(self._config)
            self._cores[name] = core
        return declaration, core

    @staticmethod
    def _answer(
        declaration: ResourceDeclaration,
        props: Mapping[str, Any],
        secret_inputs: frozenset[str] = frozenset(),
    ) -> dict[str, PropertyValue]:
        """Core properties as the engine gets them: camelCase, secrets marked."""
        secrets = {camel(name) for name in declaration.secret_outputs} | secret_inputs
        return from_plain_map(to_native(declaration, props), secrets)

    # -- configuration -------------------------------------------------------------------------

    async def get_schema(self, request: rpc.GetSchemaRequest) -> rpc.GetSchemaResponse:
        return rpc.GetSchemaResponse(schema=schema_json())

    async def check_config(self, request: rpc.CheckRequest) -> rpc.CheckResponse:
        """Each set key parsed as ``config.py`` parses it; a failure per bad key, no call."""
        from monite_pulumi.config import resolve_settings

        news = to_plain_map(request.new_inputs)
        failures = []
        known = _config.keys()
        for key, value in news.items():
            if key == "version" or value is None or is_unknown(value):
                continue
            if key not in known:
                failures.append(
                    rpc.CheckFailure(
                        key, f"is not a monite setting; settings are: {', '.join(known)}"
                    )
                )
                continue
            try:
                resolve_settings(pulumi_config=_config.pulumi_config({}, {key: value}), env={})
            except ConfigurationError as error:
                failures.append(rpc.CheckFailure(key, str(error)))
        # The engine stores these inputs as answered: a secret setting given in plain text
        # (config set without --secret) is stored as a secret all the same.
        secret = _config.secret_keys()
        inputs = {
            key: value.with_secret(True) if key in secret else value
            for key, value in request.new_inputs.items()
        }
        return rpc.CheckResponse(inputs=inputs, failures=failures)

    async def diff_config(self, request: rpc.DiffRequest) -> rpc.DiffResponse:
        olds, news = to_plain_map(request.old_state), to_plain_map(request.new_inputs)
        changed = sorted(key for key in set(olds) | set(news) if olds.get(key) != news.get(key))
        return rpc.DiffResponse(changes=bool(changed), diffs=changed)

    async def configure(self, request: rpc.ConfigureRequest) -> rpc.ConfigureResponse:
        """Keep the config; settings are resolved (and credentials checked) at first use."""
        configure_from_env()
        self._config = _config.pulumi_config(request.variables, to_plain_map(request.args))
        self._cores = {}
        return rpc.ConfigureResponse(accept_secrets=True, supports_preview=True)

    async def cancel(self) -> None:
        """The engine is shutting down (``core.shutdown`` cites when it says so): calls not
        started fail at once without a request, waits stop, calls in flight still answer."""
        _LOG.info("cancel requested by the engine: no new requests, waits stop")
        SHUTDOWN.signal()

    # -- resources -----------------------------------------------------------------------------

    async def check(self, request: rpc.CheckRequest) -> rpc.CheckResponse:
        declaration, core = self._resource(request.type)
        news_native = to_plain_map(request.new_inputs)
        unknown = unknown_inputs(declaration, news_native)
        failures = [
            rpc.CheckFailure(
                name,
                f"is not an input of {declaration.token}; inputs are: "
                + ", ".join(item.camel for item in declaration.inputs),
            )
            for name in unknown
        ]
        news = to_core(declaration, {k: v for k, v in news_native.items() if k not in unknown})
        olds = to_core(declaration, to_plain_map(request.old_inputs))
        checked, found = await self._run(lambda: core.check_inputs(olds, news))
        failures += [
            rpc.CheckFailure(path_to_native(declaration, item.property), item.reason)
            for item in found
        ]
        inputs = self._answer(declaration, checked, secret_names(request.new_inputs))
        return rpc.CheckResponse(inputs=inputs, failures=failures)

    async def diff(self, request: rpc.DiffRequest) -> rpc.DiffResponse:
        declaration, core = self._resource(request.type)
        olds = to_core(declaration, to_plain_map(request.old_state))
        news = to_core(declaration, to_plain_map(request.new_inputs))
        resource_id = request.resource_id

        plan = await self._run(lambda: core.plan(resource_id, olds, news))
        changed, replaces = plan.changed, plan.replaces
        detailed = {}
        for name in dict.fromkeys([*changed, *replaces]):
            detailed[camel(name)] = rpc.PropertyDiff(
                _diff_kind(olds.get(name), news.get(name), name in replaces, name in changed),
                input_diff=name in changed,
            )
        return rpc.DiffResponse(
            changes=plan.changes,
            replaces=[camel(name) for name in replaces],
            delete_before_replace=plan.delete_before_replace and bool(replaces),
            diffs=list(detailed),
            detailed_diff=detailed,
        )

    async def create(self, request: rpc.CreateRequest) -> rpc.CreateResponse:
        declaration, core = self._resource(request.type)
        if not request.preview:
            SHUTDOWN.refuse(f"create of {declaration.token} {request.urn}")
        inputs = to_core(declaration, to_plain_map(request.properties))
        secrets = secret_names(request.properties)
        if request.preview:
            outs = await self._run(lambda: core.preview_outputs(inputs, None))
            return rpc.CreateResponse(properties=self._answer(declaration, outs, secrets))
        resource_id, outs = await self._run(lambda: core.create_object(inputs), requests=True)
        return rpc.CreateResponse(
            resource_id=resource_id, properties=self._answer(declaration, outs, secrets)
        )

    async def update(self, request: rpc.UpdateRequest) -> rpc.UpdateResponse:
        declaration, core = self._resource(request.type)
        if not request.preview:
            SHUTDOWN.refuse(f"update of {declaration.token} {request.resource_id}")
        olds = to_core(declaration, to_plain_map(request.olds))
        news = to_core(declaration, to_plain_map(request.news))
        secrets = secret_names(request.news)
        if request.preview:
            outs = await self._run(lambda: core.preview_outputs(news, olds))
            return rpc.UpdateResponse(properties=self._answer(declaration, outs, secrets))
        outs = await self._run(
            lambda: core.update_object(request.resource_id, olds, news), requests=True
        )
        return rpc.UpdateResponse(properties=self._answer(declaration, outs, secrets))

    async def read(self, request: rpc.ReadRequest) -> rpc.ReadResponse:
        declaration, core = self._resource(request.type)
        SHUTDOWN.refuse(f"read of {declaration.token} {request.resource_id}")
        state = to_core(declaration, to_plain_map(request.properties))
        if not state and not request.inputs:
            return await self._import(declaration, core, request.resource_id)
        resource_id = request.resource_id
        found = await self._run(lambda: core.read_object(resource_id, state), requests=True)
        # Accepting secrets, this provider alone keeps their secret bit across a refresh
        # (provider_plugin.go ``Read`` annotates only when ``!acceptSecrets``).
        secrets = secret_names(request.properties) | secret_names(request.inputs)
        return self._read_answer(declaration, found, secrets)

    async def _import(
        self, declaration: ResourceDeclaration, core: ResourceCore, import_id: str
    ) -> rpc.ReadResponse:
        object_id, entity_id = parse_import_id(declaration, import_id)
        found = await self._run(lambda: core.read_by_id(object_id, entity_id), requests=True)
        return self._read_answer(declaration, found)

    def _read_answer(
        self,
        declaration: ResourceDeclaration,
        found: tuple[str, dict[str, Any], dict[str, Any]] | None,
        secrets: frozenset[str] = frozenset(),
    ) -> rpc.ReadResponse:
        """A Read's answer: gone (no id: the engine drops it), or the outputs and inputs."""
        if found is None:
            return rpc.ReadResponse()
        resource_id, outs, inputs = found
        return rpc.ReadResponse(
            resource_id=resource_id,
            properties=self._answer(declaration, outs, secrets),
            inputs=self._answer(declaration, inputs, secrets),
        )

    async def delete(self, request: rpc.DeleteRequest) -> None:
        declaration, core = self._resource(request.type)
        SHUTDOWN.refuse(f"delete of {declaration.token} {request.resource_id}")
        props = to_core(declaration, to_plain_map(request.properties))
        await self._run(lambda: core.delete_object(request.resource_id, props), requests=True)

    # -- functions -----------------------------------------------------------------------------

    async def invoke(self, request: rpc.InvokeRequest) -> rpc.InvokeResponse:
        function = FUNCTIONS.get(request.tok)
        if function is None:
            raise ValueError(f"unknown function {request.tok!r}; functions: {', '.join(FUNCTIONS)}")
        by_camel = {item.camel: item.name for item in function.inputs}
        given = to_plain_map(request.args)
        failures = [
            rpc.CheckFailure(key, f"is not an argument of {request.tok}")
            for key in given
            if key not in by_camel
        ]
        args = {by_camel[key]: value for key, value in given.items() if key in by_camel}
        failures += [
            rpc.CheckFailure(item.camel, "is required")
            for item in function.inputs
            if item.required and args.get(item.name) is None
        ]
        if failures:
            return rpc.InvokeResponse(failures=failures)
        SHUTDOWN.refuse(f"invoke of {request.tok}")
        _, core = self._resource(DECLARATIONS["Entity"].token)
        try:
            call = functools.partial(_call, core, function.call, args)
            result = await self._run(call, requests=True)
        except (ValueError, LookupError) as error:
            return rpc.InvokeResponse(failures=[rpc.CheckFailure("", str(error))])
        return rpc.InvokeResponse(
            return_value=from_plain_map({camel(key): value for key, value in result.items()})
        )


def _call(
    core: ResourceCore,
    call: Callable[[Any, Mapping[str, Any]], dict[str, Any]],
    args: Mapping[str, Any],
) -> dict[str, Any]:
    with core.failing_as("look up", None):
        return call(core.client(), args)


def parse_import_id(declaration: ResourceDeclaration, import_id: str) -> tuple[str, str | None]:
    """(object id, entity id): ``<entity_id>/<object_id>`` for entity-scoped objects."""
    if not declaration.entity_scoped:
        if "/" in import_id:
            raise ValueError(
                f"import id of {declaration.token} is the Monite id alone, got {import_id!r}"
            )
        return import_id, (import_id if declaration.name == "EntitySettings" else None)
    entity_id, slash, object_id = import_id.partition("/")
    if not slash or not entity_id or not object_id or "/" in object_id:
        raise ValueError(
            f"import id of {declaration.token} is <entity_id>/<{declaration.id_output}>, "
            f"got {import_id!r}"
        )
    return object_id, entity_id
