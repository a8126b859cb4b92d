"""A small, known world in a real sandbox: what the lookup and CLI tests look at."""

from __future__ import annotations

from dataclasses import dataclass

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import (
    AccountingConnectionResponse,
    CreateEntityRequest,
    EntityAddressSchema,
    EntityResponse,
    IndividualSchema,
    OrganizationSchema,
)
from monite_pulumi.config import Settings, resolve_settings
from monite_pulumi.sandbox.testing import RunningSandbox

ADDRESS = EntityAddressSchema(country="DE", city="Berlin", postal_code="10115", line1="Main 1")


def sandbox_env(sandbox: RunningSandbox) -> dict[str, str]:
    """The ``MONITE_*`` variables that point a CLI run at the sandbox."""
    return {
        "MONITE_ENVIRONMENT": "local",
        "MONITE_API_URL": sandbox.api_url,
        "MONITE_CLIENT_ID": sandbox.client_id,
        "MONITE_CLIENT_SECRET": sandbox.client_secret,
    }


def sandbox_settings(sandbox: RunningSandbox) -> Settings:
    return resolve_settings(env=sandbox_env(sandbox))


@dataclass(frozen=True)
class World:
    """Entities covering every row kind the CLI shows."""

    connected: EntityResponse
    connected_link: AccountingConnectionResponse
    pending: EntityResponse
    pending_link: AccountingConnectionResponse
    refused: EntityResponse
    refused_link: AccountingConnectionResponse
    ended: EntityResponse
    inactive: EntityResponse
    twins: tuple[EntityResponse, EntityResponse]


def create_organization(client: MoniteClient, legal_name: str, email: str) -> EntityResponse:
    body = CreateEntityRequest(
        type="organization",
        email=email,
        address=ADDRESS,
        organization=OrganizationSchema(legal_name=legal_name),
    )
    return client.create_entity(body)


def _individual(client: MoniteClient, first: str, last: str, email: str) -> EntityResponse:
    body = CreateEntityRequest(
        type="individual",
        email=email,
        address=ADDRESS,
        individual=IndividualSchema(first_name=first, last_name=last),
    )
    return client.create_entity(body)


def seed_world(sandbox: RunningSandbox, client: MoniteClient) -> World:
    """Create the world through the client; authorise and refuse through the control API."""
    connected = create_organization(client, "Acme Books Ltd", "books@acme.example")
    connected_link = client.create_accounting_connection(connected.id)
    sandbox.control.post(
        f"/_sandbox/connections/{connected_link.id}/authorize", json={"platform": "xero"}
    ).raise_for_status()

    pending = _individual(client, "Jane", "Doe", "jane@doe.example")
    pending_link = client.create_accounting_connection(pending.id)

    refused = create_organization(client, "Refusing GmbH", "no@refusing.example")
    refused_link = client.create_accounting_connection(refused.id)
    sandbox.control.post(
        f"/_sandbox/connections/{refused_link.id}/deny", json={"reason": "wrong company file"}
    ).raise_for_status()

    ended = create_organization(client, "Former Client AG", "former@client.example")
    ended_link = client.create_accounting_connection(ended.id)
    client.disconnect_accounting_connection(ended.id, ended_link.id)

    inactive = create_organization(client, "Quiet GmbH", "quiet@example.test")
    client.deactivate_entity(inactive.id)

    twins = (
        create_organization(client, "Twin One", "twins@example.test"),
        create_organization(client, "Twin Two", "twins@example.test"),
    )
    return World(
        connected=connected,
        connected_link=client.get_accounting_connection(connected.id, connected_link.id),
        pending=pending,
        pending_link=pending_link,
        refused=refused,
        refused_link=client.get_accounting_connection(refused.id, refused_link.id),
        ended=ended,
        inactive=client.get_entity(inactive.id),
        twins=twins,
    )
