"""A partner that seeds a running sandbox over plain HTTP: for the screenshot script, the browser
tests and demos. Sandbox tests do not use `monite_pulumi.client`, so this speaks httpx directly.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import httpx

from monite_pulumi.sandbox.testing import API_VERSION, RunningSandbox


class SandboxPartner:
    """The sandbox's default partner, with a bearer token and Monite's headers filled in."""

    def __init__(self, sandbox: RunningSandbox) -> None:
        self._http = httpx.Client(
            base_url=sandbox.api_url,
            headers={
                "X-Monite-Version": API_VERSION,
                "Authorization": f"Bearer {sandbox.access_token()}",
            },
            timeout=30,
        )

    def __enter__(self) -> SandboxPartner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, entity_id: str | None = None, **kw: Any) -> Any:
        headers = {"X-Monite-Entity-Id": entity_id} if entity_id else {}
        answer = self._http.request(method, path, headers=headers, **kw)
        answer.raise_for_status()
        return answer.json()

    def create_organization(self, legal_name: str, email: str) -> str:
        """A new organization entity in Berlin; its id."""
        body = {
            "type": "organization",
            "email": email,
            "address": {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "1"},
            "organization": {"legal_name": legal_name},
        }
        entity_id: str = self._call("POST", "/entities", json=body)["id"]
        return entity_id

    def create_connection(self, entity_id: str) -> dict[str, Any]:
        """A new `pending_auth` accounting connection, `connection_url` included."""
        connection: dict[str, Any] = self._call("POST", "/accounting_connections", entity_id)
        return connection

    def get_connection(self, entity_id: str, connection_id: str) -> dict[str, Any]:
        path = f"/accounting_connections/{connection_id}"
        connection: dict[str, Any] = self._call("GET", path, entity_id)
        return connection

    def disconnect(self, entity_id: str, connection_id: str) -> dict[str, Any]:
        path = f"/accounting_connections/{connection_id}/disconnect"
        connection: dict[str, Any] = self._call("POST", path, entity_id)
        return connection
