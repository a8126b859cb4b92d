"""The native provider against its rate floor, beside the dynamic face in the same run.

``python -m bench.native_throughput`` (also ``python -m bench --native-tenants N``): N tenants
(entity, product, accounting connection each) created under Monite's limit (the sandbox limiting
at ``--rate-limit``/s, every request delayed by L ms), once through the native plugin
``pulumi-resource-monite`` with ``--in-flight`` calls at once (the engine's parallelism; the
plugin is started and configured as the local engine starts it: plugins.py), once through the
dynamic provider server (its 4 calls at once, bench/provider_run.py). Calls go in the engine's
dependency waves: entities, then their products and connections.

The rate floor is API requests / limit (``N x 3 / 30`` = 50 s for N = 500); at 4 calls in flight
the dynamic face cannot go faster than ``requests x L / 4`` (112 s at L = 300 ms). Each row:
wall time, the rate floor, wall / rate floor, requests answered 429, API requests per operation,
token requests. No timing is asserted anywhere; docs/performance.md holds the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import measure, workload
from bench.provider_run import ProviderStack, provider_engine
from monite_pulumi.local_engine.plugins import EngineHost, PluginClient
from monite_pulumi.local_engine.properties import make_secret
from monite_pulumi.local_engine.provider import ProviderProcess
from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox

__all__ = ["FlightRow", "main", "native_create", "render"]

PLUGIN = "pulumi-resource-monite"
URN = "urn:pulumi:bench::bench::{type}::{name}"
WINDOW_DRAIN_SECONDS = 1.1


@dataclass(frozen=True)
class FlightRow:
    """One create phase: who made the calls, how many at once, and what it cost."""

    run: str
    tenants: int
    latency_ms: int
    in_flight: int
    rate_limit: float
    cost: measure.PhaseCost

    @property
    def rate_floor_seconds(self) -> float:
        return self.cost.requests.api / self.rate_limit

    @property
    def ratio(self) -> float:
        return self.cost.wall_seconds / self.rate_floor_seconds

    @property
    def requests_per_operation(self) -> float:
        return self.cost.requests.api / (3 * self.tenants)

    def as_json(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "tenants": self.tenants,
            "latency_ms": self.latency_ms,
            "in_flight": self.in_flight,
            "rate_limit": self.rate_limit,
            "wall_seconds": self.cost.wall_seconds,
            "rate_floor_seconds": self.rate_floor_seconds,
            "ratio": self.ratio,
            "rate_limited": self.cost.requests.rate_limited,
            "requests_per_operation": self.requests_per_operation,
            "tokens": self.cost.requests.tokens,
        }


def render(rows: Sequence[FlightRow]) -> str:
    lines = [
        "| run | N | L ms | calls in flight | wall s | rate floor s | x rate floor | 429 "
        "| req/op | token req |",
        "|" + " --- |" * 10,
    ]
    for row in rows:
        cells = [
            row.run,
            str(row.tenants),
            str(row.latency_ms),
            str(row.in_flight),
            f"{row.cost.wall_seconds:.1f}",
            f"{row.rate_floor_seconds:.1f}",
            f"{row.ratio:.2f}",
            str(row.cost.requests.rate_limited),
            f"{row.requests_per_operation:.2f}",
            str(row.cost.requests.tokens),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _camel(value: Any) -> Any:
    """The native provider's property names (camelCase, as its schema names them)."""
    if isinstance(value, dict):
        return {
            key.split("_")[0] + "".join(p.title() for p in key.split("_")[1:]): _camel(item)
            for key, item in value.items()
        }
    return value


def _plugin_argv() -> list[str]:
    beside = Path(sys.executable).parent / PLUGIN
    found = str(beside) if beside.exists() else shutil.which(PLUGIN)
    if not found:
        raise SystemExit(f"{PLUGIN} is not installed (make setup installs it)")
    return [found]


def _started_plugin(sandbox: RunningSandbox, in_flight: int, host: EngineHost) -> PluginClient:
    """The plugin as the local engine starts and configures a default provider."""
    argv = _plugin_argv()
    process = ProviderProcess(sys.executable, Path.cwd(), os.environ, argv=[*argv, host.address])
    client = PluginClient(process.target, process, "monite", max_calls=in_flight)
    client.handshake(host.address, str(Path(argv[0]).parent))
    client.configure_provider(
        URN.format(type="pulumi:providers:monite", name="default"),
        "bench-provider",
        {
            "environment": "local",
            "apiUrl": sandbox.api_url,
            "clientId": sandbox.client_id,
            "clientSecret": make_secret(sandbox.client_secret),
        },
    )
    return client


def native_create(client: PluginClient, tenants: int, in_flight: int) -> None:
    """Check + Create per resource, entities first, ``in_flight`` calls at once."""

    def create(item: tuple[str, str, dict[str, Any]]) -> str:
        type_, name, inputs = item
        urn = URN.format(type=type_, name=name)
        checked = client.check(urn, {}, inputs)
        if checked.failures:
            raise RuntimeError(f"check failed: {checked.failures}")
        id_, _ = client.create(urn, checked.inputs)
        return id_

    with ThreadPoolExecutor(max_workers=in_flight) as pool:
        entities = [
            ("monite:index:Entity", f"t{i}", _camel(workload.entity_inputs(i)))
            for i in range(tenants)
        ]
        ids = list(pool.map(create, entities))
        dependents = []
        for index, entity_id in enumerate(ids):
            product = _camel(workload.product_inputs(entity_id, index))
            connection = _camel(workload.connection_inputs(entity_id))
            dependents.append(("monite:index:Product", f"t{index}", product))
            dependents.append(("monite:index:AccountingConnection", f"t{index}", connection))
        list(pool.map(create, dependents))


def _fresh(sandbox: RunningSandbox, latency_ms: int, rate: float) -> None:
    sandbox.control.post("/_sandbox/reset").raise_for_status()
    if latency_ms:
        rule = {"path": "^/", "latency_ms": latency_ms}
        sandbox.control.post("/_sandbox/faults", json=rule).raise_for_status()
    sandbox.control.patch("/_sandbox/settings", json={"rate_limit": rate}).raise_for_status()
    time.sleep(WINDOW_DRAIN_SECONDS)  # the sandbox's window forgets the previous run


def _row(
    sandbox: RunningSandbox, run: str, pid: int, work: Callable[[], None], **fields: Any
) -> FlightRow:
    cost = measure.timed_phase(sandbox, pid, work)
    return FlightRow(run=run, cost=cost, **fields)


def rows_for(
    sandbox: RunningSandbox, tenants: int, latency_ms: int, rate: float, in_flight: int
) -> list[FlightRow]:
    """The native row and the dynamic row of one N and L."""
    fields = {"tenants": tenants, "latency_ms": latency_ms, "rate_limit": rate}
    _fresh(sandbox, latency_ms, rate)
    with EngineHost() as host:
        client = _started_plugin(sandbox, in_flight, host)
        try:
            native = _row(
                sandbox,
                "native provider",
                client.process.pid,
                lambda: native_create(client, tenants, in_flight),
                in_flight=in_flight,
                **fields,
            )
        finally:
            client.stop()
    _fresh(sandbox, latency_ms, rate)
    stack = ProviderStack(tenants)
    with provider_engine(sandbox, None) as (server, engine):
        dynamic = _row(
            sandbox,
            "dynamic resources",
            server.process.pid,
            lambda: stack.create(engine),
            in_flight=workload.CONCURRENCY,
            **fields,
        )
    return [native, dynamic]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.native_throughput", description=__doc__)
    parser.add_argument("--tenants", type=int, default=500)
    parser.add_argument(
        "--latency-ms", type=lambda t: [int(p) for p in t.split(",")], default=[300, 50]
    )
    parser.add_argument("--rate-limit", type=float, default=30.0)
    parser.add_argument("--in-flight", type=int, default=16)
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> list[FlightRow]:
    args = parse_args(argv)
    rows: list[FlightRow] = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_sandbox(data=str(Path(tmp) / "bench.db"), rate_limit=0) as sandbox,
    ):
        for latency_ms in args.latency_ms:
            rows.extend(
                rows_for(sandbox, args.tenants, latency_ms, args.rate_limit, args.in_flight)
            )
            print(f"# done: N={args.tenants} L={latency_ms} ms", flush=True)
    print(f"\n## Native provider vs dynamic resources (sandbox limit {args.rate_limit:g}/s)\n")
    print(render(rows))
    if args.json:
        args.json.write_text(json.dumps([row.as_json() for row in rows], indent=2))
    return rows


if __name__ == "__main__":
    main()
