"""The dynamic provider: ``python -u -m pulumi.dynamic`` and a ResourceProvider gRPC client.

The CLI starts the plugin ``pulumi-resource-pulumi-python`` for every ``pulumi-python:dynamic``
resource; that plugin runs ``python -u -m pulumi.dynamic`` in the project's virtualenv, which
prints its port on stdout and serves with 4 worker threads (pulumi/dynamic/__main__.py
``main``). This module starts it the same way and talks to it over gRPC. Values go in with every
secret wrapper removed, because the server answered ``acceptSecrets=false`` to Configure
(provider_plugin.go ``Check``/``Diff``/``Create``/``Update``/``Read``: ``KeepSecrets:
protocol.acceptSecrets``), and outputs come back with ``annotateSecrets`` applied. Every
request names the resource as the engine's does (``urn``, ``name``, ``type``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import grpc
from google.protobuf.struct_pb2 import Struct
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from monite_pulumi.local_engine.children import popen, spawn
from monite_pulumi.local_engine.properties import (
    annotate_secrets,
    from_struct,
    make_secret,
    strip_secrets,
    to_struct,
)

__all__ = [
    "MAX_PROVIDER_CALLS",
    "CheckResult",
    "DiffResult",
    "ProviderCallError",
    "ProviderClient",
    "ProviderProcess",
]


def _name_and_type(urn: str) -> tuple[str, str]:
    """The ``name`` and ``type`` a request carries besides its ``urn`` (provider_plugin.go:
    ``req.URN.Name()``, ``req.URN.Type()``, the last type of the URN's type chain)."""
    if urn.count("::") < 3:
        return "", ""
    qualified, name = urn.split("::", 3)[2:]
    return name, qualified.rsplit("$", 1)[-1]


MAX_PROVIDER_CALLS = 4
"""The dynamic server's ``ThreadPoolExecutor(max_workers=4)``: more calls would only queue."""
_NO_DEADLINE = frozenset({"Create", "Update", "Delete"})
"""The calls that change an object: never cut short by the engine (provider_plugin.go)."""
_STARTUP_TIMEOUT_S = 60.0


class ProviderCallError(Exception):
    """A provider call failed; ``details`` is the server's message (the provider's traceback)."""

    def __init__(self, method: str, urn: str, details: str) -> None:
        self.method = method
        self.urn = urn
        self.details = details
        lines = [line for line in details.strip().splitlines() if line.strip()]
        super().__init__(lines[-1] if lines else f"{method} failed")


@dataclass(frozen=True)
class CheckResult:
    inputs: dict[str, Any]
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class DiffResult:
    changes: bool | None
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False


class _PortReader(threading.Thread):
    """Reads the port line, then drains stdout so stray prints never block the server."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.first_line = b""
        self.ready = threading.Event()

    def run(self) -> None:
        self.first_line = self.stream.readline()
        self.ready.set()
        while self.stream.read(65536):
            pass


class ProviderProcess:
    """One provider server for the whole run; its stderr goes to ours (as the CLI shows it).

    ``argv`` replaces the dynamic server's command line for a provider plugin (plugins.py)."""

    def __init__(
        self, python: str, cwd: Path, env: Mapping[str, str], argv: Sequence[str] = ()
    ) -> None:
        options: dict[str, Any] = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE}
        self._process = (
            spawn(argv, env=env, cwd=cwd, **options)
            if argv
            else popen(python, ["-m", "pulumi.dynamic"], env=env, cwd=cwd, **options)
        )
        assert self._process.stdout is not None
        self._reader = _PortReader(self._process.stdout)
        self._reader.start()
        self._reader.ready.wait(_STARTUP_TIMEOUT_S)
        line = self._reader.first_line.strip()
        if not line.isdigit():
            self.stop()
            what = argv[0] if argv else "python -m pulumi.dynamic"
            raise RuntimeError(f"{what} printed no port (got {line!r})")
        self.target = f"127.0.0.1:{int(line)}"

    @property
    def pid(self) -> int:
        return self._process.pid

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):  # its own session: its group
                    os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(timeout=10)
        self._reader.join(timeout=5)
        if self._process.stdout is not None:
            self._process.stdout.close()


class ProviderClient:
    """The engine's side of ResourceProvider; at most ``max_calls`` calls at once
    (``MAX_PROVIDER_CALLS`` for the dynamic server, the engine's parallelism for a plugin).

    ``accept_secrets`` and ``supports_preview`` are the protocol the provider answered
    (provider_plugin.go ``pluginProtocol``): the dynamic server answers neither."""

    accept_secrets = False
    supports_preview = False
    config_known = True
    """False when a plugin's configuration held unknowns and was not sent (plugins.py): a
    preview's Create and Update then answer nothing, every output unknown."""

    def __init__(
        self, target: str, *, timeout_s: float = 600.0, max_calls: int = MAX_PROVIDER_CALLS
    ) -> None:
        self._channel = grpc.insecure_channel(target)
        self._stub = provider_pb2_grpc.ResourceProviderStub(self._channel)
        self._slots = threading.BoundedSemaphore(max_calls)
        self._timeout_s = timeout_s

    def _on_the_wire(self, values: Mapping[str, Any]) -> Struct:
        """provider_plugin.go ``MarshalProperties(KeepSecrets: protocol.acceptSecrets)``: the
        dynamic server answers ``acceptSecrets=false``, so it gets no secret wrappers."""
        return to_struct(values if self.accept_secrets else strip_secrets(values))

    def _annotated(self, outputs: Any, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """provider_plugin.go: ``annotateSecrets`` only when the provider cannot take secrets."""
        values = from_struct(outputs)
        return values if self.accept_secrets else annotate_secrets(values, inputs)

    def close(self) -> None:
        self._channel.close()

    def _call(self, method: str, urn: str, request: Any) -> Any:
        # provider_plugin.go calls Create/Update/Delete without a deadline: one would end the
        # step as failed (its pending operation cleared) while the provider goes on changing
        # the object.
        timeout = None if method in _NO_DEADLINE else self._timeout_s
        with self._slots:
            try:
                return getattr(self._stub, method)(request, timeout=timeout)
            except grpc.RpcError as error:
                raise ProviderCallError(method, urn, error.details() or str(error)) from None

    def configure(self, config: Mapping[str, str], secret_keys: frozenset[str]) -> None:
        """Configure with the whole namespaced stack config, secrets decrypted.

        provider_plugin.go ``Configure``: ``variables`` holds every value as a string, ``args``
        the same values with secrets marked; the dynamic server unwraps them.
        """
        args = {
            key: make_secret(value) if key in secret_keys else value
            for key, value in config.items()
        }
        self._call(
            "Configure",
            "",
            provider_pb2.ConfigureRequest(
                variables=dict(config),
                args=to_struct(args),
                acceptSecrets=True,
                acceptResources=True,
                sends_old_inputs=True,
                sends_old_inputs_to_delete=True,
            ),
        )

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        """provider_plugin.go ``Check``: ``olds`` are the resource's previous INPUTS."""
        name, type_ = _name_and_type(urn)
        response = self._call(
            "Check",
            urn,
            provider_pb2.CheckRequest(
                urn=urn,
                name=name,
                type=type_,
                olds=self._on_the_wire(olds),
                news=self._on_the_wire(news),
            ),
        )
        inputs = self._annotated(response.inputs, news)
        return CheckResult(inputs, [(f.property, f.reason) for f in response.failures])

    def diff(
        self,
        urn: str,
        id_: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
    ) -> DiffResult:
        """provider_plugin.go ``Diff``: ``olds`` are the previous OUTPUTS (``old_inputs`` too)."""
        name, type_ = _name_and_type(urn)
        response = self._call(
            "Diff",
            urn,
            provider_pb2.DiffRequest(
                urn=urn,
                name=name,
                type=type_,
                id=id_,
                olds=self._on_the_wire(old_outputs),
                news=self._on_the_wire(news),
                old_inputs=self._on_the_wire(old_inputs),
            ),
        )
        changes = {
            provider_pb2.DiffResponse.DIFF_SOME: True,
            provider_pb2.DiffResponse.DIFF_NONE: False,
        }.get(response.changes)
        return DiffResult(changes, list(response.replaces), response.deleteBeforeReplace)

    def create(
        self, urn: str, news: Mapping[str, Any], *, preview: bool = False
    ) -> tuple[str, dict[str, Any]]:
        """provider_plugin.go ``Create``: in a preview, a provider that does not support previews
        (the dynamic server) is not called; the engine answers with the inputs."""
        if preview and not self.config_known:
            return "", {}
        if preview and not self.supports_preview:
            return "", dict(news)
        name, type_ = _name_and_type(urn)
        response = self._call(
            "Create",
            urn,
            provider_pb2.CreateRequest(
                urn=urn, name=name, type=type_, properties=self._on_the_wire(news), preview=preview
            ),
        )
        return response.id, self._annotated(response.properties, news)

    def update(
        self,
        urn: str,
        id_: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        preview: bool = False,
    ) -> dict[str, Any]:
        """provider_plugin.go ``Update``: ``olds`` are the previous OUTPUTS; a preview is
        answered with the inputs unless the provider supports previews."""
        if preview and not self.config_known:
            return {}
        if preview and not self.supports_preview:
            return dict(news)
        name, type_ = _name_and_type(urn)
        response = self._call(
            "Update",
            urn,
            provider_pb2.UpdateRequest(
                urn=urn,
                name=name,
                type=type_,
                id=id_,
                olds=self._on_the_wire(old_outputs),
                news=self._on_the_wire(news),
                old_inputs=self._on_the_wire(old_inputs),
                preview=preview,
            ),
        )
        return self._annotated(response.properties, news)

    def delete(
        self, urn: str, id_: str, old_inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> None:
        name, type_ = _name_and_type(urn)
        self._call(
            "Delete",
            urn,
            provider_pb2.DeleteRequest(
                urn=urn,
                name=name,
                type=type_,
                id=id_,
                properties=self._on_the_wire(outputs),
                old_inputs=self._on_the_wire(old_inputs),
            ),
        )

    def read(
        self, urn: str, id_: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
        """provider_plugin.go ``Read``: ``properties`` = old outputs (empty on import),
        ``inputs`` = old inputs. Answers (id, outputs, inputs or None)."""
        name, type_ = _name_and_type(urn)
        response = self._call(
            "Read",
            urn,
            provider_pb2.ReadRequest(
                urn=urn,
                name=name,
                type=type_,
                id=id_,
                properties=self._on_the_wire(outputs),
                inputs=self._on_the_wire(inputs),
            ),
        )
        outs = self._annotated(response.properties, outputs)
        new_inputs = (
            self._annotated(response.inputs, inputs) if response.HasField("inputs") else None
        )
        return response.id, outs, new_inputs
