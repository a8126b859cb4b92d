"""Drive the native plugin ``pulumi-resource-monite`` as the Pulumi engine does.

The plugin is started like any resource plugin (sdk/go/common/resource/plugin/plugin.go
``execPlugin``): the engine's gRPC address as its argument, the port read from its first line of
stdout. Calls carry ``PropertyValue``s marshalled by the provider SDK itself, secrets and
unknowns included, so tests see exactly what the engine would: secret outputs stay wrapped.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from tests.harness.engine import ProviderCallError
from tests.harness.provider_server import ProviderServer, running_provider_server

__all__ = [
    "SECRET",
    "UNKNOWN",
    "NativeClient",
    "NativeDiff",
    "Secret",
    "plugin_command",
    "running_native_plugin",
]

_ENGINE_ADDRESS = "127.0.0.1:1"
"""The plugin only keeps the engine's address (for Construct/Call, which it does not serve)."""


@dataclass(frozen=True)
class Secret:
    """A value the plugin returned marked secret."""

    value: Any


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
"""A value not known in a preview (``Computed``)."""
SECRET = Secret


def plugin_command() -> list[str]:
    """The installed ``pulumi-resource-monite`` beside this Python, else the module."""
    found = Path(sys.executable).with_name("pulumi-resource-monite")
    if found.exists():
        return [str(found), _ENGINE_ADDRESS]
    on_path = shutil.which("pulumi-resource-monite")
    if on_path:
        return [on_path, _ENGINE_ADDRESS]
    return [sys.executable, "-u", "-m", "monite_pulumi.native", _ENGINE_ADDRESS]


@contextmanager
def running_native_plugin(env: Mapping[str, str] | None = None) -> Iterator[ProviderServer]:
    with running_provider_server(env, plugin_command()) as server:
        yield server


def to_value(value: Any) -> PropertyValue:
    if value is UNKNOWN:
        return PropertyValue(rpc.UNKNOWN)  # the wire form (PropertyValue cannot marshal Computed)
    if isinstance(value, Secret):
        return to_value(value.value).with_secret(True)
    if isinstance(value, Mapping):
        return PropertyValue({key: to_value(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return PropertyValue([to_value(item) for item in value])
    if isinstance(value, int) and not isinstance(value, bool):
        return PropertyValue(float(value))
    return PropertyValue(value)


def from_value(value: PropertyValue) -> Any:
    inner = value.value
    if isinstance(inner, Computed) or inner == rpc.UNKNOWN:
        plain: Any = UNKNOWN
    elif isinstance(inner, Mapping):
        plain = {key: from_value(item) for key, item in inner.items()}
    elif isinstance(inner, tuple):
        plain = [from_value(item) for item in inner]
    elif isinstance(inner, float) and inner.is_integer():
        plain = int(inner)
    else:
        plain = inner
    return Secret(plain) if value.is_secret else plain


def _struct(props: Mapping[str, Any]) -> Any:
    return PropertyValue.marshal_map({key: to_value(item) for key, item in props.items()})


def _plain(struct: Any) -> dict[str, Any]:
    return {key: from_value(item) for key, item in PropertyValue.unmarshal_map(struct).items()}


def unwrap(value: Any) -> Any:
    """The value with every ``Secret`` unwrapped (to compare contents)."""
    if isinstance(value, Secret):
        return unwrap(value.value)
    if isinstance(value, Mapping):
        return {key: unwrap(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    return value


@dataclass(frozen=True)
class NativeDiff:
    changes: bool | None
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    detailed: dict[str, str] = field(default_factory=dict)
    """Property -> kind name (``UPDATE``, ``UPDATE_REPLACE``, ...)."""


class NativeClient:
    """The ResourceProvider protocol as the engine speaks it to a native plugin."""

    def __init__(self, target: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._channel = grpc.insecure_channel(target)
        self._stub = provider_pb2_grpc.ResourceProviderStub(self._channel)

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> NativeClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _call(self, method: str, request: Any) -> Any:
        try:
            return getattr(self._stub, method)(request, timeout=self.timeout)
        except grpc.RpcError as error:
            raise ProviderCallError(method, error.code(), error.details() or "") from None

    @staticmethod
    def urn(type_name: str, name: str = "test") -> str:
        return f"urn:pulumi:dev::proj::monite:index:{type_name}::{name}"

    def schema(self) -> str:
        return str(self._call("GetSchema", provider_pb2.GetSchemaRequest(version=0)).schema)

    def check_config(self, news: Mapping[str, Any]) -> list[tuple[str, str]]:
        response = self._call(
            "CheckConfig",
            provider_pb2.CheckRequest(
                urn="urn:pulumi:dev::proj::pulumi:providers:monite::default",
                olds=_struct({}),
                news=_struct(news),
            ),
        )
        return [(item.property, item.reason) for item in response.failures]

    def configure(self, config: Mapping[str, Any]) -> Any:
        """``config`` by full key (``monite:clientId``), as the stack holds it."""
        args = {key.split(":", 1)[1]: value for key, value in config.items()}
        args = {
            key: Secret(value) if key == "clientSecret" else value for key, value in args.items()
        }
        variables = {f"monite:config:{key}": str(unwrap(value)) for key, value in args.items()}
        return self._call(
            "Configure",
            provider_pb2.ConfigureRequest(
                variables=variables,
                args=_struct(args),
                acceptSecrets=True,
                acceptResources=True,
                type="pulumi:providers:monite",
            ),
        )

    def check(
        self, type_name: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        response = self._call(
            "Check",
            provider_pb2.CheckRequest(
                urn=self.urn(type_name), olds=_struct(olds), news=_struct(news)
            ),
        )
        failures = [(item.property, item.reason) for item in response.failures]
        return _plain(response.inputs), failures

    def diff(
        self, type_name: str, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> NativeDiff:
        response = self._call(
            "Diff",
            provider_pb2.DiffRequest(
                id=id_, urn=self.urn(type_name), olds=_struct(olds), news=_struct(news)
            ),
        )
        changes = {
            provider_pb2.DiffResponse.DIFF_SOME: True,
            provider_pb2.DiffResponse.DIFF_NONE: False,
        }.get(response.changes)
        detailed = {
            key: provider_pb2.PropertyDiff.Kind.Name(item.kind)
            for key, item in response.detailedDiff.items()
        }
        return NativeDiff(changes, list(response.replaces), response.deleteBeforeReplace, detailed)

    def create(
        self, type_name: str, props: Mapping[str, Any], *, preview: bool = False
    ) -> tuple[str, dict[str, Any]]:
        response = self._call(
            "Create",
            provider_pb2.CreateRequest(
                urn=self.urn(type_name),
                properties=_struct(props),
                timeout=self.timeout,
                preview=preview,
            ),
        )
        return str(response.id), _plain(response.properties)

    def read(
        self,
        type_name: str,
        id_: str,
        props: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
    ) -> tuple[str, dict[str, Any], dict[str, Any]]:
        response = self._call(
            "Read",
            provider_pb2.ReadRequest(
                id=id_,
                urn=self.urn(type_name),
                properties=_struct(props or {}),
                inputs=_struct(inputs or {}),
            ),
        )
        return str(response.id), _plain(response.properties), _plain(response.inputs)

    def update(
        self,
        type_name: str,
        id_: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        preview: bool = False,
    ) -> dict[str, Any]:
        response = self._call(
            "Update",
            provider_pb2.UpdateRequest(
                id=id_,
                urn=self.urn(type_name),
                olds=_struct(olds),
                news=_struct(news),
                timeout=self.timeout,
                preview=preview,
            ),
        )
        return _plain(response.properties)

    def delete(self, type_name: str, id_: str, props: Mapping[str, Any]) -> None:
        self._call(
            "Delete",
            provider_pb2.DeleteRequest(
                id=id_, urn=self.urn(type_name), properties=_struct(props), timeout=self.timeout
            ),
        )

    def invoke(
        self, token: str, args: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        response = self._call("Invoke", provider_pb2.InvokeRequest(tok=token, args=_struct(args)))
        failures = [(item.property, item.reason) for item in response.failures]
        return _plain(getattr(response, "return")), failures

    def cancel(self) -> None:
        self._call("Cancel", empty_pb2.Empty())
