"""The baseline: the same work as the provider, by hand, with the official ``monite`` SDK.

What a platform team would write without Pulumi: a plain script with 4 threads. It runs as its
own process (so its RSS is measured like the provider's) and takes one phase name per line on
stdin, answering ``done <phase>`` (or ``failed <phase> <error type>``) when the phase is over.
Each phase fetches one token first, as a separate script run would. "preview" has no
counterpart in a script, so it makes no request. Configuration comes from the environment:
``BENCH_SDK_API_URL``, ``BENCH_SDK_CLIENT_ID``, ``BENCH_SDK_CLIENT_SECRET``, ``BENCH_TENANTS``.

The SDK talks to the sandbox through its documented options only: ``base_url`` (the sandbox's
``/v1``), ``monite_version="2024-05-25"`` (the sandbox's version) and, for entity-scoped calls,
``request_options={"additional_headers": {"X-Monite-Entity-Id": ...}}``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from bench import workload

__all__ = ["SdkScript", "running_sdk_script"]

API_VERSION = "2024-05-25"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def _in_parallel(work: Callable[[T], object], items: Sequence[T]) -> None:
    with ThreadPoolExecutor(max_workers=workload.CONCURRENCY) as pool:
        list(pool.map(work, items))


@dataclass
class _Tenant:
    index: int
    entity_id: str = ""
    product_id: str = ""
    connection_id: str = ""


class _Script:
    """The hand-written script: one method per phase, ids kept in memory between phases."""

    def __init__(self, api_url: str, client_id: str, client_secret: str, tenants: int) -> None:
        import monite  # a benchmark-only dependency: imported where it is used

        self._monite = monite
        self._api_url = api_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._tenants = [_Tenant(index) for index in range(tenants)]
        self._api: Any = None

    def _connect(self) -> None:
        """A token for this run, and a client that sends it."""
        anonymous = self._monite.Monite(base_url=self._api_url, monite_version=API_VERSION)
        token = anonymous.access_tokens.create(
            client_id=self._client_id,
            client_secret=self._client_secret,
            grant_type="client_credentials",
        ).access_token
        self._api = self._monite.Monite(
            base_url=self._api_url, monite_version=API_VERSION, token=token
        )

    @staticmethod
    def _scoped(entity_id: str) -> Any:
        return {"additional_headers": {"X-Monite-Entity-Id": entity_id}}

    def run(self, phase: str) -> None:
        if phase == "preview":
            return  # a script has no dry run: no token, no request
        self._connect()
        getattr(self, phase)()

    def create(self) -> None:
        monite = self._monite

        def create_entity(tenant: _Tenant) -> None:
            inputs = workload.entity_inputs(tenant.index)
            tenant.entity_id = self._api.entities.create(
                type=inputs["type"],
                email=inputs["email"],
                address=monite.EntityAddressSchema(**inputs["address"]),
                organization=monite.OrganizationSchema(**inputs["organization"]),
            ).id

        def create_product(tenant: _Tenant) -> None:
            inputs = workload.product_inputs(tenant.entity_id, tenant.index)
            tenant.product_id = self._api.products.create(
                name=inputs["name"],
                type=inputs["type"],
                price=monite.Price(**inputs["price"]),
                request_options=self._scoped(tenant.entity_id),
            ).id

        def create_connection(tenant: _Tenant) -> None:
            tenant.connection_id = self._api.accounting.connections.create(
                request_options=self._scoped(tenant.entity_id)
            ).id

        _in_parallel(create_entity, self._tenants)
        _in_parallel(
            lambda job: job[0](job[1]),
            [
                (step, tenant)
                for tenant in self._tenants
                for step in (create_product, create_connection)
            ],
        )

    def refresh(self) -> None:
        def read(job: tuple[str, _Tenant]) -> None:
            kind, tenant = job
            if kind == "entity":
                self._api.entities.get_by_id(tenant.entity_id)
            elif kind == "product":
                self._api.products.get_by_id(
                    tenant.product_id, request_options=self._scoped(tenant.entity_id)
                )
            else:
                self._api.accounting.connections.get_by_id(
                    tenant.connection_id, request_options=self._scoped(tenant.entity_id)
                )

        _in_parallel(
            read,
            [
                (kind, tenant)
                for tenant in self._tenants
                for kind in ("entity", "product", "connection")
            ],
        )

    def update(self) -> None:
        def update(tenant: _Tenant) -> None:
            email = workload.updated_entity_inputs(tenant.index)["email"]
            self._api.entities.update_by_id(tenant.entity_id, email=email)

        _in_parallel(update, self._tenants)

    def destroy(self) -> None:
        def remove(job: tuple[str, _Tenant]) -> None:
            kind, tenant = job
            scoped = self._scoped(tenant.entity_id)
            if kind == "product":
                self._api.products.delete_by_id(tenant.product_id, request_options=scoped)
            else:
                self._api.accounting.connections.disconnect_by_id(
                    tenant.connection_id, request_options=scoped
                )

        _in_parallel(
            remove,
            [(kind, tenant) for tenant in self._tenants for kind in ("product", "connection")],
        )
        _in_parallel(
            lambda tenant: self._api.entities.post_entities_id_deactivate(tenant.entity_id),
            self._tenants,
        )


def main() -> None:
    script = _Script(
        os.environ["BENCH_SDK_API_URL"],
        os.environ["BENCH_SDK_CLIENT_ID"],
        os.environ["BENCH_SDK_CLIENT_SECRET"],
        int(os.environ["BENCH_TENANTS"]),
    )
    for line in sys.stdin:
        phase = line.strip()
        try:
            script.run(phase)
        except Exception as error:  # reported to the parent, which stops the benchmark
            print(f"failed {phase} {type(error).__name__}", flush=True)
            continue
        print(f"done {phase}", flush=True)


@dataclass
class SdkScript:
    """The parent's handle on a running baseline script."""

    process: subprocess.Popen[str]

    def run(self, phase: str) -> None:
        """Run one phase in the script and wait until it is over."""
        stdin: IO[str] | None = self.process.stdin
        stdout: IO[str] | None = self.process.stdout
        assert stdin is not None
        assert stdout is not None
        stdin.write(phase + "\n")
        stdin.flush()
        answer = stdout.readline().strip()
        if answer != f"done {phase}":
            raise RuntimeError(f"SDK baseline, phase {phase}: {answer or 'script exited'}")


def sdk_available() -> bool:
    """Whether the official SDK is installed (``pip install -e '.[bench]'``)."""
    try:
        import monite  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def running_sdk_script(
    api_url: str, client_id: str, client_secret: str, tenants: int
) -> Iterator[SdkScript]:
    """Start the baseline script for ``tenants`` tenants; stop it after the block."""
    environment = {
        **os.environ,
        "BENCH_SDK_API_URL": api_url,
        "BENCH_SDK_CLIENT_ID": client_id,
        "BENCH_SDK_CLIENT_SECRET": client_secret,
        "BENCH_TENANTS": str(tenants),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.sdk_baseline"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=PROJECT_ROOT,
    )
    try:
        yield SdkScript(process)
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


if __name__ == "__main__":
    main()
