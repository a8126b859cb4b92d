"""Requests per second the local sandbox serves on loopback (not a test: figures for the docs).

    python -m bench.sandbox_throughput [--requests N] [--clients C]

Measures GET /accounting_connections/{id} and POST /entities against a fresh sandbox started
with `running_sandbox(rate_limit=0)` (SQLite file in a temporary directory, as users run it).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from monite_pulumi.sandbox.testing import API_VERSION, RunningSandbox, running_sandbox

ENTITY = {
    "type": "organization",
    "email": "bench@acme.test",
    "address": {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "A 1"},
    "organization": {"legal_name": "Bench GmbH"},
}


def _client(sandbox: RunningSandbox, token: str, entity_id: str | None = None) -> httpx.Client:
    headers = {"X-Monite-Version": API_VERSION, "Authorization": f"Bearer {token}"}
    if entity_id:
        headers["X-Monite-Entity-Id"] = entity_id
    return httpx.Client(base_url=sandbox.api_url, headers=headers, timeout=30)


def _rate(
    clients: int,
    per_client: int,
    one_call: Callable[[httpx.Client], None],
    make_client: Callable[[], httpx.Client],
) -> float:
    """Requests per second for `clients` threads, each with its own keep-alive client."""

    def worker(_: int) -> None:
        with make_client() as client:
            for _ in range(per_client):
                one_call(client)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(worker, range(clients)))
    return clients * per_client / (time.perf_counter() - started)


def measure(requests: int, clients: int) -> dict[str, float]:
    """`{"GET connection": rps, "POST entity": rps}` for `requests` calls over `clients`."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_sandbox(data=str(Path(tmp) / "bench.db"), rate_limit=0) as sandbox,
    ):
        token = sandbox.access_token()
        with _client(sandbox, token) as api:
            entity_id = api.post("/entities", json=ENTITY).raise_for_status().json()["id"]
        with _client(sandbox, token, entity_id) as scoped:
            connection_id = scoped.post("/accounting_connections").raise_for_status().json()["id"]
        per_client = max(1, requests // clients)

        def get_connection(client: httpx.Client) -> None:
            client.get(f"/accounting_connections/{connection_id}").raise_for_status()

        def post_entity(client: httpx.Client) -> None:
            client.post("/entities", json=ENTITY).raise_for_status()

        return {
            "GET connection": _rate(
                clients, per_client, get_connection, lambda: _client(sandbox, token, entity_id)
            ),
            "POST entity": _rate(clients, per_client, post_entity, lambda: _client(sandbox, token)),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    for name, rate in measure(args.requests, args.clients).items():
        print(f"{name}: {rate:.0f} requests/s ({args.requests} requests, {args.clients} clients)")


if __name__ == "__main__":
    main()
