"""Run one Pulumi program under `pulumi.runtime.set_mocks` and print what it did, as JSON.

Run as a script in a fresh process per program (the Pulumi runtime keeps global state: the root
stack, config, the monitor), with the program's directory as the working directory, as the CLI
does. Argument: a JSON object {"program", "project", "stack", "config"}. Output on stdout: one
JSON object {"resources": [...], "exports": {...}, "error": null | {"type", "message"}}.

Every registration request is recorded as it reaches the mock monitor, so the report shows what
the engine would see: explicit and implicit dependencies, `protect`, and
`additionalSecretOutputs` (which set_mocks itself ignores).

With `"preview": true` the program runs as `pulumi preview` of a stack whose resources all exist
and all change: every resource is answered as the engine answers an Update of a provider without
preview support, which dynamic providers are. The engine then returns the new inputs as the
outputs (`sdk/go/common/resource/plugin/provider_plugin.go`, the `!protocol.supportsPreview`
branch of `Update`) and keeps the old id (`UpdateStep.Apply` in `pkg/resource/deploy/step.go`):
computed outputs such as `entity_id` are unknown, the id is known.
"""

from __future__ import annotations

import json
import runpy
import sys
from collections.abc import Callable
from typing import Any

import pulumi
from pulumi.runtime import mocks
from pulumi.runtime.settings import get_root_resource
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

_FAKE_OUTPUTS: dict[str, Callable[[str], dict[str, Any]]] = {
    "pulumi-python:dynamic/monite:Entity": lambda name: {
        "entity_id": f"entity-{name}",
        "status": "active",
    },
    "pulumi-python:dynamic/monite:Product": lambda name: {"product_id": f"product-{name}"},
    "pulumi-python:dynamic/monite:AccountingConnection": lambda name: {
        "connection_id": f"connection-{name}",
        "connection_url": f"http://sandbox.test/connect/{name}?token=secret-{name}",
        "status": "pending_auth",
        "errors": None,
    },
}


_ID_OUTPUTS = {
    "pulumi-python:dynamic/monite:Entity": "entity_id",
    "pulumi-python:dynamic/monite:Product": "product_id",
    "pulumi-python:dynamic/monite:AccountingConnection": "connection_id",
}


def resource_id(typ: str, name: str) -> str:
    """The id the fake gives a resource: its id output where it has one (``entity-<name>``)."""
    fake = _FAKE_OUTPUTS[typ](name) if typ in _FAKE_OUTPUTS else {}
    return str(fake.get(_ID_OUTPUTS.get(typ, ""), f"{name}-id"))


class FakeMonite(pulumi.runtime.Mocks):
    """Echo the inputs and add the outputs the provider would compute (none in a preview)."""

    def __init__(self, *, preview: bool = False) -> None:
        self.preview = preview
        self.inputs: dict[tuple[str, str], dict[str, Any]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.inputs[(args.typ, args.name)] = {
            key: value for key, value in args.inputs.items() if key != "__provider"
        }
        if self.preview:
            # An Update previewed without provider support: outputs = new inputs, old id kept.
            return resource_id(args.typ, args.name), dict(args.inputs)
        fake = _FAKE_OUTPUTS[args.typ](args.name) if args.typ in _FAKE_OUTPUTS else {}
        return resource_id(args.typ, args.name), {**args.inputs, **fake}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


class RecordingMonitor(mocks.MockMonitor):
    """The stock mock monitor, plus a record of every RegisterResource request."""

    def __init__(self, fake: FakeMonite) -> None:
        super().__init__(fake)
        self.fake = fake
        self.requests: list[dict[str, Any]] = []

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type != "pulumi:pulumi:Stack":
            self.requests.append(
                {
                    "urn": response.urn,
                    "type": request.type,
                    "name": request.name,
                    "dependencies": sorted(request.dependencies),
                    "protect": bool(request.protect),
                    "additional_secret_outputs": sorted(request.additionalSecretOutputs),
                }
            )
        return response


async def describe(value: Any, secret: bool = False, known: bool = True) -> Any:
    """An export as JSON: maps stay maps, every leaf is {"__leaf__", "secret", "known", "value"}.

    ``known`` is False for a value a preview cannot know yet (it would show as "output<string>").
    """
    if isinstance(value, pulumi.Output):
        inner_secret = await value.is_secret()
        inner_known = await value.is_known()
        return await describe(await value.future(), secret or inner_secret, known and inner_known)
    if isinstance(value, dict):
        return {str(key): await describe(item, secret, known) for key, item in value.items()}
    return {"__leaf__": True, "secret": secret, "known": known, "value": value}


def run(spec: dict[str, Any]) -> dict[str, Any]:
    preview = bool(spec.get("preview", False))
    fake = FakeMonite(preview=preview)
    monitor = RecordingMonitor(fake)
    pulumi.runtime.set_mocks(
        fake, project=spec["project"], stack=spec["stack"], preview=preview, monitor=monitor
    )
    pulumi.runtime.set_all_config(
        {
            key: value if isinstance(value, str) else json.dumps(value)
            for key, value in spec.get("config", {}).items()
        }
    )

    def program() -> None:
        runpy.run_path(spec["program"], run_name="__main__")

    error = None
    try:
        _sync_await(run_pulumi_func(program))
    except Exception as exc:  # reported to the test, which asserts on it
        error = {"type": type(exc).__name__, "message": str(exc)}
    root = get_root_resource()
    outputs: dict[str, Any] = getattr(root, "outputs", {})
    exports = {name: _sync_await(describe(value)) for name, value in outputs.items()}
    for request in monitor.requests:
        request["inputs"] = fake.inputs.get((request["type"], request["name"]), {})
    return {"resources": monitor.requests, "exports": exports, "error": error}


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1])), default=str))
