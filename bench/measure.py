"""What one phase costs: wall time, the sandbox's request counts, a process's peak RSS and CPU.

Request counts come from the sandbox's own log (``/_sandbox/requests``, cleared before each
phase), so they count what reached the API, retries and token requests included. Peak RSS is
sampled with psutil from another thread while the phase runs; CPU time (user + system, children
included) is read before and after it, so the provider's own cost per call shows next to the
SDK script's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psutil

from monite_pulumi.sandbox.testing import RunningSandbox

__all__ = [
    "TOKEN_ENDPOINT",
    "PhaseCost",
    "RequestCounts",
    "cpu_seconds",
    "peak_rss",
    "request_counts",
    "timed_phase",
]

TOKEN_ENDPOINT = "POST /auth/token"
_RSS_INTERVAL_SECONDS = 0.02


@dataclass(frozen=True)
class RequestCounts:
    """What reached the sandbox during one phase."""

    total: int
    tokens: int
    rate_limited: int
    by_endpoint: dict[str, int]

    @property
    def api(self) -> int:
        """Requests other than token requests: the ones a resource operation makes."""
        return self.total - self.tokens


@dataclass(frozen=True)
class PhaseCost:
    wall_seconds: float
    requests: RequestCounts
    peak_rss_bytes: int
    cpu_seconds: float
    """CPU time the measured process (and its children) spent during the phase."""


def clear_requests(sandbox: RunningSandbox) -> None:
    sandbox.control.delete("/_sandbox/requests").raise_for_status()


def request_counts(sandbox: RunningSandbox) -> RequestCounts:
    """The sandbox's counts since the log was last cleared."""
    log = sandbox.control.get("/_sandbox/requests").raise_for_status().json()
    by_endpoint = {str(name): int(count) for name, count in log["by_endpoint"].items()}
    return RequestCounts(
        total=int(log["total"]),
        tokens=by_endpoint.get(TOKEN_ENDPOINT, 0),
        rate_limited=int(log["by_status"].get("429", 0)),
        by_endpoint=by_endpoint,
    )


class _RssSampler(threading.Thread):
    """Polls the RSS of a process (and its children) until stopped; keeps the maximum."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self._process = psutil.Process(pid)
        self._stop_event = threading.Event()
        self.peak = 0

    def sample(self) -> None:
        try:
            processes = [self._process, *self._process.children(recursive=True)]
            rss = sum(process.memory_info().rss for process in processes)
        except psutil.Error:
            return
        self.peak = max(self.peak, rss)

    def run(self) -> None:
        while not self._stop_event.wait(_RSS_INTERVAL_SECONDS):
            self.sample()

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        self.sample()
        return self.peak


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and its live children."""
    process = psutil.Process(pid)
    total = 0.0
    for item in (process, *process.children(recursive=True)):
        try:
            times = item.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


@contextmanager
def peak_rss(pid: int) -> Iterator[Callable[[], int]]:
    """Sample ``pid`` during the block; call the yielded function after it for the peak."""
    sampler = _RssSampler(pid)
    sampler.sample()
    sampler.start()
    result: list[int] = []
    try:
        yield lambda: result[0]
    finally:
        result.append(sampler.stop())


def timed_phase(sandbox: RunningSandbox, pid: int, work: Callable[[], None]) -> PhaseCost:
    """Run ``work`` with a clean request log and an RSS sampler on ``pid``."""
    clear_requests(sandbox)
    with peak_rss(pid) as peak:
        cpu_before = cpu_seconds(pid)
        started = time.perf_counter()
        work()
        wall = time.perf_counter() - started
        cpu = cpu_seconds(pid) - cpu_before
    return PhaseCost(wall, request_counts(sandbox), peak(), cpu)
