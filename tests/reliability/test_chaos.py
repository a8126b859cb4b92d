"""200 tenants through create, refresh, update, replace and delete under injected faults.

The sandbox answers 10 % of API calls with a 5xx (500 or 503), 5 % with a 429 (Retry-After 1),
slows some down and drops the connection after processing 5 % of creates. Failed operations are
re-run as ``pulumi up`` would, until clean; then the sandbox must hold exactly what the state
says: nothing missing, no duplicate, no orphan. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox
from tests.harness import EngineClient, ProviderCallError, running_provider_server
from tests.harness.fixtures import stack_config
from tests.harness.sandbox_views import add_fault, sandbox_objects, sandbox_requests
from tests.reliability.chaos_audit import EndState, audit, fault_counts, log_figures
from tests.reliability.chaos_state import Desired, Tenant

pytestmark = pytest.mark.slow

TENANTS = 200
PARALLEL = 4
MAX_ROUNDS = 10
REVOKED = 20
"""Connections deauthorised "on the platform" before the replace phase."""
MOVED = 5
"""Entities whose country changes (a replacement, allowed with allow_replacement)."""
SEED = 17
API = r"^/(entities|products|accounting_connections)"
CREATES = r"^/(entities|products|accounting_connections)$"


@dataclass
class Run:
    """The state of all tenants plus what each phase took."""

    engine: EngineClient
    sandbox: RunningSandbox
    tenants: list[Tenant]
    failures: Counter[str] = field(default_factory=Counter)
    rounds: dict[str, int] = field(default_factory=dict)

    def phase(self, name: str, step: Callable[[Tenant], None]) -> None:
        """Run ``step`` for every tenant, re-running the failed ones until all succeed."""
        pending = list(self.tenants)
        errors: list[str] = []
        for round_number in range(1, MAX_ROUNDS + 1):
            with ThreadPoolExecutor(PARALLEL) as pool:
                outcomes = list(pool.map(lambda tenant: _attempt(step, tenant), pending))
            errors = [error for error in outcomes if error is not None]
            failed = zip(pending, outcomes, strict=True)
            pending = [tenant for tenant, error in failed if error is not None]
            self.failures[name] += len(pending)
            if not pending:
                self.rounds[name] = round_number
                return
        raise AssertionError(f"{name}: {len(pending)} tenants still failing: {errors[:3]}")

    def end_state(self) -> EndState:
        return audit(sandbox_objects(self.sandbox), self.tenants)


def _attempt(step: Callable[[Tenant], None], tenant: Tenant) -> str | None:
    try:
        step(tenant)
    except ProviderCallError as error:
        return error.message
    return None


def _arm_faults(sandbox: RunningSandbox) -> dict[str, str]:
    """The fault rules, first match wins; returns rule id -> kind."""
    rules = [
        ("dropped after processing (creates)",
         {"method": "POST", "path": CREATES, "drop_after_processing": True, "probability": 0.05}),
        ("500", {"path": API, "status": 500, "probability": 0.05}),
        ("503", {"path": API, "status": 503, "probability": 0.05 / 0.95}),
        ("429 Retry-After 1",
         {"path": API, "status": 429, "retry_after": 1, "probability": 0.05 / 0.90}),
        ("latency spike 300 ms", {"path": API, "latency_ms": 300, "probability": 0.02}),
    ]
    return {
        add_fault(sandbox, seed=SEED + number, **rule): kind
        for number, (kind, rule) in enumerate(rules)
    }


@pytest.fixture
def chaos(tmp_path: Path) -> Iterator[tuple[Run, Path]]:
    log = tmp_path / "provider.log"
    env = {"MONITE_PULUMI_LOG": "debug", "MONITE_PULUMI_LOG_FILE": str(log)}
    with (
        running_sandbox(rate_limit=0) as sandbox,
        running_provider_server(env) as server,
        EngineClient(server.target, timeout=300) as engine,
    ):
        config = stack_config(
            sandbox, **{"monite:maxRequestsPerSecond": "0", "monite:deadline": "30"}
        )
        engine.configure(config)
        tenants = [Tenant(index) for index in range(TENANTS)]
        yield Run(engine, sandbox, tenants), log


def _assert_exact(run: Run, entities: int, products: int, connections: int) -> None:
    state = run.end_state()
    assert state.missing == []
    assert state.duplicates == []
    assert state.orphans == []
    assert dict(state.live) == {
        "entities": entities, "products": products, "connections": connections
    }


def test_two_hundred_tenants_end_exactly_as_the_state_says(chaos: tuple[Run, Path]) -> None:
    run, log = chaos
    engine, sandbox = run.engine, run.sandbox
    kinds = _arm_faults(sandbox)

    run.phase("create", lambda tenant: tenant.up(engine))
    _assert_exact(run, TENANTS, TENANTS, TENANTS)

    run.phase("refresh", lambda tenant: tenant.refresh(engine))
    assert all(tenant.connection and tenant.connection.outs["status"] == "pending_auth"
               for tenant in run.tenants)

    for tenant in run.tenants:
        tenant.desired = Desired(phone=f"+49 30 2{tenant.index:03d}")
    run.phase("update", lambda tenant: tenant.up(engine))
    phones = {row["email"]: row.get("phone") for row in sandbox_objects(sandbox)["entities"]}
    assert all(phones[tenant.email] == tenant.desired.phone for tenant in run.tenants)

    picker = random.Random(SEED)
    revoked = picker.sample(run.tenants, REVOKED)
    for tenant in revoked:
        assert tenant.connection is not None
        link = f"/_sandbox/connections/{tenant.connection.id}"
        sandbox.control.post(f"{link}/authorize", json={"platform": "xero"}).raise_for_status()
        sandbox.control.post(f"{link}/deauthorize").raise_for_status()
    old_connections = {tenant.index: tenant.connection.id for tenant in revoked
                       if tenant.connection}
    run.phase("refresh revoked", lambda tenant: tenant.refresh(engine)
              if tenant in revoked else None)
    moved = picker.sample([tenant for tenant in run.tenants if tenant not in revoked], MOVED)
    old_entities = {tenant.index: tenant.entity.id for tenant in moved if tenant.entity}
    for tenant in moved:
        tenant.desired = Desired(tenant.desired.phone, country="AT", allow_replacement=True)
    run.phase("replace", lambda tenant: tenant.up(engine))
    _assert_exact(run, TENANTS, TENANTS, TENANTS)
    for tenant in revoked:
        assert tenant.connection is not None
        assert tenant.connection.id != old_connections[tenant.index]
    for tenant in moved:
        assert tenant.entity is not None
        assert tenant.entity.id != old_entities[tenant.index]
        assert tenant.entity.outs["address"]["country"] == "AT"

    run.phase("delete", lambda tenant: tenant.destroy(engine))
    _assert_exact(run, 0, 0, 0)

    requests = sandbox_requests(sandbox)
    faults = fault_counts(sandbox.control.get("/_sandbox/faults").json(), kinds)
    figures = log_figures(log.read_text())
    dropped = [entry for entry in requests["entries"] if entry["dropped"]]
    assert figures.lost_answers, "no create lost its answer: the drop rule did not fire"
    assert sum(n for key, n in figures.lost_answers.items() if "adopted" in key) == len(dropped)
    summary: dict[str, Any] = {
        "tenants": TENANTS,
        "api requests": requests["total"],
        "faults injected by kind": dict(faults),
        "http attempts (provider log)": figures.attempts,
        "retries (provider log)": figures.retries,
        "auth retries after 401": figures.auth_retries,
        "creates whose answer was lost -> what the look found": dict(figures.lost_answers),
        "failed operations re-run, by phase": dict(run.failures),
        "rounds until clean, by phase": run.rounds,
        "duplicates": 0,
        "orphans": 0,
    }
    print("\nchaos figures:\n" + json.dumps(summary, indent=2))
