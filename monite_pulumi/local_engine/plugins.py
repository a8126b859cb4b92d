"""Resource provider plugins: found and started the way the Pulumi CLI finds and starts them.

- Found (sdk/go/common/workspace/plugins.go ``getPluginInfoAndPath``): a ``plugins: providers:``
  entry of ``Pulumi.yaml`` with the package's ``name`` names the directory that holds
  ``pulumi-resource-<name>`` (``getPluginPath``); otherwise the executable on ``$PATH``
  (``exec.LookPath``, the "ambient" plugins), unless ``PULUMI_IGNORE_AMBIENT_PLUGINS`` is set.
  The plugin cache of ``pulumi plugin install`` is the CLI's and is not searched here.
- Started (sdk/go/common/resource/plugin/provider_plugin.go ``NewProvider``, plugin.go
  ``newPlugin``): the executable with the engine's address as its only argument, in the project
  directory, with ``PULUMI_PROJECT`` and ``PULUMI_CONFIG`` in its environment; the port it
  serves on is the first line of its stdout. Then ``Handshake`` (``handshake``: the engine
  address, root and program directory = the plugin's directory, ``configureWithUrn``,
  ``invokeWithPreview``...); a plugin that answers Unimplemented (the Python SDK's
  ``pulumi.provider.experimental`` host) gets its protocol from its Configure answer instead.
- Calls in flight: the engine does not cap a plugin's calls; its step executor runs up to the
  deployment's parallelism (pkg/cmd/pulumi/operations/up.go ``defaultParallel``; this engine
  passes ``PARALLEL`` to the program and uses the same number here).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Mapping
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import yaml
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, provider_pb2

from monite_pulumi.local_engine.program import PARALLEL
from monite_pulumi.local_engine.project import Project, ProjectError
from monite_pulumi.local_engine.properties import (
    annotate_secrets,
    contains_unknowns,
    from_struct,
    strip_secrets,
    to_struct,
)
from monite_pulumi.local_engine.provider import (
    CheckResult,
    DiffResult,
    ProviderCallError,
    ProviderClient,
    ProviderProcess,
)

__all__ = ["EngineHost", "PluginClient", "PluginError", "find_plugin", "start_plugin"]

IGNORE_AMBIENT = "PULUMI_IGNORE_AMBIENT_PLUGINS"


class PluginError(RuntimeError):
    """The plugin could not be found or started (the CLI's ``MissingError`` wording)."""


class _PluginLog(engine_pb2_grpc.EngineServicer):
    """The engine service a plugin logs to (plugin/host.go ``hostServer.Log``): to stderr."""

    def Log(self, request: Any, context: Any) -> Any:  # noqa: N802
        if request.severity in (engine_pb2.WARNING, engine_pb2.ERROR):
            level = "error" if request.severity == engine_pb2.ERROR else "warning"
            print(f"{level}: {request.message.rstrip()}", file=sys.stderr, flush=True)
        return empty_pb2.Empty()


class EngineHost:
    """The address the engine gives each plugin as argv[1] (``host.ServerAddr()``)."""

    def __init__(self) -> None:
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        engine_pb2_grpc.add_EngineServicer_to_server(_PluginLog(), self._server)
        self.address = f"127.0.0.1:{self._server.add_insecure_port('127.0.0.1:0')}"
        self._server.start()

    def stop(self) -> None:
        self._server.stop(grace=1).wait()

    def __enter__(self) -> EngineHost:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def _project_plugin_dirs(project: Project, package: str) -> list[Path]:
    """``plugins: providers: [{name, path, version}]`` of Pulumi.yaml (workspace.ProjectPlugin),
    a relative path taken from the project directory."""
    path = project.directory / "Pulumi.yaml"
    try:
        document = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ProjectError(f"cannot read {path}: {error}") from error
    plugins = document.get("plugins") if isinstance(document, dict) else None
    providers = plugins.get("providers") if isinstance(plugins, dict) else None
    found = []
    for entry in providers or []:
        if isinstance(entry, dict) and entry.get("name") == package and entry.get("path"):
            found.append(project.directory / str(entry["path"]))
    return found


def find_plugin(project: Project, package: str) -> Path:
    """The executable of ``pulumi-resource-<package>`` (plugins.go ``getPluginInfoAndPath``)."""
    filename = f"pulumi-resource-{package}"
    for directory in _project_plugin_dirs(project, package):
        return directory / filename  # getPluginPath: the first matching project plugin wins
    ambient = not os.environ.get(IGNORE_AMBIENT)
    if ambient:
        on_path = shutil.which(filename)
        if on_path:
            return Path(on_path)
    where = " or on your $PATH" if ambient else ""
    raise PluginError(f"no resource plugin '{filename}' found in the workspace{where}")


class PluginClient(ProviderClient):
    """A provider plugin's client: secrets kept and previews sent once the provider says so."""

    def __init__(
        self, target: str, process: ProviderProcess, package: str, max_calls: int = PARALLEL
    ) -> None:
        super().__init__(target, max_calls=max_calls)
        self.package = package
        self.process = process
        self._handshaken = False

    def stop(self) -> None:
        self.close()
        self.process.stop()

    def handshake(self, engine_address: str, plugin_dir: str) -> None:
        """provider_plugin.go ``handshake``; a plugin without it answers Unimplemented."""
        request = provider_pb2.ProviderHandshakeRequest(
            engine_address=engine_address,
            root_directory=plugin_dir,
            program_directory=plugin_dir,
            configure_with_urn=True,
            supports_views=True,
            invoke_with_preview=True,
        )
        try:
            response = self._stub.Handshake(request, timeout=self._timeout_s)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.UNIMPLEMENTED:
                return
            raise ProviderCallError("Handshake", "", error.details() or str(error)) from None
        # NewProvider: after a handshake the engine assumes previews are supported.
        self._handshaken = True
        self.accept_secrets = response.accept_secrets
        self.supports_preview = True

    def check_config(
        self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> CheckResult:
        """provider_plugin.go ``CheckConfig``: a plugin that does not implement it passes the
        news through (``isDiffCheckConfigLogicallyUnimplemented``)."""
        name, type_ = urn.rsplit("::", 1)[-1], f"pulumi:providers:{self.package}"
        request = provider_pb2.CheckRequest(
            urn=urn, name=name, type=type_, olds=to_struct(olds), news=to_struct(news)
        )
        try:
            response = self._stub.CheckConfig(request, timeout=self._timeout_s)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.UNIMPLEMENTED:
                return CheckResult(dict(news))
            raise ProviderCallError("CheckConfig", urn, error.details() or str(error)) from None
        # CheckConfig: the inputs keep every secret the news had (``annotateSecrets`` always).
        inputs = (
            annotate_secrets(from_struct(response.inputs), news)
            if response.HasField("inputs")
            else dict(news)
        )
        return CheckResult(inputs, [(f.property, f.reason) for f in response.failures])

    def diff_config(
        self,
        urn: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
    ) -> DiffResult:
        """provider_plugin.go ``DiffConfig`` (unimplemented: DIFF_UNKNOWN)."""
        request = provider_pb2.DiffRequest(
            urn=urn,
            olds=to_struct(old_outputs),
            news=to_struct(news),
            old_inputs=to_struct(old_inputs),
        )
        try:
            response = self._stub.DiffConfig(request, timeout=self._timeout_s)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.UNIMPLEMENTED:
                return DiffResult(None)
            raise ProviderCallError("DiffConfig", urn, error.details() or str(error)) from None
        changes = {
            provider_pb2.DiffResponse.DIFF_SOME: True,
            provider_pb2.DiffResponse.DIFF_NONE: False,
        }.get(response.changes)
        return DiffResult(changes, list(response.replaces), response.deleteBeforeReplace)

    def configure_provider(self, urn: str, id_: str, inputs: Mapping[str, Any]) -> None:
        """provider_plugin.go ``Configure``: ``variables`` are ``<pkg>:config:<key>`` strings
        (objects as JSON, ``version`` left out), ``args`` the inputs with secrets kept. Inputs
        with unknowns configure nothing: the configuration is unknown (a preview's Create and
        Update then answer nothing)."""
        if any(contains_unknowns(value) for value in inputs.values()):
            self.config_known = False
            return
        variables = {}
        for key, value in inputs.items():
            if key == "version":
                continue
            plain = strip_secrets(value)
            variables[f"{self.package}:config:{key}"] = (
                plain if isinstance(plain, str) else json.dumps(plain)
            )
        response = self._call(
            "Configure",
            urn,
            provider_pb2.ConfigureRequest(
                urn=urn,
                name=urn.rsplit("::", 1)[-1],
                type=f"pulumi:providers:{self.package}",
                id=id_,
                variables=variables,
                args=to_struct(inputs),
                acceptSecrets=True,
                acceptResources=True,
                sends_old_inputs=True,
                sends_old_inputs_to_delete=True,
            ),
        )
        if not self._handshaken:
            self.accept_secrets = response.acceptSecrets
            self.supports_preview = response.supportsPreview

    def invoke(self, token: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], list[Any]]:
        """provider_plugin.go ``Invoke``: the function's return and its check failures."""
        response = self._call(
            "Invoke", token, provider_pb2.InvokeRequest(tok=token, args=self._on_the_wire(args))
        )
        returned = self._annotated(getattr(response, "return"), args)
        return returned, list(response.failures)


def start_plugin(
    project: Project, package: str, engine_address: str, env: Mapping[str, str]
) -> PluginClient:
    """Find, start and handshake ``pulumi-resource-<package>``; not configured yet."""
    path = find_plugin(project, package)
    if not path.exists():
        raise PluginError(f"the resource plugin {path} does not exist")
    process = ProviderProcess(
        project.python, project.directory, env, argv=[str(path), engine_address]
    )
    client = PluginClient(process.target, process, package)
    try:
        client.handshake(engine_address, str(path.parent))
    except ProviderCallError:
        client.stop()
        raise
    return client
