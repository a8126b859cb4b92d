"""A small native provider plugin, ``pulumi-resource-fakenat``, for the engine's plugin rules.

Served by the Pulumi Python SDK's own host (``pulumi.provider.experimental``: an async Provider
over grpc.aio, no Handshake, protocol from its Configure answer), as a real plugin is, so the
local engine's plugin support stays tested independently of this package's provider. Run as
``python fake_native_provider.py <engine address>`` through a ``pulumi-resource-fakenat`` script
(``install_plugin``). Its objects live in a JSON file (``FAKENAT_STORE``) so they outlive the
process, and every call is appended to ``FAKENAT_LOG`` (JSON lines) for the tests to read.

Resource ``fakenat:index:Thing``: inputs ``name`` (updatable) and ``region`` (replaces); outputs
the inputs plus ``code`` (``<region>-<name>``, known in a preview) and ``serial`` (assigned on
create: unknown in a preview). Check fails a ``bad`` input per property. Function
``fakenat:index:getThing`` answers an object's outputs by ``id``. ``FAKENAT_GATHER=N`` makes every
Create wait until N Creates are in flight at once (or fail after 30 s).
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.provider.experimental.server import main
from pulumi.runtime import rpc

PACKAGE = "fakenat"
THING = f"{PACKAGE}:index:Thing"
GET_THING = f"{PACKAGE}:index:getThing"


def install_plugin(directory: Path) -> Path:
    """Write the ``pulumi-resource-fakenat`` executable into ``directory``; its path."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / f"pulumi-resource-{PACKAGE}"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{Path(__file__).resolve()}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def _plain(values: dict[str, PropertyValue]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        raw = value.value
        out[key] = "<unknown>" if isinstance(raw, Computed) else _unwrap(value)
    return out


def _unwrap(value: PropertyValue) -> Any:
    raw = value.value
    if isinstance(raw, dict):
        return {k: _unwrap(v) for k, v in raw.items()}
    if isinstance(raw, list):
        return [_unwrap(v) for v in raw]
    if isinstance(raw, Computed):
        return "<unknown>"
    return raw


def _value(raw: Any) -> PropertyValue:
    return PropertyValue(raw)


UNKNOWN = PropertyValue(rpc.UNKNOWN)
"""An unknown output. The SDK's ``PropertyValue.marshal`` (3.272) cannot marshal ``Computed``
("Unsupported value type"), so an unknown goes back as the wire's unknown sentinel string."""


def _wire(values: dict[str, PropertyValue]) -> dict[str, PropertyValue]:
    return {k: UNKNOWN if isinstance(v.value, Computed) else v for k, v in values.items()}


class _Store:
    """Objects by id in a JSON file, locked (several processes may share it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def update(self, change: Any) -> Any:
        self.path.touch(exist_ok=True)
        with self.path.open("r+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            text = handle.read()
            data = json.loads(text) if text.strip() else {"next": 1, "objects": {}}
            result = change(data)
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(data))
            return result


class FakeNative(p.Provider):
    def __init__(self) -> None:
        self.store = _Store(Path(os.environ["FAKENAT_STORE"]))
        self.log_path = Path(os.environ["FAKENAT_LOG"])
        self.gather = int(os.environ.get("FAKENAT_GATHER", "0"))
        self.in_flight = 0
        self.enough = asyncio.Event()
        self.config: dict[str, Any] = {}

    def log(self, method: str, **fields: Any) -> None:
        with self.log_path.open("a") as handle:
            handle.write(json.dumps({"method": method, "pid": os.getpid(), **fields}) + "\n")

    async def check_config(self, request: p.CheckRequest) -> p.CheckResponse:
        self.log("CheckConfig", urn=request.urn, news=_plain(request.new_inputs))
        if "region" in request.new_inputs and request.new_inputs["region"].value == "mars":
            return p.CheckResponse(failures=[p.CheckFailure("region", "no such region")])
        # Secrets dropped on purpose: the engine keeps them (provider_plugin.go ``CheckConfig``).
        news = {k: PropertyValue(v.value) for k, v in request.new_inputs.items()}
        return p.CheckResponse(inputs=_wire(news))

    async def configure(self, request: p.ConfigureRequest) -> p.ConfigureResponse:
        secret = request.args.get("token")
        self.log(
            "Configure",
            variables=request.variables,
            args=_plain(request.args),
            token_is_secret=bool(secret is not None and secret.is_secret),
        )
        self.config = _plain(request.args)
        return p.ConfigureResponse(accept_secrets=True, supports_preview=True)

    async def check(self, request: p.CheckRequest) -> p.CheckResponse:
        news = request.new_inputs
        self.log("Check", urn=request.urn, olds=_plain(request.old_inputs), news=_plain(news))
        failures = [p.CheckFailure(key, f"{key} is not allowed") for key in news if key == "bad"]
        if failures:
            return p.CheckResponse(failures=failures)
        return p.CheckResponse(inputs=news)

    async def diff(self, request: p.DiffRequest) -> p.DiffResponse:
        olds, news = request.old_state, request.new_inputs
        self.log("Diff", urn=request.urn, id=request.resource_id, news=_plain(news))
        changed = [k for k in ("name", "region") if _unwrap_or(olds, k) != _unwrap_or(news, k)]
        replaces = [k for k in changed if k == "region"]
        return p.DiffResponse(changes=bool(changed), replaces=replaces, diffs=changed)

    def _outputs(self, inputs: dict[str, PropertyValue], serial: Any) -> dict[str, PropertyValue]:
        name, region = _unwrap_or(inputs, "name"), _unwrap_or(inputs, "region")
        known = not isinstance(name, Computed) and not isinstance(region, Computed)
        code = _value(f"{region}-{name}") if known else UNKNOWN
        return {**_wire(inputs), "code": code, "serial": serial}

    async def create(self, request: p.CreateRequest) -> p.CreateResponse:
        self.log(
            "Create", urn=request.urn, preview=request.preview, news=_plain(request.properties)
        )
        if request.preview:
            return p.CreateResponse(None, self._outputs(request.properties, UNKNOWN))
        await self._gathered()
        plain = _plain(request.properties)

        def add(data: dict[str, Any]) -> str:
            number = data["next"]
            data["next"] = number + 1
            data["objects"][f"t-{number}"] = {"inputs": plain, "serial": number}
            return f"t-{number}"

        id_ = self.store.update(add)
        serial = self.store.update(lambda data: data["objects"][id_]["serial"])
        return p.CreateResponse(id_, self._outputs(request.properties, _value(float(serial))))

    async def _gathered(self) -> None:
        if not self.gather:
            return
        self.in_flight += 1
        if self.in_flight >= self.gather:
            self.enough.set()
        try:
            await asyncio.wait_for(self.enough.wait(), timeout=30)
        finally:
            self.in_flight -= 1

    async def read(self, request: p.ReadRequest) -> p.ReadResponse:
        self.log(
            "Read",
            urn=request.urn,
            id=request.resource_id,
            properties=_plain(request.properties),
            inputs=_plain(request.inputs),
        )
        object_id = request.resource_id.rsplit("/", 1)[-1]  # an import id "<scope>/<id>"
        found = self.store.update(lambda data: data["objects"].get(object_id))
        if found is None:
            return p.ReadResponse()
        inputs = {k: _value(v) for k, v in found["inputs"].items()}
        outputs = self._outputs(inputs, _value(float(found["serial"])))
        return p.ReadResponse(object_id, outputs, inputs)

    async def update(self, request: p.UpdateRequest) -> p.UpdateResponse:
        self.log("Update", urn=request.urn, preview=request.preview, news=_plain(request.news))
        serial = request.olds.get("serial", UNKNOWN)
        if not request.preview:
            plain = _plain(request.news)

            def change(data: dict[str, Any]) -> None:
                data["objects"][request.resource_id]["inputs"] = plain

            self.store.update(change)
        return p.UpdateResponse(self._outputs(request.news, serial))

    async def delete(self, request: p.DeleteRequest) -> None:
        self.log("Delete", urn=request.urn, id=request.resource_id)
        self.store.update(lambda data: data["objects"].pop(request.resource_id, None))

    async def invoke(self, request: p.InvokeRequest) -> p.InvokeResponse:
        self.log("Invoke", token=request.tok, args=_plain(request.args))
        wanted = _unwrap_or(request.args, "id")
        found = self.store.update(lambda data: data["objects"].get(wanted))
        if found is None:
            return p.InvokeResponse(failures=[p.CheckFailure("id", f"no thing {wanted}")])
        return p.InvokeResponse({"name": _value(found["inputs"]["name"])})


def _unwrap_or(values: dict[str, PropertyValue], key: str) -> Any:
    value = values.get(key)
    if value is None:
        return None
    return value.value if isinstance(value.value, Computed) else _unwrap(value)


if __name__ == "__main__":
    main(sys.argv[1:], "0.0.1", FakeNative())
