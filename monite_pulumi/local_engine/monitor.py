"""The ResourceMonitor and Engine gRPC services the program's Pulumi SDK talks to.

Served on 127.0.0.1 with the SDK's own generated stubs (pulumi.runtime.proto). The feature answer
is the minimum this engine implements: secrets yes (pkg/resource/deploy/source_eval.go
``resmon.SupportsFeature`` answers the same for the CLI); resource references, output values,
alias specs, hooks no, so the SDK sends plain values and computes aliases itself. ``deletedWith``,
``replaceWith`` and transforms are answered yes only so that the SDK sends them here, where they
are refused in one line naming the option (the SDK's own refusal asks to "update the Pulumi
CLI"). ReadResource (``get``, StackReference), Invoke, Call and stack transforms are refused the
same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent import futures
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import (
    engine_pb2,
    engine_pb2_grpc,
    provider_pb2,
    resource_pb2,
    resource_pb2_grpc,
)

from monite_pulumi.local_engine.deployment import (
    Deployment,
    PluginUnavailableError,
    Registration,
    StepError,
)
from monite_pulumi.local_engine.progress import Progress
from monite_pulumi.local_engine.properties import UNKNOWN, from_struct, to_struct

__all__ = ["MonitorServer"]

SUPPORTED_FEATURES = {
    "secrets": resource_pb2.RESOURCE_MONITOR_FEATURE_SECRETS,
    "deletedWith": resource_pb2.RESOURCE_MONITOR_FEATURE_DELETED_WITH,
    "replaceWith": resource_pb2.RESOURCE_MONITOR_FEATURE_REPLACE_WITH,
    "transforms": resource_pb2.RESOURCE_MONITOR_FEATURE_TRANSFORMS,
}
"""Legacy feature ids (the SDK's ``_LEGACY_FEATURE_MAPPING``) -> DeploymentInfo features."""
_ADVICE = "use the Pulumi CLI for this program"
_STACK_REFERENCE = "pulumi:pulumi:StackReference"
_MONITOR_GONE = "Resource monitor has terminated"
"""What the SDK logs (pulumi/runtime/settings.py ``grpc_error_to_exception``) on Unavailable."""
_WORKERS = 64
"""Registrations block while their step runs (as in the engine); provider calls are capped
separately, so many waiting registrations must not starve the next one's thread."""


class _ResourceMonitor(resource_pb2_grpc.ResourceMonitorServicer):
    def __init__(self, deployment: Deployment, info: resource_pb2.DeploymentInfo) -> None:
        self._deployment = deployment
        self._info = info

    def GetDeploymentInfo(self, request: Any, context: Any) -> Any:  # noqa: N802
        return self._info

    def SupportsFeature(self, request: Any, context: Any) -> Any:  # noqa: N802
        return resource_pb2.SupportsFeatureResponse(hasSupport=request.id in SUPPORTED_FEATURES)

    def _refuse(self, context: Any, message: str) -> None:
        self._deployment.unsupported(message)
        context.abort(grpc.StatusCode.UNAVAILABLE, message)

    def _refuse_read(self, request: Any, context: Any) -> None:
        what = (
            "a StackReference (reading another stack's outputs)"
            if request.type == _STACK_REFERENCE
            else "reading an existing resource (`get`, ReadResource)"
        )
        self._refuse(
            context,
            f"{request.type} {request.name}: {what} is not supported by the local engine; "
            f"{_ADVICE}",
        )

    def _refuse_invoke(self, request: Any, context: Any) -> None:
        self._refuse(
            context,
            f"{request.tok}: provider functions (Invoke) are not supported by the local engine; "
            f"{_ADVICE}",
        )

    StreamInvoke = _refuse_invoke

    def Call(self, request: Any, context: Any) -> Any:  # noqa: N802
        self._refuse(
            context,
            f"{request.tok}: component methods (Call) are not supported by the local engine; "
            f"{_ADVICE}",
        )

    def RegisterStackTransform(self, request: Any, context: Any) -> Any:  # noqa: N802
        self._refuse(
            context,
            "stack transforms (pulumi.runtime.register_stack_transform) are not supported by "
            f"the local engine; {_ADVICE}",
        )

    RegisterStackInvokeTransform = RegisterStackTransform

    def SignalAndWaitForShutdown(self, request: Any, context: Any) -> Any:  # noqa: N802
        return empty_pb2.Empty()

    def RegisterResource(self, request: Any, context: Any) -> Any:  # noqa: N802
        registration = Registration(
            type=request.type,
            name=request.name,
            custom=request.custom,
            parent=request.parent,
            inputs=from_struct(request.object),
            protect=request.protect,
            dependencies=tuple(dict.fromkeys(request.dependencies)),
            property_dependencies={
                key: list(value.urns) for key, value in request.propertyDependencies.items()
            },
            additional_secret_outputs=tuple(request.additionalSecretOutputs),
            delete_before_replace=(
                request.deleteBeforeReplace if request.deleteBeforeReplaceDefined else None
            ),
            provider=request.provider,
            id_to_import=request.importId,
            unsupported_options=_unsupported_options(request),
            version=request.version,
        )
        try:
            state = self._deployment.register(registration)
        except StepError:
            # pkg/resource/deploy/source_eval.go ``RegisterResource``: once the deployment is
            # cancelled the monitor answers Unavailable ("resource monitor shut down while
            # waiting on step's done channel"); the SDK then ends the program quietly with a
            # RunError, and the step's own error is what the user sees (reported already).
            context.abort(
                grpc.StatusCode.UNAVAILABLE,
                "resource monitor shut down while waiting on step's done channel",
            )
        # source_eval.go ``RegisterResource``: a local component gets no outputs back (its old
        # ones may name resources not registered yet).
        return resource_pb2.RegisterResourceResponse(
            urn=state.urn,
            id="" if state.id == UNKNOWN else state.id,
            object=to_struct(state.outputs if request.custom else {}),
        )

    def ReadResource(self, request: Any, context: Any) -> Any:  # noqa: N802
        """source_eval.go ``resmon.ReadResource``: a ``get`` of an existing object, through a
        provider plugin; the builtin ``pulumi`` package (StackReference) and the dynamic
        provider are refused."""
        if not _served_by_a_plugin(request.type):
            self._refuse_read(request, context)
        registration = Registration(
            type=request.type,
            name=request.name,
            custom=True,
            parent=request.parent,
            inputs=from_struct(request.properties),
            protect=False,
            dependencies=tuple(dict.fromkeys(request.dependencies)),
            additional_secret_outputs=tuple(request.additionalSecretOutputs),
            provider=request.provider,
            version=request.version,
        )
        try:
            state = self._deployment.read_resource(registration, request.id)
        except StepError:
            context.abort(
                grpc.StatusCode.UNAVAILABLE,
                "resource monitor shut down while waiting on step's done channel",
            )
        return resource_pb2.ReadResourceResponse(urn=state.urn, properties=to_struct(state.outputs))

    def Invoke(self, request: Any, context: Any) -> Any:  # noqa: N802
        """A provider function of a plugin: the failures come back to the SDK, which raises;
        the builtin ``pulumi`` functions and the dynamic provider's (none) are refused."""
        if not _served_by_a_plugin(request.tok):
            self._refuse_invoke(request, context)
        try:
            returned, failures = self._deployment.invoke(
                request.tok, from_struct(request.args), request.provider, request.version
            )
        except PluginUnavailableError as error:
            self._refuse(context, f"{error}; install it, or {_ADVICE}")
        except StepError as error:
            context.abort(grpc.StatusCode.UNKNOWN, str(error))
        return provider_pb2.InvokeResponse(failures=failures, **{"return": to_struct(returned)})

    def RegisterResourceOutputs(self, request: Any, context: Any) -> Any:  # noqa: N802
        self._deployment.register_outputs(request.urn, from_struct(request.outputs))
        return empty_pb2.Empty()


def _served_by_a_plugin(token: str) -> bool:
    """A token of a package whose provider is a plugin (not the engine's builtin ``pulumi``
    provider, not the dynamic provider ``pulumi-python``)."""
    return token.split(":", 1)[0] not in {"pulumi", "pulumi-python"}


def _unsupported_options(request: Any) -> tuple[str, ...]:
    """Resource options this engine does not implement: refused, never silently ignored.

    The SDK itself refuses the options behind a monitor feature this engine answers no to
    (hooks, state migrations); ``customTimeouts`` and ``hideDiffs``
    change nothing a dynamic provider sees (its server ignores timeouts), so they pass."""
    used = {
        "ignoreChanges": bool(request.ignoreChanges),
        "replaceOnChanges": bool(request.replaceOnChanges),
        "replacementTrigger": request.HasField("replacement_trigger"),
        "retainOnDelete": request.retainOnDelete,
        "deletedWith": bool(request.deletedWith),
        "replaceWith": bool(request.replace_with),
        "transforms": bool(request.transforms),
        "aliases": bool(request.aliasURNs) or bool(request.aliases),
        "remote (component providers)": request.remote,
    }
    return tuple(name for name, set_ in used.items() if set_)


class _Engine(engine_pb2_grpc.EngineServicer):
    def __init__(self, progress: Progress, deployment_failed: Callable[[], bool]) -> None:
        self._progress = progress
        self._deployment_failed = deployment_failed
        self._root = ""
        self._lock = threading.Lock()

    def Log(self, request: Any, context: Any) -> Any:  # noqa: N802
        severity = request.severity
        prefix = request.urn.rsplit("::", 1)[-1] if request.urn else ""
        text = f"{prefix}: {request.message}" if prefix else request.message
        if severity == engine_pb2.ERROR:
            if self._deployment_failed() and _MONITOR_GONE in request.message:
                return empty_pb2.Empty()  # the SDK's echo of our cancellation, not news
            self._progress.error(text.rstrip())
        elif severity == engine_pb2.WARNING:
            self._progress.warning(text.rstrip())
        elif severity == engine_pb2.INFO:
            self._progress.info(text.rstrip())
        return empty_pb2.Empty()

    def GetRootResource(self, request: Any, context: Any) -> Any:  # noqa: N802
        with self._lock:
            return engine_pb2.GetRootResourceResponse(urn=self._root)

    def SetRootResource(self, request: Any, context: Any) -> Any:  # noqa: N802
        with self._lock:
            self._root = request.urn
        return engine_pb2.SetRootResourceResponse()

    def RequirePulumiVersion(self, request: Any, context: Any) -> Any:  # noqa: N802
        return engine_pb2.RequirePulumiVersionResponse()


class MonitorServer:
    """Both services on one port; ``address`` is what the program gets as --monitor/--engine."""

    def __init__(self, deployment: Deployment, info: resource_pb2.DeploymentInfo) -> None:
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=_WORKERS))
        resource_pb2_grpc.add_ResourceMonitorServicer_to_server(
            _ResourceMonitor(deployment, info), self._server
        )
        engine_pb2_grpc.add_EngineServicer_to_server(
            _Engine(deployment.progress, lambda: deployment.stopped), self._server
        )
        port = self._server.add_insecure_port("127.0.0.1:0")
        self.address = f"127.0.0.1:{port}"

    def __enter__(self) -> MonitorServer:
        self._server.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.stop(grace=5).wait()
