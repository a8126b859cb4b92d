"""The provider's configuration: the ``monite:`` keys of today, resolved by ``config.py``.

The engine sends a default provider the stack's ``monite:*`` config and an explicit provider
resource its inputs, both in ``ConfigureRequest.args`` (camelCase keys, as in
``pulumi config set monite:clientId``); the deprecated ``variables`` repeat them as
``monite:config:<key>``. Both become the ``monite:<key>`` mapping ``resolve_settings`` reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monite_pulumi.config import _KEYS, Settings

__all__ = ["CONFIG_DESCRIPTIONS", "config_type", "pulumi_config", "secret_keys"]

CONFIG_DESCRIPTIONS: dict[str, str] = {
    "clientId": "Monite partner client id (or MONITE_CLIENT_ID).",
    "clientSecret": "Monite partner client secret (or MONITE_CLIENT_SECRET); a secret.",
    "environment": "sandbox (default), eu-production, na-production or local.",
    "apiUrl": "The Monite API URL; overrides environment.",
    "apiVersion": "Monite API version date (x-monite-version), e.g. 2024-05-25.",
    "maxRequestsPerSecond": "The client's shared request rate limit (0: none); default 30.",
    "connectTimeout": "Seconds to connect; default 5.",
    "readTimeout": "Seconds to wait for an answer; default 30.",
    "maxAttempts": "Attempts per request, retries included; default 5.",
    "deadline": "Seconds one call may take, retries included; default 120.",
    "maxConcurrentWaits": "Connection waits (waitFor) at once per provider process; default 2.",
    "settleWindow": "Seconds a create whose answer was lost keeps looking before it creates "
    "again (0 to 600); default 30.",
    "rateLimitStore": "Redis URL (redis:// or rediss://, password in it) of one request budget "
    "shared by every process on the client id (or MONITE_RATE_LIMIT_STORE); a secret.",
}


def config_type(field: str) -> str:
    """The schema type of a Settings field."""
    annotation = Settings.model_fields[field].annotation
    if annotation is int:
        return "integer"
    if annotation is float:
        return "number"
    return "string"


def keys() -> dict[str, str]:
    """Settings field by Pulumi config key (``clientId`` -> ``client_id``)."""
    return {key.pulumi_key: field for field, key in _KEYS.items()}


def secret_keys() -> frozenset[str]:
    return frozenset(key.pulumi_key for key in _KEYS.values() if key.secret)


def pulumi_config(variables: Mapping[str, str], args: Mapping[str, Any]) -> dict[str, Any]:
    """``monite:<key>`` -> value, from the provider's inputs first, then the variables.

    Numbers cross gRPC as floats: a whole one of an integer setting (an explicit provider's
    ``maxAttempts: 5`` arrives as 5.0) is given on as the integer it was.
    """
    config: dict[str, Any] = {}
    for key, field in keys().items():
        value = args.get(key)
        if value is None:
            value = variables.get(f"monite:config:{key}", variables.get(f"monite:{key}"))
        if isinstance(value, float) and value.is_integer() and config_type(field) == "integer":
            value = int(value)
        if value is not None:
            config[f"monite:{key}"] = value
    return config
