"""Which provider serves a resource, and provider resources (``pulumi:providers:<pkg>``).

pkg/resource/deploy/providers/registry.go is itself a provider, the one that serves provider
resources: ``Check`` loads a fresh plugin and calls its ``CheckConfig`` (olds and news without
the engine's ``__internal`` key), ``Diff`` its ``DiffConfig`` (DIFF_UNKNOWN: old outputs compared
with the new inputs), ``Create`` configures it and gives it a new UUID as id (the unknown id in a
preview) and the inputs as outputs, ``Update`` configures it again under the same id, ``Same``
configures a plugin with the provider's state (loaded anew for a provider the run did not
register: deletes, refresh, destroy), ``Delete`` unloads it, ``Read`` fails ("provider resources
may not be read"). Every provider resource has its own plugin process.

Default providers (pkg/resource/deploy/default_providers.go ``newRegisterDefaultProviderEvent``;
providers/provider.go ``DefaultName``; target.go ``GetPackageConfig``): a resource without a
``provider`` option gets the package's default provider, named ``default`` (``default_1_2_3``
for a requested version), whose inputs are the stack config of the package's namespace without
the namespace (``monite:apiUrl`` -> ``apiUrl``), secure values secret, plus ``version``.
The dynamic provider ``pulumi-python`` keeps its own path (deployment.py).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from monite_pulumi.local_engine.plugins import PluginClient
from monite_pulumi.local_engine.project import StackConfig
from monite_pulumi.local_engine.properties import UNKNOWN, deep_equals, make_secret
from monite_pulumi.local_engine.provider import CheckResult, DiffResult, ProviderCallError
from monite_pulumi.local_engine.state import ResourceState

__all__ = [
    "PROVIDER_TYPE_PREFIX",
    "ProviderRegistry",
    "ResourceProvider",
    "default_provider_name",
    "is_provider_type",
]

PROVIDER_TYPE_PREFIX = "pulumi:providers:"
_INTERNAL = "__internal"


def is_provider_type(type_: str) -> bool:
    return type_.startswith(PROVIDER_TYPE_PREFIX)


def default_provider_name(version: str) -> str:
    """providers/provider.go ``DefaultName``: ``default`` or ``default_<major>_<minor>_<patch>``
    (pre-release and build parts each after another ``_``)."""
    if not version:
        return "default"
    core, _, build = version.partition("+")
    core, _, pre = core.partition("-")
    parts = [
        *core.split("."),
        *(pre.split(".") if pre else []),
        *(build.split(".") if build else []),
    ]
    return "_".join(["default", *parts])


class ResourceProvider(Protocol):
    """What the deployment calls for a resource (a plugin, the dynamic server, the registry)."""

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult: ...

    def diff(
        self,
        urn: str,
        id_: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
    ) -> DiffResult: ...

    def create(
        self, urn: str, news: Mapping[str, Any], *, preview: bool = False
    ) -> tuple[str, dict[str, Any]]: ...

    def update(
        self,
        urn: str,
        id_: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        preview: bool = False,
    ) -> dict[str, Any]: ...

    def delete(
        self, urn: str, id_: str, old_inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> None: ...

    def read(
        self, urn: str, id_: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any], dict[str, Any] | None]: ...


def _package_of_provider(urn: str) -> str:
    type_ = urn.split("::")[2].rsplit("$", 1)[-1] if urn.count("::") >= 3 else ""
    return type_[len(PROVIDER_TYPE_PREFIX) :]


def _config_only(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """registry.go ``FilterProviderConfig``: without the engine's ``__internal`` key."""
    return {key: value for key, value in inputs.items() if key != _INTERNAL}


class ProviderRegistry:
    """Plugins by provider reference (``<urn>::<id>``), started on first use."""

    def __init__(
        self,
        *,
        start: Callable[[str], PluginClient],
        dynamic: Callable[[], Any],
        config: StackConfig,
        known: Callable[[], Sequence[ResourceState]],
    ) -> None:
        """``start(package)`` starts an unconfigured plugin; ``dynamic()`` is the dynamic
        server's client; ``known()`` the provider states a reference may name."""
        self._start = start
        self._dynamic = dynamic
        self._config = config
        self._known = known
        self._lock = threading.Lock()
        self._configured: dict[str, PluginClient] = {}
        self._unconfigured: dict[str, PluginClient] = {}
        self._loading: dict[str, threading.Lock] = {}
        self.provider_resources = _ProviderResources(self)

    # -- lookups -------------------------------------------------------------------------------

    def default_inputs(self, package: str, version: str) -> dict[str, Any]:
        """target.go ``GetPackageConfig`` plus ``SetProviderVersion``."""
        prefix = f"{package}:"
        inputs: dict[str, Any] = {}
        for key, value in self._config.values.items():
            if key.startswith(prefix):
                name = key[len(prefix) :]
                inputs[name] = make_secret(value) if key in self._config.secret_keys else value
        if version:
            inputs["version"] = version
        return inputs

    def client_for(self, type_: str, provider_ref: str) -> Any:
        """The provider of a resource: the registry for a provider resource, the dynamic
        server for ``pulumi-python``, else the plugin configured for the reference (loaded
        and configured from the provider's state if this run has not: registry.go ``Same``)."""
        if is_provider_type(type_):
            return self.provider_resources
        provider_urn = provider_ref.rsplit("::", 1)[0]
        if not provider_ref or _package_of_provider(provider_urn) == "pulumi-python":
            return self._dynamic()
        with self._lock:
            client = self._configured.get(provider_ref)
            loading = self._loading.setdefault(provider_ref, threading.Lock())
        if client is not None:
            return client
        with loading:
            with self._lock:
                client = self._configured.get(provider_ref)
            if client is not None:
                return client
            provider_id = provider_ref.rsplit("::", 1)[1]
            state = next(
                (
                    r
                    for r in self._known()
                    if r.urn == provider_urn and r.id == provider_id and is_provider_type(r.type)
                ),
                None,
            )
            if state is None:
                raise ProviderCallError(
                    "Configure", provider_urn, f"unknown provider '{provider_ref}'"
                )
            client = self._start(_package_of_provider(provider_urn))
            client.configure_provider(state.urn, state.id, _config_only(state.inputs))
            with self._lock:
                self._configured[provider_ref] = client
            return client

    def same(self, state: ResourceState) -> None:
        """registry.go ``Same`` (fromCheck): the plugin Check loaded is configured with the
        provider's state under its recorded id."""
        ref = f"{state.urn}::{state.id}"
        with self._lock:
            if ref in self._configured:
                return
            client = self._unconfigured.pop(state.urn, None)
        if client is None:
            client = self._start(_package_of_provider(state.urn))
        client.configure_provider(state.urn, state.id, _config_only(state.inputs))
        self._publish(ref, client)

    def close(self) -> None:
        with self._lock:
            clients = [*self._configured.values(), *self._unconfigured.values()]
            self._configured.clear()
            self._unconfigured.clear()
        for client in clients:
            client.stop()

    # -- the provider resources' lifecycle (used by _ProviderResources) -------------------------

    def _publish(self, ref: str, client: PluginClient) -> None:
        with self._lock:
            previous = self._configured.get(ref)
            self._configured[ref] = client
        if previous is not None and previous is not client:
            previous.stop()  # registry.go ``setProviderAndCloseOld``

    def _loaded(self, urn: str) -> PluginClient:
        with self._lock:
            client = self._unconfigured.pop(urn, None)
        return client if client is not None else self._start(_package_of_provider(urn))

    def _keep_unconfigured(self, urn: str, client: PluginClient) -> None:
        with self._lock:
            previous = self._unconfigured.get(urn)
            self._unconfigured[urn] = client
        if previous is not None and previous is not client:
            previous.stop()

    def _peek(self, urn: str, id_: str) -> PluginClient:
        with self._lock:
            client = self._unconfigured.get(urn)
        return client if client is not None else self.client_for("", f"{urn}::{id_}")

    def _unload(self, ref: str) -> None:
        with self._lock:
            client = self._configured.pop(ref, None)
        if client is not None:
            client.stop()


class _ProviderResources:
    """registry.go's provider methods, the provider of every ``pulumi:providers:*`` resource."""

    supports_preview = True
    """The registry answers previews itself (``Create``: the unknown id)."""

    def __init__(self, registry: ProviderRegistry) -> None:
        self._registry = registry

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        client = self._registry._start(_package_of_provider(urn))
        result = client.check_config(urn, _config_only(olds), _config_only(news))
        if result.failures:
            client.stop()
            return result
        inputs = dict(result.inputs)
        if "version" in news and "version" not in inputs:
            inputs["version"] = news["version"]
        if "version" in news and not deep_equals(inputs["version"], news["version"]):
            client.stop()
            raise ProviderCallError("Check", urn, f"provider {urn!r} attempted to change version")
        if _INTERNAL in news:
            inputs[_INTERNAL] = news[_INTERNAL]
        self._registry._keep_unconfigured(urn, client)
        return CheckResult(inputs)

    def diff(
        self,
        urn: str,
        id_: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
    ) -> DiffResult:
        client = self._registry._peek(urn, id_)
        filtered = _config_only(news)
        result = client.diff_config(urn, _config_only(old_inputs), old_outputs, filtered)
        if result.changes is None:
            return DiffResult(not deep_equals(dict(old_outputs), filtered), result.replaces)
        return result

    def create(
        self, urn: str, news: Mapping[str, Any], *, preview: bool = False
    ) -> tuple[str, dict[str, Any]]:
        client = self._registry._loaded(urn)
        id_ = UNKNOWN if preview else str(uuid.uuid4())
        filtered = _config_only(news)
        client.configure_provider(urn, id_, filtered)
        self._registry._publish(f"{urn}::{id_}", client)
        return id_, filtered

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
        client = self._registry._loaded(urn)
        filtered = _config_only(news)
        client.configure_provider(urn, id_, filtered)
        self._registry._publish(f"{urn}::{id_}", client)
        return filtered

    def delete(
        self, urn: str, id_: str, old_inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> None:
        self._registry._unload(f"{urn}::{id_}")

    def read(
        self, urn: str, id_: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
        raise ProviderCallError("Read", urn, "provider resources may not be read")
