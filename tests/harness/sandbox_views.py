"""Read the sandbox's control API: what requests reached it, which objects exist."""

from __future__ import annotations

from typing import Any

from monite_pulumi.sandbox.testing import RunningSandbox

__all__ = ["add_fault", "sandbox_objects", "sandbox_requests"]


def sandbox_requests(sandbox: RunningSandbox) -> dict[str, Any]:
    """``GET /_sandbox/requests``: total, by_endpoint, by_status, entries."""
    response = sandbox.control.get("/_sandbox/requests")
    response.raise_for_status()
    result: dict[str, Any] = response.json()
    return result


def sandbox_objects(sandbox: RunningSandbox) -> dict[str, list[dict[str, Any]]]:
    """``GET /_sandbox/objects``: every object of every partner, for orphan checks."""
    response = sandbox.control.get("/_sandbox/objects")
    response.raise_for_status()
    result: dict[str, list[dict[str, Any]]] = response.json()
    return result


def add_fault(sandbox: RunningSandbox, **rule: Any) -> str:
    """``POST /_sandbox/faults`` with the rule's fields; returns the rule id."""
    response = sandbox.control.post("/_sandbox/faults", json=rule)
    response.raise_for_status()
    return str(response.json()["id"])
