"""Settings resolution: precedence, validation naming the key, lazy credentials, no leaks."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from pulumi.dynamic.config import Config as DynamicConfig

from monite_pulumi.config import ENVIRONMENT_URLS, Settings, resolve_settings
from monite_pulumi.errors import ConfigurationError

SECRET = "s3cr3t-value-for-tests"


def test_defaults_to_monite_sandbox_never_production() -> None:
    settings = resolve_settings(env={})
    assert settings.environment == "sandbox"
    assert settings.api_url == "https://api.sandbox.monite.com/v1"
    assert settings.api_version == "2024-05-25"
    assert settings.max_requests_per_second == 30
    assert (settings.connect_timeout, settings.read_timeout) == (5, 30)


def test_missing_credentials_do_not_fail_resolution_but_fail_require() -> None:
    settings = resolve_settings(env={})
    with pytest.raises(ConfigurationError) as caught:
        settings.require_credentials()
    text = str(caught.value)
    assert "pulumi config set monite:clientId" in text
    assert "MONITE_CLIENT_ID" in text
    assert "pulumi config set --secret monite:clientSecret" in text
    assert "MONITE_CLIENT_SECRET" in text


def test_only_secret_missing_names_only_the_secret() -> None:
    settings = resolve_settings(env={"MONITE_CLIENT_ID": "abc"})
    with pytest.raises(ConfigurationError, match="clientSecret") as caught:
        settings.require_credentials()
    assert "MONITE_CLIENT_ID" not in str(caught.value)


@pytest.mark.parametrize("kind", ["dict", "pulumi-dynamic-config"])
def test_precedence_explicit_then_pulumi_then_env(kind: str) -> None:
    raw = {"monite:clientId": "from-pulumi", "monite:apiVersion": "2023-09-01"}
    config: Any = raw if kind == "dict" else DynamicConfig(raw_config=raw, project_name="proj")
    env = {
        "MONITE_CLIENT_ID": "from-env",
        "MONITE_API_VERSION": "2020-01-01",
        "MONITE_CLIENT_SECRET": SECRET,
        "MONITE_ENVIRONMENT": "local",
    }
    settings = resolve_settings({"api_version": "2024-05-25"}, config, env)
    assert settings.client_id == "from-pulumi"
    assert settings.api_version == "2024-05-25"
    assert settings.environment == "local"
    assert settings.api_url == "http://127.0.0.1:8787/v1"
    client_id, secret = settings.require_credentials()
    assert (client_id, secret.get_secret_value()) == ("from-pulumi", SECRET)


def test_pulumi_config_object_with_monite_namespace_reads_short_keys() -> None:
    class MoniteNamespace:
        name = "monite"

        def full_key(self, key: str) -> str:
            return f"monite:{key}"

        def get(self, key: str) -> str | None:
            return {"clientId": "short-key"}.get(key)

    assert resolve_settings(pulumi_config=MoniteNamespace(), env={}).client_id == "short-key"


def test_empty_values_fall_through_to_next_source() -> None:
    settings = resolve_settings(
        {"client_id": ""}, {"monite:clientId": "  "}, {"MONITE_CLIENT_ID": "x"}
    )
    assert settings.client_id == "x"


def test_api_url_overrides_environment_and_loses_trailing_slash() -> None:
    settings = resolve_settings(env={"MONITE_API_URL": "http://127.0.0.1:9999/v1/"})
    assert settings.api_url == "http://127.0.0.1:9999/v1"


@pytest.mark.parametrize("environment", sorted(ENVIRONMENT_URLS))
def test_each_environment_maps_to_its_host(environment: str) -> None:
    settings = resolve_settings(pulumi_config={"monite:environment": environment.upper()}, env={})
    assert settings.api_url == ENVIRONMENT_URLS[environment]


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MONITE_ENVIRONMENT": "prod"}, "MONITE_ENVIRONMENT"),
        ({"MONITE_MAX_REQUESTS_PER_SECOND": "fast"}, "MONITE_MAX_REQUESTS_PER_SECOND"),
        ({"MONITE_MAX_REQUESTS_PER_SECOND": "-1"}, "MONITE_MAX_REQUESTS_PER_SECOND"),
        ({"MONITE_READ_TIMEOUT": "0"}, "MONITE_READ_TIMEOUT"),
        ({"MONITE_MAX_ATTEMPTS": "1.5"}, "MONITE_MAX_ATTEMPTS"),
        ({"MONITE_API_URL": "ftp://x"}, "MONITE_API_URL"),
        ({"MONITE_API_VERSION": "latest"}, "MONITE_API_VERSION"),
    ],
)
def test_invalid_env_values_name_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigurationError, match=named):
        resolve_settings(env=env)


def test_invalid_pulumi_value_names_the_pulumi_key() -> None:
    with pytest.raises(ConfigurationError, match="monite:maxRequestsPerSecond"):
        resolve_settings(pulumi_config={"monite:maxRequestsPerSecond": "lots"}, env={})


def test_rate_zero_means_off_and_numbers_are_accepted_from_dicts() -> None:
    settings = resolve_settings(pulumi_config={"monite:maxRequestsPerSecond": 0}, env={})
    assert settings.max_requests_per_second == 0


def test_unknown_explicit_setting_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="clientid"):
        resolve_settings({"clientid": "x"}, env={})


def test_secret_never_in_repr_str_pickle_or_errors() -> None:
    settings = resolve_settings(env={"MONITE_CLIENT_SECRET": SECRET, "MONITE_CLIENT_ID": "id"})
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings)
    assert SECRET.encode() not in pickle.dumps(settings)
    restored = pickle.loads(pickle.dumps(settings))
    assert restored.client_secret is None
    assert restored.client_id == "id"
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(pulumi_config={"monite:clientSecret": [SECRET]}, env={})
    assert SECRET not in str(caught.value)
    assert "monite:clientSecret" in str(caught.value)


def test_settings_are_hashable_and_equal_by_value() -> None:
    first = resolve_settings(env={"MONITE_CLIENT_ID": "a", "MONITE_CLIENT_SECRET": SECRET})
    second = resolve_settings(env={"MONITE_CLIENT_ID": "a", "MONITE_CLIENT_SECRET": SECRET})
    assert first == second
    assert hash(first) == hash(second)
    assert isinstance(first, Settings)
