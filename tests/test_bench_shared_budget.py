"""`python -m bench.shared_budget` still runs, and K processes on one client id still share it.

Tiny sizes (3 provider processes, 20 entities each: 120 requests, four seconds' worth of the
30/s limit, so the processes must share it). No timing is asserted: only what reached the
sandbox. Each process pacing as if alone had about a quarter of its requests answered 429.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest

from bench.shared_budget import main

pytestmark = pytest.mark.slow

PROCESSES = 3
ENTITIES = 20


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    figures = tmp_path_factory.mktemp("bench") / "shared.json"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main(["--processes", str(PROCESSES), "--entities", str(ENTITIES), "--latency-ms", "20",
              "--json", str(figures)])  # fmt: skip
    rows: list[dict[str, Any]] = json.loads(figures.read_text())
    assert len(rows) == 1
    return rows[0], printed.getvalue()


def test_every_operation_succeeds_with_one_admitted_request_each(
    report: tuple[dict[str, Any], str],
) -> None:
    row, _ = report
    assert row["failed_operations"] == 0
    assert row["admitted"] == 2 * PROCESSES * ENTITIES  # a create and a read per entity
    assert row["requests"]["tokens"] == PROCESSES  # one token per process
    assert len(row["process_walls"]) == PROCESSES


def test_the_processes_share_the_budget_instead_of_bouncing_off_it(
    report: tuple[dict[str, Any], str],
) -> None:
    row, _ = report
    assert row["rate_limited_share"] <= 0.10, row["requests"]


def test_the_row_says_which_limiter_it_ran_against(report: tuple[dict[str, Any], str]) -> None:
    _, printed = report
    assert "| K processes | M each |" in printed
    row = f"| {PROCESSES} | {ENTITIES} | 20 | emulated Monite, 30/s fixed clock 1 s | sent | - |"
    assert row in printed
