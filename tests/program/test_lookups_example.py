"""The lookups example against a local sandbox: its helpers, and its program under set_mocks."""

from __future__ import annotations

import importlib.util
import sys
import uuid
from collections.abc import Iterator
from types import ModuleType

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import CreateEntityRequest
from monite_pulumi.config import resolve_settings
from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox
from tests.program.programs import EXAMPLES, PRODUCT, leaf, run_program

HELPERS_PATH = EXAMPLES / "lookups" / "lookup_helpers.py"


def load_helpers() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lookup_helpers", HELPERS_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


helpers = load_helpers()


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox() as running:
        yield running


@pytest.fixture(scope="module")
def client(sandbox: RunningSandbox) -> Iterator[MoniteClient]:
    settings = resolve_settings(
        {
            "environment": "local",
            "api_url": sandbox.api_url,
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        }
    )
    with MoniteClient(settings) as monite:
        yield monite


def new_entity(client: MoniteClient) -> tuple[str, str]:
    email = f"owner-{uuid.uuid4().hex[:8]}@lookups.example"
    entity = client.create_entity(
        CreateEntityRequest.model_validate(
            {
                "type": "organization",
                "email": email,
                "address": {"country": "DE", "city": "Berlin", "postal_code": "1", "line1": "X"},
                "organization": {"legal_name": "Lookups GmbH"},
            }
        )
    )
    return str(entity.id), email


def test_find_entity_by_email(client: MoniteClient) -> None:
    entity_id, email = new_entity(client)

    found = helpers.find_entity_by_email(email, client=client)

    assert str(found.id) == entity_id
    assert helpers.find_entity_by_email("nobody@lookups.example", client=client) is None


def test_pending_connections_lists_only_those_waiting(
    client: MoniteClient, sandbox: RunningSandbox
) -> None:
    waiting_id, waiting_email = new_entity(client)
    authorised_id, authorised_email = new_entity(client)
    waiting = client.create_accounting_connection(waiting_id)
    authorised = client.create_accounting_connection(authorised_id)
    sandbox.control.post(
        f"/_sandbox/connections/{authorised.id}/authorize", json={"platform": "xero"}
    ).raise_for_status()

    pending = {item.entity_email: item for item in helpers.pending_connections(client=client)}

    assert waiting_email in pending
    assert authorised_email not in pending
    item = pending[waiting_email]
    assert item.connection_id == str(waiting.id)
    assert item.connection_url == str(waiting.connection_url)
    assert str(waiting.connection_url) not in repr(item)


def sandbox_env(sandbox: RunningSandbox) -> dict[str, str]:
    return {
        "MONITE_ENVIRONMENT": "local",
        "MONITE_API_URL": sandbox.api_url,
        "MONITE_CLIENT_ID": sandbox.client_id,
        "MONITE_CLIENT_SECRET": sandbox.client_secret,
    }


def test_program_manages_the_catalog_of_an_existing_entity(
    client: MoniteClient, sandbox: RunningSandbox
) -> None:
    entity_id, email = new_entity(client)

    run = run_program(
        EXAMPLES / "lookups",
        project="monite-lookups",
        config={"monite-lookups:entityEmail": email, "monite:environment": "local"},
        env=sandbox_env(sandbox),
    )

    assert run.error is None
    assert [r["type"] for r in run.resources] == [PRODUCT]
    assert run.resources[0]["inputs"]["entity_id"] == entity_id
    assert leaf(run.exports["entity_id"]) == (entity_id, False)
    assert leaf(run.exports["connection_status"]) == ("no live connection", False)


def test_program_fails_clearly_without_the_entity(sandbox: RunningSandbox) -> None:
    run = run_program(
        EXAMPLES / "lookups",
        project="monite-lookups",
        config={"monite-lookups:entityEmail": "missing@lookups.example"},
        env=sandbox_env(sandbox),
    )

    assert run.error is not None
    assert run.error["type"] == "RunError"
    assert "no Monite entity has email 'missing@lookups.example'" in run.error["message"]
    assert run.resources == []


def test_program_preview_gives_the_product_a_known_entity_id(
    client: MoniteClient, sandbox: RunningSandbox
) -> None:
    """As tests/program/test_preview_wiring.py: a preview where every resource is updated."""
    entity_id, email = new_entity(client)

    run = run_program(
        EXAMPLES / "lookups",
        project="monite-lookups",
        config={"monite-lookups:entityEmail": email, "monite:environment": "local"},
        env=sandbox_env(sandbox),
        preview=True,
    )

    assert run.error is None
    assert run.resources[0]["inputs"]["entity_id"] == entity_id
    assert run.exports["entity_id"]["known"] is True
    assert run.exports["product_id"]["known"] is False
