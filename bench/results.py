"""One row of the benchmark table and how it is printed (Markdown, so it pastes into docs)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from bench.measure import PhaseCost
from bench.workload import CONCURRENCY

__all__ = ["Row", "render_table"]


@dataclass(frozen=True)
class Row:
    """One phase of one run: who did it (provider or SDK baseline), under which conditions."""

    run: str
    phase: str
    tenants: int
    latency_ms: int
    limiter: str
    """The client's rate limiter in this row, e.g. ``off`` or ``30/s (default)``."""
    operations: int
    """Resources the phase processed (every Check/Diff/Create/Read/Update/Delete target)."""
    cost: PhaseCost
    sandbox_rate_limit: float = 0.0
    """The sandbox's limit in requests/s (0: none); the floor accounts for it."""
    changed: int | None = None
    """Resources the phase changed, when not all (update: the entities); req/op divides by it."""
    performed: bool = True
    """False where the run has no such phase (a script has no preview): its figures print "-"."""

    @property
    def floor_seconds(self) -> float:
        """Requests x latency / 4, or requests / limit when the sandbox's limit is tighter."""
        requests = self.cost.requests
        latency_floor = requests.total * self.latency_ms / 1000 / CONCURRENCY
        if self.sandbox_rate_limit <= 0:
            return latency_floor
        return max(latency_floor, requests.api / self.sandbox_rate_limit)

    @property
    def ratio(self) -> float | None:
        floor = self.floor_seconds
        return self.cost.wall_seconds / floor if floor > 0 else None

    @property
    def operations_per_second(self) -> float:
        return self.operations / self.cost.wall_seconds if self.cost.wall_seconds > 0 else 0.0

    @property
    def requests_per_operation(self) -> float:
        """API requests (token requests apart) per resource operation, per change for updates."""
        divisor = self.operations if self.changed is None else self.changed
        return self.cost.requests.api / divisor if divisor else 0.0

    @property
    def cpu_ms_per_operation(self) -> float:
        """CPU time of the measured process per resource processed."""
        return 1000 * self.cost.cpu_seconds / self.operations if self.operations else 0.0

    @property
    def peak_rss_mb(self) -> float:
        return self.cost.peak_rss_bytes / 2**20

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            floor_seconds=self.floor_seconds,
            ratio=self.ratio,
            operations_per_second=self.operations_per_second if self.performed else None,
            requests_per_operation=self.requests_per_operation if self.performed else None,
            cpu_ms_per_operation=self.cpu_ms_per_operation if self.performed else None,
            peak_rss_mb=self.peak_rss_mb,
        )
        return data


_HEADER = (
    "| run | phase | N | L ms | client limiter | wall s | floor s | ratio | ops/s | req/op "
    "| token req | 429 | CPU ms/op | peak RSS MB |"
)


def _row_line(row: Row) -> str:
    if not row.performed:
        cells = [row.run, row.phase, str(row.tenants), str(row.latency_ms), row.limiter]
        return "| " + " | ".join(cells + ["-"] * (_HEADER.count("|") - 1 - len(cells))) + " |"
    ratio = "-" if row.ratio is None else f"{row.ratio:.2f}"
    cells = [
        row.run,
        row.phase,
        str(row.tenants),
        str(row.latency_ms),
        row.limiter,
        f"{row.cost.wall_seconds:.2f}",
        f"{row.floor_seconds:.2f}",
        ratio,
        f"{row.operations_per_second:.0f}",
        f"{row.requests_per_operation:.2f}",
        str(row.cost.requests.tokens),
        str(row.cost.requests.rate_limited),
        f"{row.cpu_ms_per_operation:.2f}",
        f"{row.peak_rss_mb:.0f}",
    ]
    return "| " + " | ".join(cells) + " |"


def render_table(rows: Iterable[Row]) -> str:
    lines = [_HEADER, "|" + " --- |" * (_HEADER.count("|") - 1)]
    lines.extend(_row_line(row) for row in rows)
    return "\n".join(lines)
