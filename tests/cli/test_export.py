"""``monite-pulumi export`` against a real sandbox, each test with a partner of its own."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from monite_pulumi.cli._exit_codes import ExitCode
from monite_pulumi.cli._export import ExportedTenant, entries_for, name_by_slug
from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import (
    CreateEntityRequest,
    EntityResponse,
    ProductServiceRequest,
)
from monite_pulumi.config import resolve_settings
from monite_pulumi.platform import parse_tenants
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.cli._run import run
from tests.cli.conftest import isolated_env
from tests.harness import add_fault

ADDRESS = {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "Main 1"}


@dataclass(frozen=True)
class Partner:
    env: dict[str, str | None]
    client: MoniteClient


@pytest.fixture
def partner(sandbox: RunningSandbox) -> Iterator[Partner]:
    """A partner of its own in the package's sandbox: an empty world for this test."""
    client_id, secret = str(uuid.uuid4()), f"secret-{uuid.uuid4()}"
    sandbox.control.post(
        "/_sandbox/partners", json={"client_id": client_id, "client_secret": secret}
    ).raise_for_status()
    values = {
        "MONITE_ENVIRONMENT": "local",
        "MONITE_API_URL": sandbox.api_url,
        "MONITE_CLIENT_ID": client_id,
        "MONITE_CLIENT_SECRET": secret,
    }
    settings = resolve_settings(env=values)
    with MoniteClient(settings) as client:
        yield Partner(isolated_env(values), client)


def organization(client: MoniteClient, legal_name: str, **extra: Any) -> EntityResponse:
    body = {
        "type": "organization",
        "email": "team@org.example",
        "address": ADDRESS,
        "organization": {"legal_name": legal_name},
        **extra,
    }
    return client.create_entity(CreateEntityRequest.model_validate(body))


def individual(client: MoniteClient, first: str, last: str, **extra: Any) -> EntityResponse:
    body = {
        "type": "individual",
        "email": "me@person.example",
        "address": ADDRESS,
        "individual": {"first_name": first, "last_name": last, **extra},
    }
    return client.create_entity(CreateEntityRequest.model_validate(body))


def product(client: MoniteClient, entity_id: str, name: str, value: int = 12000) -> str:
    body = {"name": name, "type": "service", "price": {"value": value, "currency": "EUR"}}
    return client.create_product(entity_id, ProductServiceRequest.model_validate(body)).id


def export(runner: CliRunner, partner: Partner, *args: str) -> tuple[Any, str, int]:
    result = run(runner, partner.env, "export", "--no-progress", *args)
    return yaml.safe_load(result.stdout), result.stderr, result.exit_code


def test_an_empty_partner_gives_an_empty_list_and_a_note(
    runner: CliRunner, partner: Partner
) -> None:
    document, stderr, code = export(runner, partner)
    assert (document, code) == ([], ExitCode.OK)
    assert "note: no entities to export" in stderr


def test_entities_become_valid_tenant_entries_with_adopt_ids(
    runner: CliRunner, partner: Partner, sandbox: RunningSandbox
) -> None:
    client = partner.client
    acme = organization(client, "Acme GmbH", phone="+49 30 1")
    hour = product(client, acme.id, "Consulting hour")
    day = product(client, acme.id, "Consulting  Hour!", 80000)  # same slug as "Consulting hour"
    link = client.create_accounting_connection(acme.id)
    sandbox.control.post(
        f"/_sandbox/connections/{link.id}/authorize", json={"platform": "xero"}
    ).raise_for_status()
    first, second = individual(client, "Jane", "Doe"), individual(client, "Jane", "Doe")
    ended = client.create_accounting_connection(first.id)
    client.disconnect_accounting_connection(first.id, ended.id)
    pending = client.create_accounting_connection(second.id)
    sleeping = organization(client, "Sleepy Ltd")
    client.deactivate_entity(sleeping.id)

    document, stderr, code = export(runner, partner)

    assert code == ExitCode.OK, stderr
    assert "exported 4 tenant entries" in stderr
    by_name = {entry["name"]: entry for entry in document}
    twins = sorted(name for name in by_name if name.startswith("jane-doe-"))
    assert sorted(by_name) == sorted(["acme-gmbh", "sleepy-ltd", *twins])
    assert len(twins) == 2
    acme_entry = by_name["acme-gmbh"]
    assert acme_entry["phone"] == "+49 30 1"
    assert acme_entry["accounting"] == {"connect": True}
    hour_key, day_key = (
        f"consulting-hour-{object_id.replace('-', '')[:8]}" for object_id in (hour, day)
    )
    assert acme_entry["adopt"] == {
        "entity_id": acme.id,
        "products": {hour_key: hour, day_key: day},
        "connection_id": link.id,
    }
    assert {p["key"]: p["price"]["value"] for p in acme_entry["products"]} == {
        hour_key: 12000,
        day_key: 80000,
    }
    twin_entries = {by_name[name]["adopt"]["entity_id"]: by_name[name] for name in twins}
    assert "accounting" not in twin_entries[first.id]  # its only connection ended
    assert twin_entries[second.id]["adopt"]["connection_id"] == pending.id
    assert by_name["sleepy-ltd"]["active"] is False
    assert "active" not in acme_entry
    parse_tenants(document)  # what the platform program will do with it


def test_names_do_not_depend_on_listing_order(partner: Partner) -> None:
    client = partner.client
    tenants = [
        ExportedTenant(entity, (), None)
        for entity in (
            individual(client, "Ann", "Lee"),
            individual(client, "Ann", "Lee"),
            organization(client, "Lee Co"),
        )
    ]
    forward = entries_for(tenants)
    assert entries_for(list(reversed(tenants))) == forward
    assert name_by_slug({"b": "Same", "a": "Same"}, "x") == name_by_slug(
        {"a": "Same", "b": "Same"}, "x"
    )
    assert name_by_slug({"a": "Müller & Söhne GmbH", "b": "???"}, "entity") == {
        "a": "muller-sohne-gmbh",
        "b": "entity",
    }


def test_stack_config_format_filters_and_out_file(
    runner: CliRunner, partner: Partner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = partner.client
    active = organization(client, "Active AG")
    sleeping = organization(client, "Sleeping AG")
    client.deactivate_entity(sleeping.id)
    out = tmp_path / "Pulumi.prod.yaml"

    document, stderr, code = export(
        runner,
        partner,
        "--format",
        "stack-config",
        "--project",
        "acme-platform",
        "--status",
        "inactive",
        "--out",
        str(out),
    )

    assert (document, code) == (None, ExitCode.OK)
    assert f"exported 1 tenant entries to {out}" in stderr
    written = yaml.safe_load(out.read_text())
    (entry,) = written["config"]["acme-platform:tenants"]
    assert entry["adopt"]["entity_id"] == sleeping.id
    (tmp_path / "Pulumi.yaml").write_text("name: tenants-of-acme\nruntime: python\n")
    monkeypatch.chdir(tmp_path)
    in_project, _, _ = export(runner, partner, "--format", "stack-config")
    assert list(in_project["config"]) == ["tenants-of-acme:tenants"]
    none, _, _ = export(runner, partner, "--connection-status", "none", "--status", "active")
    assert [item["adopt"]["entity_id"] for item in none] == [active.id]


def test_personal_identifiers_are_not_exported_and_said_so(
    runner: CliRunner, partner: Partner
) -> None:
    person = individual(partner.client, "Max", "Muster", date_of_birth="1990-01-02")
    document, stderr, code = export(runner, partner)
    assert code == ExitCode.OK
    assert "date_of_birth" not in yaml.safe_dump(document)
    assert f"note: entity {person.id}: individual.date_of_birth not exported" in stderr


def test_refused_credentials_use_the_configuration_exit_code(
    runner: CliRunner, partner: Partner
) -> None:
    env = {**partner.env, "MONITE_CLIENT_SECRET": "wrong"}
    result = run(runner, env, "export", "--no-progress")
    assert result.exit_code == ExitCode.CONFIGURATION
    assert result.stdout == ""


def test_a_failing_call_uses_the_api_exit_code_and_writes_nothing(
    runner: CliRunner, partner: Partner, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    organization(partner.client, "Acme GmbH")
    out = tmp_path / "tenants.yaml"
    fault = add_fault(sandbox, method="GET", path="^/products$", status=500)
    try:
        env = {**partner.env, "MONITE_MAX_ATTEMPTS": "1"}
        result = run(runner, env, "export", "--no-progress", "--out", str(out))
    finally:
        sandbox.control.delete(f"/_sandbox/faults/{fault}").raise_for_status()
    assert result.exit_code == ExitCode.API
    assert result.stderr.startswith("error: ")
    assert not out.exists()


def test_pulumi_import_format_lists_native_resources_by_import_id(
    runner: CliRunner, partner: Partner
) -> None:
    """``pulumi import --file``'s format (import.go ``importFile``/``importSpec``): the native
    tokens, the platform program's resource names, ``<entity>`` / ``<entity>/<object>`` ids."""
    client = partner.client
    acme = organization(client, "Acme GmbH")
    widget = product(client, acme.id, "Widget")
    link = client.create_accounting_connection(acme.id)
    bare = organization(client, "Bare AG")

    result = run(runner, partner.env, "export", "--no-progress", "--format", "pulumi-import")

    assert result.exit_code == ExitCode.OK
    document = json.loads(result.stdout)
    assert set(document) == {"resources"}
    assert document["resources"] == [
        {"type": "monite:index:Entity", "name": "acme-gmbh", "id": acme.id},
        {"type": "monite:index:Product", "name": "acme-gmbh-widget", "id": f"{acme.id}/{widget}"},
        {
            "type": "monite:index:AccountingConnection",
            "name": "acme-gmbh",
            "id": f"{acme.id}/{link.id}",
        },
        {"type": "monite:index:Entity", "name": "bare-ag", "id": bare.id},
    ]


DYNAMIC = "urn:pulumi:dev::p::pulumi-python:dynamic/monite:"


def test_from_state_turns_a_stacks_dynamic_resources_into_native_imports(
    runner: CliRunner, partner: Partner, tmp_path: Path
) -> None:
    """``--from-state``: the names of the stack, the native import ids, no Monite request."""
    state = {
        "version": 3,
        "deployment": {
            "resources": [
                {
                    "urn": "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
                    "type": "pulumi:pulumi:Stack",
                },
                {
                    "urn": "urn:pulumi:dev::p::pulumi-python:dynamic/monite:Entity::acme",
                    "type": "pulumi-python:dynamic/monite:Entity",
                    "id": "e1",
                    "outputs": {"entity_id": "e1"},
                },
                {
                    "urn": "urn:pulumi:dev::p::pulumi-python:dynamic/monite:Product::acme-hour",
                    "type": "pulumi-python:dynamic/monite:Product",
                    "id": "p1",
                    "outputs": {"entity_id": "e1"},
                },
                {
                    "urn": "urn:pulumi:dev::p::pulumi-python:dynamic/monite:Product::acme-old",
                    "type": "pulumi-python:dynamic/monite:Product",
                    "id": "p0",
                    "outputs": {"entity_id": "e1"},
                    "delete": True,
                },
                {
                    "urn": f"{DYNAMIC}AccountingConnection::acme",
                    "type": "pulumi-python:dynamic/monite:AccountingConnection",
                    "id": "c1",
                    "outputs": {"entity_id": "e1"},
                },
            ]
        },
    }
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state))
    env = {**partner.env, "MONITE_API_URL": "http://127.0.0.1:9/unreachable"}

    result = run(runner, env, "export", "--format", "pulumi-import", "--from-state", str(path))

    assert result.exit_code == ExitCode.OK, result.stderr
    assert json.loads(result.stdout)["resources"] == [
        {"type": "monite:index:Entity", "name": "acme", "id": "e1"},
        {"type": "monite:index:Product", "name": "acme-hour", "id": "e1/p1"},
        {"type": "monite:index:AccountingConnection", "name": "acme", "id": "e1/c1"},
    ]
    refused = run(runner, env, "export", "--from-state", str(path))
    assert refused.exit_code == ExitCode.USAGE
