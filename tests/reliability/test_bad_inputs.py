"""Every bad input is caught by check, naming the field and what is allowed, before any call."""

from __future__ import annotations

import pytest

from monite_pulumi.client.models._codes import ALLOWED_COUNTRIES, CURRENCIES
from monite_pulumi.platform import TenantConfigError, parse_tenants
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import EngineClient, sandbox_requests
from tests.reliability.bad_inputs import CASES, TENANT_CASES, BadInput, BadTenants
from tests.spec_facts import load_facts


def test_the_matrix_has_at_least_40_cases() -> None:
    assert len(CASES) + len(TENANT_CASES) >= 40
    assert len({case.id for case in CASES + TENANT_CASES}) == len(CASES) + len(TENANT_CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_check_names_the_field_and_what_is_allowed_without_calling_monite(
    case: BadInput, engine: EngineClient, sandbox: RunningSandbox
) -> None:
    checked = engine.check(case.provider, {}, case.news)
    assert case.field in checked.failed_properties, checked.failures
    reason = checked.reason(case.field)
    for word in case.allowed:
        assert word in reason, reason
    assert "pydantic" not in reason
    assert "Value error" not in reason
    assert sandbox_requests(sandbox)["total"] == 0


@pytest.mark.parametrize("case", TENANT_CASES, ids=lambda case: case.id)
def test_tenant_config_problems_name_the_tenant_and_field(
    case: BadTenants, sandbox: RunningSandbox
) -> None:
    with pytest.raises(TenantConfigError) as refused:
        parse_tenants(case.tenants)
    problem = next(line for line in refused.value.problems if case.allowed in line)
    assert f"field '{case.field}'" in problem
    assert problem.startswith("tenant '")
    if case.field.startswith("products[0]."):
        assert "product 'Consulting hour': " in problem or "product 'Hour': " in problem
    for machine_words in ("instance of", "pattern", "^", "[a-z", "Tenant", "Value error"):
        assert machine_words not in problem, problem
    assert sandbox_requests(sandbox)["total"] == 0


def test_code_lists_are_the_specs() -> None:
    schemas = load_facts()["components"]["schemas"]
    assert set(schemas["AllowedCountries"]["enum"]) == ALLOWED_COUNTRIES
    assert set(schemas["CurrencyEnum"]["enum"]) == CURRENCIES
