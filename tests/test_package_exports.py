"""Every package says what it exports: ``__all__`` pinned, every name importable from it.

The top-level package is pinned in detail by tests/test_public_api.py. A new package must be
added here with its ``__all__`` (an empty list for a namespace of modules).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import pytest

import monite_pulumi

RESOURCES = {
    "AccountingConnection",
    "Entity",
    "EntitySettings",
    "EntityVatId",
    "Product",
    "WebhookSubscription",
}
PINNED: dict[str, set[str]] = {
    "monite_pulumi.cli": {"ExitCode", "app", "main"},
    "monite_pulumi.client": {
        "Clock",
        "MoniteClient",
        "SystemClock",
        "USER_AGENT",
        "client_for",
        "reset_shared_state",
    },
    "monite_pulumi.core": set(),
    "monite_pulumi.core.declarations": {
        "ACCOUNTING_CONNECTION",
        "DECLARATIONS",
        "ENTITY",
        "ENTITY_SETTINGS",
        "ENTITY_VAT_ID",
        "PRODUCT",
        "WEBHOOK_SUBSCRIPTION",
    },
    "monite_pulumi.local_engine": {"ENGINE_VERSION", "PULUMI_SOURCE_VERSION"},
    "monite_pulumi.native": {"main"},
    "monite_pulumi.platform": {
        "Shard",
        "ShardConfigError",
        "Tenant",
        "TenantConfigError",
        "TenantResources",
        "declare_tenant",
        "declare_tenants",
        "export_tenants",
        "parse_shard",
        "parse_tenants",
        "read_tenants_file",
        "run_platform",
        "shard_from_config",
        "shard_of",
        "stack_tenants",
    },
    "monite_pulumi.providers": {f"{name}Provider" for name in RESOURCES},
    "monite_pulumi.resources": RESOURCES
    | {f"{name}Args" for name in RESOURCES}
    | {
        "EntityAddressArgs",
        "EntityIndividualArgs",
        "EntityOrganizationArgs",
        "ExchangeRateArgs",
        "ProductPriceArgs",
        "SettingsCurrencyArgs",
        "SettingsDocumentIdsArgs",
    },
    "monite_pulumi.sandbox": {"SandboxOptions", "create_app"},
    "monite_pulumi.sandbox.pages": {"install_pages"},
    "monite_pulumi.sandbox.routers": set(),
    "monite_pulumi.sandbox.schemas": set(),
    "monite_pulumi.sandbox.state": {"Backend", "LinkTokenState"},
}
# The request and response models mirror Monite's spec (tests/client/test_contract.py): their
# names are the spec's, so the package is pinned by that test, not listed twice here.
LISTED_ELSEWHERE = {"monite_pulumi", "monite_pulumi.client.models"}


def _packages() -> list[str]:
    found = [
        info.name
        for info in pkgutil.walk_packages(monite_pulumi.__path__, "monite_pulumi.")
        if info.ispkg
    ]
    return sorted(found)


def test_every_package_is_pinned_here() -> None:
    unpinned = set(_packages()) - set(PINNED) - LISTED_ELSEWHERE
    assert not unpinned, f"add to PINNED with its __all__: {sorted(unpinned)}"


@pytest.mark.parametrize("package", sorted(PINNED))
def test_all_is_pinned_and_every_name_imports(package: str) -> None:
    module = importlib.import_module(package)
    exported = module.__all__
    assert set(exported) == PINNED[package]
    assert len(exported) == len(set(exported)), "duplicates in __all__"
    for name in exported:
        assert getattr(module, name) is not None
    assert set(dir(module)) >= set(exported)


def test_the_resources_and_providers_are_the_top_level_ones() -> None:
    from monite_pulumi import providers, resources

    for name in RESOURCES:
        assert getattr(resources, name) is getattr(monite_pulumi, name)
        provider = getattr(providers, f"{name}Provider")
        assert provider.__module__.startswith("monite_pulumi.providers.")


def test_unknown_names_are_attribute_errors() -> None:
    from monite_pulumi import providers, resources

    for package in (resources, providers):
        with pytest.raises(AttributeError, match="Nothing"):
            package.Nothing  # noqa: B018


def test_the_lazy_packages_load_only_what_is_asked_for() -> None:
    probe = (
        "import json, sys\n"
        "from monite_pulumi.resources import Entity\n"
        "from monite_pulumi.providers import EntityProvider\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('monite_pulumi.'))))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(output))
    assert "monite_pulumi.resources.entity" in loaded
    assert "monite_pulumi.providers.entity" in loaded
    assert "monite_pulumi.resources.webhook_subscription" not in loaded
    assert "monite_pulumi.providers.webhook_subscription" not in loaded
