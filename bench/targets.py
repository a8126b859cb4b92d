"""The issue's targets (item 3 and 4), judged on the measured rows: one line each, met or not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.results import Row

__all__ = ["EXPECTED_REQUESTS_PER_OPERATION", "evaluate"]

EXPECTED_REQUESTS_PER_OPERATION = {
    "create": 1.0,
    "refresh": 1.0,
    "preview": 0.0,
    "update": 1.0,
    "destroy": 1.0,
}
MAX_RATIO = 1.15
MIN_OPERATIONS_PER_SECOND = 150
MAX_RSS_MB = 200
MAX_IMPORT_FRACTION = 0.30


def _verdict(ok: bool, text: str) -> str:
    return f"{'MET' if ok else 'NOT MET'}: {text}"


def _requests_per_operation(rows: Sequence[Row]) -> list[str]:
    lines = []
    for phase, expected in EXPECTED_REQUESTS_PER_OPERATION.items():
        measured = sorted(
            {round(row.requests_per_operation, 3) for row in rows if row.phase == phase}
        )
        if measured:
            ok = measured == [expected]
            lines.append(
                _verdict(
                    ok,
                    f"{phase}: {expected:g} request(s) per resource operation "
                    f"(measured {', '.join(f'{v:g}' for v in measured)})",
                )
            )
    return lines


def _at_scale(rows: Sequence[Row], baseline: Sequence[Row], tenants: int) -> list[str]:
    lines = []
    for row in rows:
        if row.latency_ms == 0 or row.tenants != tenants or row.ratio is None:
            continue
        sdk = next(
            (
                item
                for item in baseline
                if (item.phase, item.tenants, item.latency_ms)
                == (row.phase, row.tenants, row.latency_ms)
            ),
            None,
        )
        ok = row.ratio <= MAX_RATIO
        text = (
            f"{row.phase} at N={tenants}, L={row.latency_ms} ms: wall {row.ratio:.2f}x floor "
            f"(target <= {MAX_RATIO})"
        )
        if sdk is not None:
            ok = ok and row.cost.wall_seconds <= sdk.cost.wall_seconds
            text += (
                f", {row.cost.wall_seconds:.1f} s vs SDK {sdk.cost.wall_seconds:.1f} s "
                "(target: no slower)"
            )
        lines.append(_verdict(ok, text))
    return lines


def evaluate(
    rows: Sequence[Row], limited: Sequence[Row], import_cost: dict[str, Any] | None
) -> list[str]:
    """One line per target, from whatever rows this run produced."""
    provider = [row for row in rows if row.run == "provider"]
    baseline = [row for row in rows if row.run == "SDK baseline"]
    if not provider:
        return []
    largest = max(row.tenants for row in provider)
    lines = _requests_per_operation([*provider, *limited])
    tokens = max(row.cost.requests.tokens for row in [*provider, *limited])
    lines.append(
        _verdict(
            tokens <= 1,
            f"token requests per run: at most {tokens} (target 1 per "
            "token lifetime; every phase is one run, well within one)",
        )
    )
    lines.extend(_at_scale(provider, baseline, largest))
    for row in provider:
        if row.latency_ms == 0 and row.tenants == largest and row.phase != "preview":
            lines.append(
                _verdict(
                    row.operations_per_second >= MIN_OPERATIONS_PER_SECOND,
                    f"{row.phase} at N={largest}, L=0: {row.operations_per_second:.0f} resource "
                    f"operations/s (target >= {MIN_OPERATIONS_PER_SECOND})",
                )
            )
    rss = max(row.peak_rss_mb for row in provider if row.tenants == largest)
    lines.append(
        _verdict(
            rss < MAX_RSS_MB,
            f"provider peak RSS at N={largest}: {rss:.0f} MB (target < {MAX_RSS_MB} MB)",
        )
    )
    if import_cost is not None:
        fraction = float(import_cost["added_fraction"])
        lines.append(
            _verdict(
                fraction < MAX_IMPORT_FRACTION,
                f"import monite_pulumi and its resources adds {fraction:.0%} to "
                f"import pulumi (target < {MAX_IMPORT_FRACTION:.0%})",
            )
        )
    for row in limited:
        ok = row.cost.requests.rate_limited == 0 and (row.ratio or 0) <= MAX_RATIO
        lines.append(
            _verdict(
                ok,
                f"rate-limited {row.phase} at N={row.tenants}: "
                f"{row.cost.requests.rate_limited} answers 429, wall "
                f"{row.ratio or 0:.2f}x (requests / {row.sandbox_rate_limit:g} s)"
                f" (target 0 and <= {MAX_RATIO})",
            )
        )
    return lines
