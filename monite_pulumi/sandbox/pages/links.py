"""Opening a `connection_url`: which link problems answer which status code.

| link | status |
| --- | --- |
| no such connection | 404 |
| a token that does not match (or none) | 403 |
| already used (the connection was authorised with it) | 410 |
| expired (7 days after it was issued) | 410 |
| the connection is not `pending_auth` any more, or its entity is gone | 410 |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from monite_pulumi.sandbox.pages.problems import PageError
from monite_pulumi.sandbox.state import Backend, LinkTokenState
from monite_pulumi.sandbox.state.tenants import Tenant

_ASK_AGAIN = "Ask the business that sent you this link for a new one."


@dataclass(frozen=True)
class OpenLink:
    """A link that checked out: its tenant, and the token that every form posts back."""

    tenant: Tenant
    connection_id: str
    token: str

    @property
    def name(self) -> str:
        return self.tenant.name

    @property
    def connection(self) -> dict[str, Any]:
        assert self.tenant.connection is not None
        return self.tenant.connection

    def path(self, step: str = "", **query: str) -> str:
        """This link's page `step`, the token in the query (for redirects and links)."""
        suffix = f"/{step}" if step else ""
        return f"/connect/{self.connection_id}{suffix}?{urlencode({'token': self.token, **query})}"

    @property
    def action(self) -> str:
        """Where this link's forms post, without the token (that travels in the form)."""
        return f"/connect/{self.connection_id}"


def open_link(
    backend: Backend, connection_id: str, token: str, *, finished: bool = False
) -> OpenLink:
    """The link if it may still be used, else a `PageError` with the right status.

    `finished=True` also accepts a used link and a closed connection, for the page that shows
    how it ended.
    """
    tenant = backend.tenants.of_connection(connection_id)
    if tenant is None:
        raise PageError(
            404,
            "We can't find this link",
            "No accounting connection has this address.",
            advice=_ASK_AGAIN,
        )
    state = backend.connections.link_token_state(connection_id, token)
    if state is LinkTokenState.UNKNOWN:
        raise PageError(
            403,
            "This link is not valid",
            "Its security code does not match. Open the link exactly as you received it.",
            advice=_ASK_AGAIN,
        )
    link = OpenLink(tenant, connection_id, token)
    if finished:
        return link
    if state is LinkTokenState.USED:
        raise PageError(
            410,
            "This link has already been used",
            f"{link.name} was connected to its accounting software with this link. "
            "A link works once.",
            advice="There is nothing more to do here; you can close this page.",
        )
    if state is LinkTokenState.EXPIRED:
        raise PageError(
            410,
            "This link has expired",
            "Links to connect accounting software are valid for 7 days.",
            advice=_ASK_AGAIN,
        )
    if tenant.entity["status"] == "deleted":
        raise PageError(
            410, "This business no longer exists", "Its account was closed.", advice=_ASK_AGAIN
        )
    status = link.connection["status"]
    if status != "pending_auth":
        raise PageError(
            410,
            "This connection was closed",
            f"The accounting connection of {link.name} is {status.replace('_', ' ')}.",
            advice=_ASK_AGAIN,
        )
    return link
