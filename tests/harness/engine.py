"""A small engine: drive a provider server over gRPC exactly as ``pulumi up`` would.

Properties are (de)serialised with ``pulumi.runtime.rpc`` like the engine's Python host, and each
call carries ``__provider = serialize_provider(provider)``. Outcomes come back as plain dicts
without ``__provider``. A failed call raises ``ProviderCallError`` holding the server's details
text (the provider's traceback, which is what the Pulumi CLI prints), so tests assert on the
user-visible message. One ``EngineClient`` may be shared by several threads at once (the engine
keeps up to 4 calls in flight).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import grpc
from pulumi.dynamic import ResourceProvider
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

__all__ = [
    "PROVIDER_KEY",
    "UNKNOWN",
    "CheckOutcome",
    "CreateOutcome",
    "DiffOutcome",
    "EngineClient",
    "ProviderCallError",
    "ReadOutcome",
]

PROVIDER_KEY = "__provider"
UNKNOWN = rpc.UNKNOWN
"""Put this where a preview would have a value not computed yet."""

_DEFAULT_SECRET_KEYS = ("monite:clientSecret",)
T = TypeVar("T")


class ProviderCallError(Exception):
    """A provider call failed; ``details`` is what the Pulumi CLI would show the user."""

    def __init__(self, method: str, code: grpc.StatusCode, details: str) -> None:
        self.method = method
        self.code = code
        self.details = details
        super().__init__(f"{method} failed ({code.name}): {self.message}")

    @property
    def message(self) -> str:
        """The last line of the details: the provider exception and its message."""
        lines = [line for line in self.details.strip().splitlines() if line.strip()]
        return lines[-1] if lines else ""


@dataclass(frozen=True)
class CheckOutcome:
    inputs: dict[str, Any]
    failures: list[tuple[str, str]]

    @property
    def failed_properties(self) -> set[str]:
        return {prop for prop, _ in self.failures}

    def reason(self, prop: str) -> str:
        """The reason given for one property (``KeyError`` if it did not fail)."""
        return dict(self.failures)[prop]


@dataclass(frozen=True)
class DiffOutcome:
    changes: bool | None
    """True: some change; False: none; None: the provider could not tell."""
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False


@dataclass(frozen=True)
class CreateOutcome:
    id: str
    outs: dict[str, Any]


@dataclass(frozen=True)
class ReadOutcome:
    id: str
    """Empty when the provider reports the object gone (the engine drops it from state)."""
    outs: dict[str, Any]
    inputs: dict[str, Any] | None


def _serialize(props: Mapping[str, Any]) -> Any:
    """A protobuf Struct, as the engine's language host builds it."""
    return asyncio.run(rpc.serialize_properties(dict(props), {}))


def _plain(props: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if key != PROVIDER_KEY}


class EngineClient:
    """Speaks the ResourceProvider gRPC protocol to one provider server (thread-safe).

    Example::

        with running_provider_server() as server, EngineClient(server.target) as engine:
            engine.configure({"monite:apiUrl": api_url, "monite:clientId": client_id,
                              "monite:clientSecret": secret})
            provider = EntityProvider()
            checked = engine.check(provider, {}, {"type": "organization", ...})
            created = engine.create(provider, checked.inputs)
            assert engine.diff(provider, created.id, created.outs, checked.inputs).changes is False
    """

    def __init__(self, target: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._channel = grpc.insecure_channel(target)
        self._stub = provider_pb2_grpc.ResourceProviderStub(self._channel)
        self._lock = threading.Lock()
        self._serialized: dict[type, str] = {}

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> EngineClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------------

    def provider_property(self, provider: ResourceProvider) -> str:
        """``__provider`` as the program side computes it (cached per provider class)."""
        with self._lock:
            cached = self._serialized.get(type(provider))
            if cached is None:
                cached = serialize_provider(provider)
                self._serialized[type(provider)] = cached
            return cached

    def _with_provider(
        self, provider: ResourceProvider, props: Mapping[str, Any]
    ) -> dict[str, Any]:
        serialized = props.get(PROVIDER_KEY) or self.provider_property(provider)
        return {**props, PROVIDER_KEY: serialized}

    def _call(self, method: str, request: Any) -> Any:
        try:
            return getattr(self._stub, method)(request, timeout=self.timeout)
        except grpc.RpcError as error:
            raise ProviderCallError(method, error.code(), error.details() or "") from None

    @staticmethod
    def urn(provider: ResourceProvider, name: str = "test") -> str:
        token = f"pulumi-python:dynamic/monite:{type(provider).__name__.removesuffix('Provider')}"
        return f"urn:pulumi:test::monite-pulumi::{token}::{name}"

    # -- the calls ------------------------------------------------------------------------------

    def configure(
        self, config: Mapping[str, Any], *, secret_keys: Iterable[str] = _DEFAULT_SECRET_KEYS
    ) -> None:
        """Send the stack config as the engine does: namespaced keys, secrets marked secret."""
        secrets = set(secret_keys)
        args = {
            key: rpc.wrap_rpc_secret(value) if key in secrets else value
            for key, value in config.items()
        }
        variables = {key: str(value) for key, value in config.items()}
        self._call(
            "Configure",
            provider_pb2.ConfigureRequest(
                variables=variables, args=_serialize(args), acceptSecrets=True
            ),
        )

    def check(
        self, provider: ResourceProvider, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> CheckOutcome:
        """Check(olds = previous inputs, news = the program's inputs)."""
        response = self._call(
            "Check",
            provider_pb2.CheckRequest(
                urn=self.urn(provider),
                olds=_serialize(self._with_provider(provider, olds) if olds else {}),
                news=_serialize(self._with_provider(provider, news)),
            ),
        )
        inputs = rpc.deserialize_properties(response.inputs, keep_unknowns=True)
        failures = [(failure.property, failure.reason) for failure in response.failures]
        return CheckOutcome(inputs=_plain(inputs), failures=failures)

    def diff(
        self,
        provider: ResourceProvider,
        id_: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
    ) -> DiffOutcome:
        """Diff(olds = previous OUTPUTS, news = checked inputs)."""
        response = self._call(
            "Diff",
            provider_pb2.DiffRequest(
                id=id_,
                urn=self.urn(provider),
                olds=_serialize(self._with_provider(provider, olds)),
                news=_serialize(self._with_provider(provider, news)),
            ),
        )
        changes = {
            provider_pb2.DiffResponse.DIFF_SOME: True,
            provider_pb2.DiffResponse.DIFF_NONE: False,
        }.get(response.changes)
        return DiffOutcome(
            changes=changes,
            replaces=list(response.replaces),
            delete_before_replace=response.deleteBeforeReplace,
        )

    def create(self, provider: ResourceProvider, props: Mapping[str, Any]) -> CreateOutcome:
        response = self._call(
            "Create",
            provider_pb2.CreateRequest(
                urn=self.urn(provider),
                properties=_serialize(self._with_provider(provider, props)),
                timeout=self.timeout,
            ),
        )
        outs = _plain(rpc.deserialize_properties(response.properties))
        return CreateOutcome(id=response.id, outs=outs)

    def read(
        self,
        provider: ResourceProvider,
        id_: str,
        props: Mapping[str, Any] | None = None,
        *,
        inputs: Mapping[str, Any] | None = None,
    ) -> ReadOutcome:
        """Refresh passes the previous outputs as ``props``; ``Resource.get`` only ``inputs``.

        An import (``import_``) passes neither: the engine's ``ImportStep.Apply``
        (pkg/resource/deploy/step.go) reads with the id alone, which the dynamic server cannot
        serve (no ``__provider``); ``tests/providers/test_adopt_id.py`` pins that.
        """
        request = provider_pb2.ReadRequest(
            id=id_,
            urn=self.urn(provider),
            properties=_serialize(self._with_provider(provider, props) if props else {}),
            inputs=_serialize(self._with_provider(provider, inputs) if inputs else {}),
        )
        response = self._call("Read", request)
        read_inputs = (
            _plain(rpc.deserialize_properties(response.inputs))
            if response.HasField("inputs")
            else None
        )
        outs = _plain(rpc.deserialize_properties(response.properties))
        return ReadOutcome(id=response.id, outs=outs, inputs=read_inputs)

    def update(
        self,
        provider: ResourceProvider,
        id_: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
    ) -> dict[str, Any]:
        """Update(olds = previous outputs, news = checked inputs); returns the new outputs."""
        response = self._call(
            "Update",
            provider_pb2.UpdateRequest(
                id=id_,
                urn=self.urn(provider),
                olds=_serialize(self._with_provider(provider, olds)),
                news=_serialize(self._with_provider(provider, news)),
                timeout=self.timeout,
            ),
        )
        return _plain(rpc.deserialize_properties(response.properties))

    def delete(self, provider: ResourceProvider, id_: str, props: Mapping[str, Any]) -> None:
        """Delete(props = the stored outputs)."""
        self._call(
            "Delete",
            provider_pb2.DeleteRequest(
                id=id_,
                urn=self.urn(provider),
                properties=_serialize(self._with_provider(provider, props)),
                timeout=self.timeout,
            ),
        )
