"""What ``import monite_pulumi`` adds to ``import pulumi`` alone, in fresh interpreters.

Each repetition is a new ``python`` process that times ``import pulumi``, then
``import monite_pulumi``, then loading the resource classes a program uses (the package imports
them lazily, on first use), with ``time.perf_counter`` (interpreter start-up excluded). The
medians over the repetitions are reported; the target is judged on the full cost (bare import
plus resources), since every program pays it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ImportCost", "measure_import_cost"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
_PROBE = """
import json, time
started = time.perf_counter()
import pulumi
pulumi_done = time.perf_counter()
import monite_pulumi
bare_done = time.perf_counter()
from monite_pulumi import AccountingConnection, Entity, Product
done = time.perf_counter()
print(json.dumps([pulumi_done - started, bare_done - pulumi_done, done - pulumi_done]))
"""


@dataclass(frozen=True)
class ImportCost:
    pulumi_seconds: float
    bare_seconds: float
    """``import monite_pulumi`` alone (public names are loaded lazily)."""
    added_seconds: float
    """``import monite_pulumi`` plus the resource classes: what a program adds to Pulumi."""
    repeats: int

    @property
    def added_fraction(self) -> float:
        return self.added_seconds / self.pulumi_seconds


def measure_import_cost(repeats: int) -> ImportCost:
    """Medians of ``repeats`` fresh interpreters (bytecode caches warm after the first)."""
    samples: list[list[float]] = []
    for _ in range(repeats + 1):  # the first run warms the bytecode caches and is dropped
        output = subprocess.run(
            [sys.executable, "-c", _PROBE],
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJECT_ROOT,
        ).stdout
        samples.append([float(value) for value in json.loads(output)])
    columns = zip(*samples[1:], strict=True)
    pulumi_time, bare, added = (statistics.median(column) for column in columns)
    return ImportCost(pulumi_time, bare, added, repeats)
