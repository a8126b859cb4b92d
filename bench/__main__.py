"""``python -m bench``: the provider's cost at scale, against the floor and the official SDK.

Prints one Markdown table (every row says whether the client's rate limiter was on), then the
item-5 comparison, the sandbox's own throughput, the import cost and the targets met or not.
See docs/performance.md for what each row means; ``--help`` for the knobs.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bench import measure, native_throughput, paged_refresh
from bench.import_time import measure_import_cost
from bench.provider_run import PHASES, ProviderStack, provider_engine
from bench.results import Row, render_table
from bench.sandbox_throughput import measure as measure_sandbox
from bench.sdk_baseline import running_sdk_script, sdk_available
from bench.targets import evaluate
from monite_pulumi.config import Settings
from monite_pulumi.sandbox.ratelimit import WINDOWS, Window
from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox

RATE_LIMIT = 30
"""Monite's limit per client id, requests per second; the sandbox's for the rate-limited rows."""
WINDOW_DRAIN_SECONDS = 1.1
LIMITER_OFF = "off (0)"
LIMITER_DEFAULT = f"{RATE_LIMIT}/s (default)"


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def _phases(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = set(chosen) - set(PHASES)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown phases {sorted(unknown)}; known: {PHASES}")
    return chosen


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--tenants",
        type=_numbers,
        default=[10, 100, 500],
        help="tenant counts N (entity + product + connection each)",
    )
    parser.add_argument(
        "--latency-ms",
        type=_numbers,
        default=[50, 0],
        help="latency L the sandbox adds to every request",
    )
    parser.add_argument(
        "--phases",
        type=_phases,
        default=list(PHASES),
        help="phases to time (create always runs: the others need the tenants)",
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the official-SDK baseline rows"
    )
    parser.add_argument(
        "--rate-limited-tenants",
        type=int,
        default=500,
        help="N of the rate-limited rows and of the item-5 comparison (0: skip)",
    )
    parser.add_argument("--rate-limited-latency-ms", type=int, default=50)
    parser.add_argument(
        "--rate-limit",
        type=float,
        default=RATE_LIMIT,
        help="the sandbox's limit in the rate-limited rows, requests/s (30: "
        "Monite's, the client's default)",
    )
    parser.add_argument(
        "--rate-limit-window",
        choices=WINDOWS,
        default="fixed",
        help="the sandbox's window in the rate-limited rows: fixed clock seconds (as Monite's "
        "gateway most likely counts) or sliding (default: %(default)s)",
    )
    parser.add_argument(
        "--client-rate",
        type=float,
        default=None,
        help="the client's limiter in those rows (default: --rate-limit)",
    )
    parser.add_argument(
        "--sandbox-requests",
        type=int,
        default=2000,
        help="requests of the sandbox throughput measurement (0: skip)",
    )
    parser.add_argument(
        "--import-repeats",
        type=int,
        default=10,
        help="fresh interpreters for the import cost (0: skip)",
    )
    parser.add_argument(
        "--native-tenants",
        type=int,
        default=0,
        help="N of the native-provider rows (bench/native_throughput.py; 0: skip)",
    )
    parser.add_argument("--native-latency-ms", type=_numbers, default=[300, 50])
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    return parser.parse_args(argv)


def _fresh(sandbox: RunningSandbox, latency_ms: int) -> None:
    """An empty sandbox; every /v1 request (token requests too) delayed by ``latency_ms``."""
    sandbox.control.post("/_sandbox/reset").raise_for_status()
    if latency_ms:
        rule = {"path": "^/", "latency_ms": latency_ms}
        sandbox.control.post("/_sandbox/faults", json=rule).raise_for_status()


def provider_rows(
    sandbox: RunningSandbox,
    tenants: int,
    latency_ms: int,
    phases: Sequence[str],
    *,
    max_requests_per_second: float | None = 0,
    sandbox_rate_limit: float = 0,
) -> tuple[list[Row], ProviderStack]:
    """Each phase through a fresh provider server; returns the rows and the stack's state."""
    stack = ProviderStack(tenants)
    if max_requests_per_second == 0:
        limiter = LIMITER_OFF
    else:
        limiter = limiter_label(max_requests_per_second or RATE_LIMIT)
    rows = []
    for phase in PHASES:
        if phase not in phases and phase != "create":
            continue
        if sandbox_rate_limit:
            # The sandbox's window still counts the previous phase: let it drain, so each
            # phase starts as a fresh `pulumi` command would after a pause.
            time.sleep(WINDOW_DRAIN_SECONDS)
        with provider_engine(sandbox, max_requests_per_second) as (server, engine):
            cost = measure.timed_phase(
                sandbox,
                server.process.pid,
                lambda: stack.run(phase, engine),  # noqa: B023
            )
        if phase in phases:
            rows.append(
                Row(
                    "provider",
                    phase,
                    tenants,
                    latency_ms,
                    limiter,
                    stack.operations(),
                    cost,
                    sandbox_rate_limit,
                    stack.changed(phase),
                )
            )
    return rows, stack


def baseline_rows(
    sandbox: RunningSandbox, tenants: int, latency_ms: int, phases: Sequence[str]
) -> list[Row]:
    """The same phases by the 4-thread official-SDK script (no client-side limiter at all)."""
    stack = ProviderStack(tenants)  # only for the operation counts
    rows = []
    with running_sdk_script(
        sandbox.api_url, sandbox.client_id, sandbox.client_secret, tenants
    ) as script:
        for phase in PHASES:
            if phase not in phases and phase != "create":
                continue
            cost = measure.timed_phase(
                sandbox,
                script.process.pid,
                lambda: script.run(phase),  # noqa: B023
            )
            if phase in phases:
                rows.append(
                    Row(
                        "SDK baseline",
                        phase,
                        tenants,
                        latency_ms,
                        "none (SDK)",
                        stack.operations(),
                        cost,
                        changed=stack.changed(phase),
                        performed=phase != "preview",
                    )
                )
    return rows


def _set_rate_limit(sandbox: RunningSandbox, rate: float, window: Window = "fixed") -> None:
    settings = {"rate_limit": rate, "rate_limit_window": window}
    sandbox.control.patch("/_sandbox/settings", json=settings).raise_for_status()


def limiter_label(rate: float) -> str:
    """How a rate-limited row names the client's limiter."""
    return LIMITER_DEFAULT if rate == RATE_LIMIT else f"{rate:g}/s"


def rate_limited_rows(
    sandbox: RunningSandbox,
    tenants: int,
    latency_ms: int,
    rate: float = RATE_LIMIT,
    client_rate: float | None = None,
    window: Window = "fixed",
) -> tuple[list[Row], list[Row]]:
    """Create and refresh under the sandbox's limit ``rate`` with the client's limiter at
    ``client_rate`` (default: the same; the client's default when it is Monite's); then item 5:
    entity reads one GET each vs ``id__in`` pages, through the client."""
    client_rate = rate if client_rate is None else client_rate
    _fresh(sandbox, latency_ms)
    _set_rate_limit(sandbox, rate, window)
    try:
        rows, stack = provider_rows(
            sandbox,
            tenants,
            latency_ms,
            ["create", "refresh"],
            max_requests_per_second=None if client_rate == RATE_LIMIT else client_rate,
            sandbox_rate_limit=rate,
        )
        ids = [
            paged_refresh.TenantIds(
                tenant.entity.id,
                tenant.product.id if tenant.product else "",
                tenant.connection.id if tenant.connection else "",
            )
            for tenant in stack.tenants
        ]
        settings = Settings(
            api_url=sandbox.api_url,
            environment="local",
            client_id=sandbox.client_id,
            client_secret=SecretStr(sandbox.client_secret),
            max_requests_per_second=client_rate,
        )
        comparison = []
        for name, paged in (("client, one GET each", False), ("client, id__in pages", True)):
            time.sleep(WINDOW_DRAIN_SECONDS)
            cost = measure.timed_phase(
                sandbox,
                os.getpid(),
                lambda: paged_refresh.read_tenants(settings, ids, paged=paged),  # noqa: B023
            )
            comparison.append(
                Row(
                    name,
                    "refresh",
                    tenants,
                    latency_ms,
                    limiter_label(client_rate),
                    3 * tenants,
                    cost,
                    rate,
                )
            )
    finally:
        _set_rate_limit(sandbox, 0)
    return rows, comparison


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    report: dict[str, Any] = {}
    rows: list[Row] = []
    baseline = not args.no_baseline and sdk_available()
    if not args.no_baseline and not baseline:
        print("# the official SDK is not installed (pip install -e '.[bench]'): no baseline rows")
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_sandbox(data=str(Path(tmp) / "bench.db"), rate_limit=0) as sandbox,
    ):
        for latency_ms in args.latency_ms:
            for tenants in args.tenants:
                _fresh(sandbox, latency_ms)
                rows.extend(provider_rows(sandbox, tenants, latency_ms, args.phases)[0])
                if baseline:
                    _fresh(sandbox, latency_ms)
                    rows.extend(baseline_rows(sandbox, tenants, latency_ms, args.phases))
                print(f"# done: N={tenants} L={latency_ms} ms", flush=True)
        limited: list[Row] = []
        paged: list[Row] = []
        if args.rate_limited_tenants:
            limited, paged = rate_limited_rows(
                sandbox,
                args.rate_limited_tenants,
                args.rate_limited_latency_ms,
                args.rate_limit,
                args.client_rate,
                args.rate_limit_window,
            )
        native: list[native_throughput.FlightRow] = []
        for latency_ms in args.native_latency_ms if args.native_tenants else []:
            native.extend(
                native_throughput.rows_for(
                    sandbox, args.native_tenants, latency_ms, args.rate_limit, in_flight=16
                )
            )
            _set_rate_limit(sandbox, 0)
    print("\n## Latency rows (sandbox limit off; client limiter off)\n")
    print(render_table(rows))
    if limited:
        print(
            f"\n## Rate-limited rows (sandbox limit {args.rate_limit:g}/s, "
            f"{args.rate_limit_window} window; client limiter "
            f"{limiter_label(args.client_rate or args.rate_limit)})\n"
        )
        print(render_table(limited))
        print("\n## Item 5: refresh with entities read one GET each vs in id__in pages\n")
        print(render_table(paged))
    report["rows"] = [row.as_json() for row in rows]
    report["rate_limited_rows"] = [row.as_json() for row in limited]
    report["paged_refresh_rows"] = [row.as_json() for row in paged]
    if native:
        print(f"\n## Native provider vs dynamic resources (sandbox limit {args.rate_limit:g}/s)\n")
        print(native_throughput.render(native))
        report["native_rows"] = [row.as_json() for row in native]
    if args.sandbox_requests:
        throughput = measure_sandbox(args.sandbox_requests, 4)
        report["sandbox_throughput"] = throughput
        print("\n## Sandbox throughput (loopback, rate limit off, 4 clients)\n")
        for name, rate in throughput.items():
            print(f"- {name}: {rate:.0f} requests/s")
    if args.import_repeats:
        cost = measure_import_cost(args.import_repeats)
        report["import"] = {**cost.__dict__, "added_fraction": cost.added_fraction}
        print(f"\n## Import cost (median of {cost.repeats} fresh interpreters)\n")
        print(f"- import pulumi: {cost.pulumi_seconds * 1000:.0f} ms")
        print(f"- import monite_pulumi (names load lazily): {cost.bare_seconds * 1000:.1f} ms")
        print(
            f"- + Entity, Product, AccountingConnection: {cost.added_seconds * 1000:.0f} ms "
            f"({cost.added_fraction:.0%} of import pulumi)"
        )
    verdicts = evaluate(rows, limited, report.get("import"))
    report["targets"] = verdicts
    print("\n## Targets\n")
    for line in verdicts:
        print(f"- {line}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return report


if __name__ == "__main__":
    main()
