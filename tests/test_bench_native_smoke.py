"""bench/native_throughput.py still runs (N=3, L=0) and counts requests sanely; no timing."""

from __future__ import annotations

import contextlib
import io

import pytest

from bench.native_throughput import main

pytestmark = pytest.mark.slow


def test_native_and_dynamic_rows_make_one_request_per_operation() -> None:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        rows = main(["--tenants", "3", "--latency-ms", "0", "--in-flight", "8"])
    assert [(row.run, row.in_flight) for row in rows] == [
        ("native provider", 8),
        ("dynamic resources", 4),
    ]
    for row in rows:
        assert row.requests_per_operation == 1.0
        assert row.cost.requests.tokens == 1
    assert "| native provider | 3 | 0 | 8 |" in printed.getvalue()
