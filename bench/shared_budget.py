"""K provider processes sharing one client id's rate limit, as a sharded pipeline runs them.

Each of K fresh ``python -m pulumi.dynamic`` servers (K ``pulumi up`` commands of K shard stacks,
all on the same partner credentials) creates M entities, then refreshes them (Check + Create,
then Read, 4 calls in flight per server as the engine keeps them), all K at once behind the
sandbox's limit. The sandbox's limiter is our emulation of Monite's (fixed clock-second windows
per client id by default, or a sliding second; `RateLimit-*` headers on every answer or none;
429 with `Retry-After` in whole seconds: docs/assumed-behaviour.md, "rate limit";
docs/sandbox.md), not Monite itself. With `--store`, every process also takes its slots from
one shared schedule in a local `redis-server` (`monite:rateLimitStore`), which
`--store-stop-after` stops part-way through the run.

A row: the wall of all K against the rate floor (admitted API requests / the limit), the share of
requests answered 429, the operations that failed, the slowest server's wall over the
fastest's (how evenly the budget was shared), the store's warnings, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import measure, workload
from bench.provider_run import ENTITY, provider_engine
from bench.redis_store import RedisServer, redis_server
from bench.workload import CONCURRENCY
from monite_pulumi.sandbox.ratelimit import WINDOWS, Window
from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox
from tests.harness import EngineClient

__all__ = ["SharedBudgetRow", "main", "render_shared_budget", "shared_budget_row"]

RATE_LIMIT = 30
"""Monite's limit per client id, requests per second (about; docs/assumed-behaviour.md)."""
WINDOW_DRAIN_SECONDS = 1.1
STORE_WARNING = "rate-limit store"
"""What the client's one warning says when the store cannot be used (client/_store.py)."""


@dataclass(frozen=True)
class SharedBudgetRow:
    """One K: what reached the sandbox and how long each process took."""

    processes: int
    entities_each: int
    latency_ms: int
    rate_limit: float
    headers: bool
    """Whether the sandbox sent its `RateLimit-*` headers (off: the client learns from 429s)."""
    window: Window
    store: str
    """"-" (none), "redis", or "redis, stopped at N s"."""
    store_warnings: int
    """The client's "store could not be used" warnings, over all K processes."""
    load_average: tuple[float, float]
    """`os.getloadavg()` 1-minute figure before and after the row (the machine is shared)."""
    wall_seconds: float
    process_walls: tuple[float, ...]
    failed_operations: int
    requests: measure.RequestCounts

    @property
    def admitted(self) -> int:
        """API requests the limit let through (token requests apart): what the floor counts."""
        return self.requests.api - self.requests.rate_limited

    @property
    def floor_seconds(self) -> float:
        return self.admitted / self.rate_limit

    @property
    def ratio(self) -> float:
        return self.wall_seconds / self.floor_seconds if self.floor_seconds else 0.0

    @property
    def rate_limited_share(self) -> float:
        """Requests answered 429 over all API requests."""
        return self.requests.rate_limited / self.requests.api if self.requests.api else 0.0

    @property
    def spread(self) -> float:
        """The slowest process's wall over the fastest's."""
        return max(self.process_walls) / min(self.process_walls) if self.process_walls else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "processes": self.processes,
            "entities_each": self.entities_each,
            "latency_ms": self.latency_ms,
            "rate_limit": self.rate_limit,
            "headers": self.headers,
            "window": self.window,
            "store": self.store,
            "store_warnings": self.store_warnings,
            "load_average": list(self.load_average),
            "wall_seconds": self.wall_seconds,
            "process_walls": list(self.process_walls),
            "failed_operations": self.failed_operations,
            "requests": {
                "api": self.requests.api,
                "tokens": self.requests.tokens,
                "rate_limited": self.requests.rate_limited,
                "by_endpoint": self.requests.by_endpoint,
            },
            "admitted": self.admitted,
            "floor_seconds": self.floor_seconds,
            "ratio": self.ratio,
            "rate_limited_share": self.rate_limited_share,
            "spread": self.spread,
        }


def _one_process(
    engine: EngineClient, first_index: int, entities: int, start: threading.Event
) -> tuple[float, int]:
    """Create then refresh ``entities`` entities, 4 calls at once; (wall, failed operations)."""
    failures = 0
    lock = threading.Lock()
    created: list[tuple[str, dict[str, Any], dict[str, Any]]] = []

    def create(index: int) -> None:
        nonlocal failures
        try:
            checked = engine.check(ENTITY, {}, workload.entity_inputs(index))
            if checked.failures:
                raise RuntimeError(f"check failed: {checked.failures}")
            outcome = engine.create(ENTITY, checked.inputs)
        except Exception:  # a failed operation is what the row counts
            with lock:
                failures += 1
            return
        with lock:
            created.append((outcome.id, outcome.outs, checked.inputs))

    def read(item: tuple[str, dict[str, Any], dict[str, Any]]) -> None:
        nonlocal failures
        resource_id, outs, inputs = item
        try:
            if not engine.read(ENTITY, resource_id, outs, inputs=inputs).id:
                raise RuntimeError(f"refresh found {resource_id} gone")
        except Exception:  # likewise
            with lock:
                failures += 1

    start.wait()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        list(pool.map(create, range(first_index, first_index + entities)))
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        list(pool.map(read, created))
    return time.perf_counter() - started, failures


def shared_budget_row(
    sandbox: RunningSandbox,
    processes: int,
    entities: int,
    *,
    latency_ms: int,
    rate_limit: int,
    headers: bool = True,
    window: Window = "fixed",
    store: RedisServer | None = None,
    store_stop_after: float | None = None,
) -> SharedBudgetRow:
    """Start K servers (not timed), then let all K create and refresh at the same moment;
    with `store`, all on one shared schedule, stopped `store_stop_after` seconds in."""
    sandbox.control.post("/_sandbox/reset").raise_for_status()
    if latency_ms:
        rule = {"path": "^/", "latency_ms": latency_ms}
        sandbox.control.post("/_sandbox/faults", json=rule).raise_for_status()
    settings = {
        "rate_limit": rate_limit,
        "rate_limit_headers": headers,
        "rate_limit_window": window,
    }
    sandbox.control.patch("/_sandbox/settings", json=settings).raise_for_status()
    extra = {"monite:rateLimitStore": store.url} if store is not None else None
    load_before = os.getloadavg()[0]
    try:
        with ExitStack() as stack:
            servers = [
                stack.enter_context(provider_engine(sandbox, None, extra)) for _ in range(processes)
            ]
            start = threading.Event()
            measure.clear_requests(sandbox)
            with (
                _stopping(store, store_stop_after, start),
                ThreadPoolExecutor(max_workers=processes) as pool,
            ):
                running = [
                    pool.submit(_one_process, engine, number * entities, entities, start)
                    for number, (_, engine) in enumerate(servers)
                ]
                began = time.perf_counter()
                start.set()
                results = [future.result() for future in running]
                wall = time.perf_counter() - began
            counts = measure.request_counts(sandbox)
            warnings = sum(server.stderr_text().count(STORE_WARNING) for server, _ in servers)
    finally:
        sandbox.control.patch(
            "/_sandbox/settings", json={"rate_limit": 0, "rate_limit_headers": True}
        ).raise_for_status()
    stored = "-" if store is None else "redis"
    if store is not None and store_stop_after is not None:
        stored += f", stopped at {store_stop_after:g} s"
    return SharedBudgetRow(
        processes=processes,
        entities_each=entities,
        latency_ms=latency_ms,
        rate_limit=rate_limit,
        headers=headers,
        window=window,
        store=stored,
        store_warnings=warnings,
        load_average=(load_before, os.getloadavg()[0]),
        wall_seconds=wall,
        process_walls=tuple(result[0] for result in results),
        failed_operations=sum(result[1] for result in results),
        requests=counts,
    )


@contextmanager
def _stopping(
    store: RedisServer | None, after: float | None, start: threading.Event
) -> Iterator[None]:
    """Stop the store `after` seconds once the run has started (a store going away)."""
    if store is None or after is None:
        yield
        return

    def stop_later() -> None:
        start.wait()
        time.sleep(after)
        store.stop()

    stopper = threading.Thread(target=stop_later, daemon=True)
    stopper.start()
    yield
    stopper.join()


_HEADER = (
    "| K processes | M each | L ms | limiter (sandbox) | headers | store | wall s | floor s "
    "| wall/floor | requests | 429 | 429 share | failed ops | slowest/fastest "
    "| store warnings | load avg |"
)


def render_shared_budget(rows: Sequence[SharedBudgetRow]) -> str:
    lines = [_HEADER, "|" + " --- |" * (_HEADER.count("|") - 1)]
    for row in rows:
        cells = [
            str(row.processes),
            str(row.entities_each),
            str(row.latency_ms),
            f"emulated Monite, {row.rate_limit:g}/s {_WINDOW_NAMES[row.window]}",
            "sent" if row.headers else "absent",
            row.store,
            f"{row.wall_seconds:.2f}",
            f"{row.floor_seconds:.2f}",
            f"{row.ratio:.2f}",
            str(row.requests.api),
            str(row.requests.rate_limited),
            f"{row.rate_limited_share:.1%}",
            str(row.failed_operations),
            f"{row.spread:.2f}",
            str(row.store_warnings),
            f"{row.load_average[0]:.1f}-{row.load_average[1]:.1f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


_WINDOW_NAMES = {"fixed": "fixed clock 1 s", "sliding": "sliding 1 s"}


def _windows(text: str) -> list[Window]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in WINDOWS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"windows are {', '.join(WINDOWS)} (got {text!r})")
    return [window for window in WINDOWS for part in chosen if part == window]


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.shared_budget", description=__doc__)
    parser.add_argument(
        "--processes",
        type=_numbers,
        default=[1, 2, 4, 8],
        help="process counts K sharing one client id",
    )
    parser.add_argument(
        "--entities", type=int, default=60, help="entities M each process creates, then refreshes"
    )
    parser.add_argument(
        "--latency-ms", type=int, default=50, help="latency L the sandbox adds to every request"
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=RATE_LIMIT,
        help="the sandbox's limit per client id, requests per window",
    )
    parser.add_argument(
        "--windows",
        type=_windows,
        default=["fixed"],
        help="the sandbox's window(s), comma-separated: fixed (clock seconds, as Monite's "
        "gateway most likely counts), sliding (default: fixed)",
    )
    parser.add_argument(
        "--store",
        action="store_true",
        help="every process on one shared schedule in a local redis-server (monite:rateLimitStore)",
    )
    parser.add_argument(
        "--store-stop-after",
        type=float,
        help="with --store: stop the redis-server this many seconds into each row",
    )
    parser.add_argument(
        "--no-headers",
        action="store_true",
        help="also run every K with the sandbox's RateLimit-* headers off",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> list[SharedBudgetRow]:
    args = parse_args(argv)
    rows: list[SharedBudgetRow] = []
    variants = [True, False] if args.no_headers else [True]
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_sandbox(data=str(Path(tmp) / "bench.db"), rate_limit=0) as sandbox,
    ):
        for window in args.windows:
            for headers in variants:
                for processes in args.processes:
                    time.sleep(WINDOW_DRAIN_SECONDS)
                    with ExitStack() as stack:
                        store = stack.enter_context(redis_server()) if args.store else None
                        row = shared_budget_row(
                            sandbox,
                            processes,
                            args.entities,
                            latency_ms=args.latency_ms,
                            rate_limit=args.rate_limit,
                            headers=headers,
                            window=window,
                            store=store,
                            store_stop_after=args.store_stop_after,
                        )
                    rows.append(row)
                    print(
                        f"# done: K={processes} window={window} "
                        f"headers={'sent' if headers else 'absent'} store={row.store}",
                        flush=True,
                    )
    print("\n## K processes sharing one client id\n")
    print(render_shared_budget(rows))
    if args.json:
        args.json.write_text(json.dumps([row.as_json() for row in rows], indent=2))
    return rows


if __name__ == "__main__":
    main()
