"""The benchmark still runs (N=10, L=0, every section small) and counts requests sanely.

No timing is asserted: only that the table is printed and the request counts are the ones the
providers are designed to make.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path
from typing import Any

import pytest

from bench.__main__ import main
from bench.provider_run import PHASES
from bench.targets import EXPECTED_REQUESTS_PER_OPERATION
from tests.availability import unavailable

pytestmark = pytest.mark.slow

TENANTS = 10
LIMITED_TENANTS = 3
RATE_LIMIT = 4
"""The sandbox's limit in the rate-limited rows: 3 x 3 resources make more requests per phase
than one second allows, so without the client's pacing the sandbox answers 429s."""
CLIENT_RATE = 3
"""The client's limiter there: a quarter below the sandbox's, so that requests a busy machine
delays on their way (the sandbox counts arrivals, the client grants) still fit its window."""
HAS_SDK = importlib.util.find_spec("monite") is not None


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    figures = tmp_path_factory.mktemp("bench") / "bench.json"
    argv = [
        "--tenants", str(TENANTS), "--latency-ms", "0",
        "--rate-limited-tenants", str(LIMITED_TENANTS), "--rate-limited-latency-ms", "0",
        "--rate-limit", str(RATE_LIMIT), "--client-rate", str(CLIENT_RATE),
        "--sandbox-requests", "100", "--import-repeats", "1", "--json", str(figures),
    ]  # fmt: skip
    if not HAS_SDK:
        argv.append("--no-baseline")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main(argv)
    return json.loads(Path(figures).read_text()), printed.getvalue()


def _rows(report: dict[str, Any], run: str) -> dict[str, dict[str, Any]]:
    return {row["phase"]: row for row in report["rows"] if row["run"] == run}


def test_the_table_has_a_provider_row_per_phase_with_the_designed_request_counts(
    bench_run: tuple[dict[str, Any], str],
) -> None:
    report, printed = bench_run
    rows = _rows(report, "provider")
    assert list(rows) == list(PHASES)
    for phase, row in rows.items():
        assert row["requests_per_operation"] == EXPECTED_REQUESTS_PER_OPERATION[phase], phase
        assert row["operations"] == 3 * TENANTS
        assert row["cost"]["requests"]["tokens"] == (0 if phase == "preview" else 1)
        assert row["limiter"] == "off (0)"
        assert row["sandbox_rate_limit"] == 0
        assert row["cost"]["peak_rss_bytes"] > 0
        assert row["cost"]["cpu_seconds"] >= 0
    assert sum(row["cost"]["cpu_seconds"] for row in rows.values()) > 0  # the server's CPU is read
    assert rows["update"]["cost"]["requests"]["by_endpoint"] == {
        "POST /auth/token": 1,
        "PATCH /entities/{entity_id}": TENANTS,
    }
    assert "| run | phase | N | L ms | client limiter |" in printed
    assert printed.count("| provider |") == len(PHASES) + 2  # plus the two rate-limited rows


def test_the_sdk_baseline_does_the_same_requests(bench_run: tuple[dict[str, Any], str]) -> None:
    if not HAS_SDK:
        unavailable("the official monite SDK is not installed (pip install -e '.[bench]')")
    report, printed = bench_run
    provider, baseline = _rows(report, "provider"), _rows(report, "SDK baseline")
    assert list(baseline) == list(PHASES)
    for phase in PHASES:
        ours = provider[phase]["cost"]["requests"]["by_endpoint"]
        theirs = baseline[phase]["cost"]["requests"]["by_endpoint"]
        if phase == "preview":  # a script has no preview: no figure, not millions of ops/s
            assert theirs == {}
            assert baseline[phase]["operations_per_second"] is None
            assert f"| SDK baseline | preview | {TENANTS} | 0 | none (SDK) | - |" in printed
        else:
            assert ours == theirs, phase


def test_the_rate_limited_rows_and_the_paged_refresh_comparison(
    bench_run: tuple[dict[str, Any], str],
) -> None:
    report, printed = bench_run
    limited = report["rate_limited_rows"]
    assert [row["phase"] for row in limited] == ["create", "refresh"]
    one_each, paged = report["paged_refresh_rows"]
    for row in [*limited, one_each]:
        assert row["limiter"] == f"{CLIENT_RATE}/s"
        assert row["sandbox_rate_limit"] == RATE_LIMIT
        requests = row["cost"]["requests"]
        # More than one second's worth reached the sandbox, none refused: the client paced them.
        assert requests["total"] - requests["tokens"] > RATE_LIMIT, row["phase"]
        assert requests["rate_limited"] == 0, row["run"]
    assert one_each["cost"]["requests"]["by_endpoint"]["GET /entities/{entity_id}"] == 3
    assert paged["cost"]["requests"]["by_endpoint"]["GET /entities"] == 1
    assert "## Targets" in printed


def test_sandbox_throughput_and_import_cost_are_reported(
    bench_run: tuple[dict[str, Any], str],
) -> None:
    report, printed = bench_run
    assert set(report["sandbox_throughput"]) == {"GET connection", "POST entity"}
    assert report["import"]["pulumi_seconds"] > 0
    assert "## Import cost" in printed
