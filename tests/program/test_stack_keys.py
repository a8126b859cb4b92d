"""A typo in the platform program's config keys stops it before any resource is declared.

Without these checks `tenant:` for `tenants:` read as "no tenants": a preview of every tenant
deleted, and `up --yes` in a pipeline would have disconnected every customer.
"""

from __future__ import annotations

from typing import Any

import pytest

from monite_pulumi.platform.stack_keys import missing_tenants_problem, unknown_key_problems
from tests.program.programs import ROOT, run_program, stack_config

PROJECT = "monite-platform"
KNOWN = ("shard", "tenants", "tenantsFile")


def dev_config_with(**changes: Any) -> dict[str, Any]:
    """The dev stack's config with keys renamed or removed (value None removes the key)."""
    config = stack_config(ROOT, "dev")
    tenants = config.pop(f"{PROJECT}:tenants")
    config.update(
        {key: tenants if value == "<tenants>" else value for key, value in changes.items()}
    )
    return {key: value for key, value in config.items() if value is not None}


def test_tenant_instead_of_tenants_fails_naming_tenants_before_any_resource() -> None:
    config = dev_config_with(**{f"{PROJECT}:tenant": "<tenants>"})

    run = run_program(ROOT, project=PROJECT, stack="dev", config=config)

    assert run.error is not None
    assert run.error["type"] == "TenantConfigRunError"  # a RunError: one message, no traceback
    message = run.error["message"]
    assert f"{PROJECT}:tenant: not a setting of this program" in message
    assert f"did you mean {PROJECT}:tenants?" in message
    assert run.resources == []
    assert run.exports == {}


def test_a_stack_without_tenants_fails_and_says_how_to_delete_every_tenant() -> None:
    run = run_program(ROOT, project=PROJECT, stack="dev", config=dev_config_with())

    assert run.error is not None
    assert f"{PROJECT}:tenants: not set" in run.error["message"]
    assert f"`{PROJECT}:tenants: []`" in run.error["message"]
    assert run.resources == []


def test_an_unknown_key_beside_the_tenants_fails_too() -> None:
    config = dev_config_with(
        **{f"{PROJECT}:tenants": "<tenants>", f"{PROJECT}:tenantsfile": "other.yaml"}
    )

    run = run_program(ROOT, project=PROJECT, stack="dev", config=config)

    assert run.error is not None
    assert f"did you mean {PROJECT}:tenantsFile?" in run.error["message"]
    assert run.resources == []


def test_keys_of_other_namespaces_and_own_keys_pass() -> None:
    keys = ["monite:clientId", "monite:environment", "pulumi:template", f"{PROJECT}:tenants"]
    assert unknown_key_problems(keys, PROJECT, KNOWN) == []
    assert unknown_key_problems([f"{PROJECT}:team"], PROJECT, [*KNOWN, "team"]) == []


@pytest.mark.parametrize(
    ("key", "closest"),
    [
        ("tenant", "tenants"),
        ("Tenants", "tenants"),
        ("tenant_file", "tenantsFile"),
        ("shards", "shard"),
    ],
)
def test_the_closest_known_key_is_named(key: str, closest: str) -> None:
    (problem,) = unknown_key_problems([f"{PROJECT}:{key}"], PROJECT, KNOWN)
    assert problem.startswith(f"{PROJECT}:{key}: not a setting of this program; ")
    assert f"did you mean {PROJECT}:{closest}?" in problem


def test_a_key_like_none_names_every_known_key() -> None:
    (problem,) = unknown_key_problems([f"{PROJECT}:colour"], PROJECT, KNOWN)
    assert "did you mean" not in problem
    assert f"{PROJECT}:shard, {PROJECT}:tenants, {PROJECT}:tenantsFile" in problem


def test_the_missing_list_message_names_both_keys() -> None:
    text = missing_tenants_problem(f"{PROJECT}:tenants", f"{PROJECT}:tenantsFile")
    assert text.startswith(f"{PROJECT}:tenants: not set (nor {PROJECT}:tenantsFile)")
