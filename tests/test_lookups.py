"""Lookups for programs, against a real sandbox seeded with the CLI tests' world."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.lookups import (
    AmbiguousEntityError,
    get_accounting_connection,
    get_entity,
    latest_accounting_connection,
    list_entities,
)
from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox
from tests.cli._seed import World, create_organization, sandbox_env, sandbox_settings, seed_world


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox() as running:
        yield running


@pytest.fixture(scope="module")
def client(sandbox: RunningSandbox) -> Iterator[MoniteClient]:
    with MoniteClient(sandbox_settings(sandbox)) as monite:
        yield monite


@pytest.fixture(scope="module")
def world(sandbox: RunningSandbox, client: MoniteClient) -> World:
    return seed_world(sandbox, client)


def test_get_entity_by_id(client: MoniteClient, world: World) -> None:
    found = get_entity(id=world.connected.id, client=client)

    assert found is not None
    assert found.id == world.connected.id
    assert found.organization is not None
    assert found.organization.legal_name == "Acme Books Ltd"


def test_get_entity_by_unknown_id_is_none(client: MoniteClient, world: World) -> None:
    assert get_entity(id=str(uuid.uuid4()), client=client) is None


def test_get_entity_by_email(client: MoniteClient, world: World) -> None:
    found = get_entity(email="jane@doe.example", client=client)

    assert found is not None
    assert found.id == world.pending.id


def test_get_entity_by_unused_email_is_none(client: MoniteClient, world: World) -> None:
    assert get_entity(email="nobody@nowhere.example", client=client) is None


def test_get_entity_by_shared_email_names_every_match(client: MoniteClient, world: World) -> None:
    with pytest.raises(AmbiguousEntityError) as raised:
        get_entity(email="twins@example.test", client=client)

    assert set(raised.value.entity_ids) == {twin.id for twin in world.twins}
    assert all(twin.id in str(raised.value) for twin in world.twins)


@pytest.mark.parametrize(
    ("entity_id", "email"), [(None, None), ("x", "y@z.example")], ids=["neither", "both"]
)
def test_get_entity_takes_exactly_one_key(
    client: MoniteClient, entity_id: str | None, email: str | None
) -> None:
    with pytest.raises(ValueError, match="exactly one of id= and email="):
        get_entity(id=entity_id, email=email, client=client)


def test_settings_instead_of_a_client(sandbox: RunningSandbox, world: World) -> None:
    found = get_entity(id=world.pending.id, settings=sandbox_settings(sandbox))

    assert found is not None
    assert found.email == "jane@doe.example"


def test_settings_from_the_environment_when_none_given(
    sandbox: RunningSandbox, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in sandbox_env(sandbox).items():
        monkeypatch.setenv(name, value)

    connection = get_accounting_connection(world.connected.id)

    assert connection is not None
    assert connection.id == world.connected_link.id


def test_list_entities_filters(client: MoniteClient, world: World) -> None:
    inactive = {e.id for e in list_entities(status="inactive", client=client)}
    individuals = {e.id for e in list_entities(type="individual", client=client)}
    twins = {e.id for e in list_entities(email="twins@example.test", client=client)}
    some = {e.id for e in list_entities(id__in=[world.pending.id, world.ended.id], client=client)}

    assert inactive == {world.inactive.id}
    assert individuals == {world.pending.id}
    assert twins == {twin.id for twin in world.twins}
    assert some == {world.pending.id, world.ended.id}


def test_get_accounting_connection_returns_the_live_one(client: MoniteClient, world: World) -> None:
    connected = get_accounting_connection(world.connected.id, client=client)
    pending = get_accounting_connection(world.pending.id, client=client)

    assert connected is not None
    assert (connected.id, connected.status, connected.platform) == (
        world.connected_link.id,
        "connected",
        "xero",
    )
    assert pending is not None
    assert (pending.id, pending.status) == (world.pending_link.id, "pending_auth")


def test_ended_or_missing_connections_are_none(client: MoniteClient, world: World) -> None:
    assert get_accounting_connection(world.ended.id, client=client) is None
    assert get_accounting_connection(world.twins[0].id, client=client) is None


def test_latest_accounting_connection_falls_back_to_the_ended_one(
    client: MoniteClient, world: World
) -> None:
    ended = latest_accounting_connection(world.ended.id, client=client)

    assert ended is not None
    assert ended.status == "disconnected"
    assert latest_accounting_connection(world.twins[0].id, client=client) is None


def test_a_new_connection_after_disconnect_is_the_live_one(
    client: MoniteClient, world: World
) -> None:
    # Its own entity: the module's world stays as seeded, so the tests pass in any order.
    entity = create_organization(client, "Returning Client AG", "returning@client.example")
    ended = client.create_accounting_connection(entity.id)
    client.disconnect_accounting_connection(entity.id, ended.id)
    fresh = client.create_accounting_connection(entity.id)

    live = get_accounting_connection(entity.id, client=client)
    latest = latest_accounting_connection(entity.id, client=client)

    assert live is not None
    assert latest is not None
    assert live.id == latest.id == fresh.id
