"""The real thing: uvicorn in a subprocess (CLI, persistence, concurrency, dropped connections)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from monite_pulumi.sandbox.__main__ import _bind, parse_args
from monite_pulumi.sandbox.options import SandboxOptions
from monite_pulumi.sandbox.testing import API_VERSION, RunningSandbox, running_sandbox
from tests.sandbox.conftest import organization_body


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox(rate_limit=0) as running:
        yield running


@pytest.fixture
def fresh(sandbox: RunningSandbox) -> RunningSandbox:
    sandbox.control.post("/_sandbox/reset").raise_for_status()
    return sandbox


def _client(sandbox: RunningSandbox, token: str, entity_id: str | None = None) -> httpx.Client:
    headers = {"X-Monite-Version": API_VERSION, "Authorization": f"Bearer {token}"}
    if entity_id:
        headers["X-Monite-Entity-Id"] = entity_id
    return httpx.Client(base_url=sandbox.api_url, headers=headers, timeout=30)


def test_cli_defaults_match_the_contract() -> None:
    assert parse_args([]) == SandboxOptions()
    options = parse_args(
        [
            "--port",
            "0",
            "--data",
            ":memory:",
            "--rate-limit",
            "0",
            "--token-lifetime",
            "60",
            "--no-control",
        ]
    )
    assert (
        options.port,
        options.data,
        options.rate_limit,
        options.token_lifetime,
        options.control,
    ) == (0, ":memory:", 0, 60, False)
    assert "sandbox-secret" not in repr(options)


def test_state_survives_a_restart(tmp_path: Path) -> None:
    data = str(tmp_path / "state.db")
    with running_sandbox(data=data) as first:
        token = first.access_token()
        with _client(first, token) as api:
            entity_id = api.post("/entities", json=organization_body()).json()["id"]
        with _client(first, token, entity_id) as scoped:
            connection = scoped.post("/accounting_connections").json()
            scoped.post("/products", json={"name": "Tea"}).raise_for_status()
        first.control.post(
            f"/_sandbox/connections/{connection['id']}/authorize", json={"platform": "xero"}
        ).raise_for_status()
    with running_sandbox(data=data) as second, _client(second, token, entity_id) as again:
        assert again.get(f"/entities/{entity_id}").json()["status"] == "active"
        got = again.get(f"/accounting_connections/{connection['id']}").json()
        assert (got["status"], got["platform"]) == ("connected", "xero")
        assert [p["name"] for p in again.get("/products").json()["data"]] == ["Tea"]


def test_parallel_clients(fresh: RunningSandbox) -> None:
    token = fresh.access_token()

    def create_many(worker: int) -> list[str]:
        with _client(fresh, token) as api:
            return [
                api.post("/entities", json=organization_body(email=f"w{worker}-{i}@x.test"))
                .raise_for_status()
                .json()["id"]
                for i in range(10)
            ]

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = [entity for batch in pool.map(create_many, range(8)) for entity in batch]
    assert len(set(created)) == 80
    with _client(fresh, token) as api:
        listed: list[str] = []
        page: dict[str, Any] = api.get("/entities").json()
        listed += [e["id"] for e in page["data"]]
        while page["next_pagination_token"]:
            page = api.get(
                "/entities", params={"pagination_token": page["next_pagination_token"]}
            ).json()
            listed += [e["id"] for e in page["data"]]
    assert sorted(listed) == sorted(created)

    # One live connection per entity holds under a race too.
    def connect(_: int) -> int:
        with _client(fresh, token, created[0]) as scoped:
            return scoped.post("/accounting_connections").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(connect, range(8)))
    assert statuses == [201] + [409] * 7


def test_dropped_connection_after_processing(fresh: RunningSandbox) -> None:
    token = fresh.access_token()
    fresh.control.post(
        "/_sandbox/faults",
        json={
            "method": "POST",
            "path": "^/entities$",
            "drop_after_processing": True,
            "count": 1,
        },
    ).raise_for_status()
    with _client(fresh, token) as api:
        with pytest.raises(httpx.TransportError):
            api.post("/entities", json=organization_body(email="lost@x.test"))
        found = api.get("/entities", params={"email": "lost@x.test"}).json()["data"]
    assert len(found) == 1
    log = fresh.control.get("/_sandbox/requests").json()
    assert log["by_endpoint"]["POST /entities"] == 1
    assert log["entries"][-2]["dropped"] is True


def test_rate_limit_headers_over_http(fresh: RunningSandbox) -> None:
    fresh.control.patch("/_sandbox/settings", json={"rate_limit": 5}).raise_for_status()
    try:
        with _client(fresh, fresh.access_token()) as api:
            answer = api.get("/entities")
        assert answer.headers["RateLimit-Limit"] == "5"
        assert answer.headers["X-RateLimit-Limit-Second"] == "5"
        assert int(answer.headers["X-RateLimit-Remaining-Second"]) < 5
    finally:
        fresh.control.patch("/_sandbox/settings", json={"rate_limit": 0}).raise_for_status()


def test_listening_socket_disables_nagle() -> None:
    # Without TCP_NODELAY every keep-alive answer waits for a delayed ACK (~40 ms on Linux).
    sock = _bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        sock.close()
