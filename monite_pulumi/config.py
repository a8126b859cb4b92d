"""Where the client's settings come from, in one place.

Order: explicit arguments, then Pulumi config (`monite:*`), then `MONITE_*` environment
variables, then defaults. Nothing here needs credentials: `resolve_settings` never fails for a
missing client id or secret, so a preview that makes no HTTP call needs none. The client calls
`Settings.require_credentials()` just before its first request.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from monite_pulumi._logging import register_secret
from monite_pulumi.errors import ConfigurationError

__all__ = [
    "DEFAULT_API_VERSION",
    "DEFAULT_MAX_CONCURRENT_WAITS",
    "DEFAULT_SETTLE_WINDOW",
    "ENVIRONMENT_URLS",
    "MAX_SETTLE_WINDOW",
    "PulumiConfigLike",
    "Settings",
    "how_to_set",
    "resolve_settings",
]

DEFAULT_API_VERSION = "2024-05-25"
ENVIRONMENT_URLS: dict[str, str] = {
    "sandbox": "https://api.sandbox.monite.com/v1",
    "eu-production": "https://api.monite.com/v1",
    "na-production": "https://us.api.monite.com/v1",
    "local": "http://127.0.0.1:8787/v1",
}
_DEFAULT_ENVIRONMENT = "sandbox"  # never a production host by default
DEFAULT_MAX_CONCURRENT_WAITS = 2
"""Connection waits at once per provider process: 2 of the engine's 4 provider threads."""
DEFAULT_SETTLE_WINDOW = 30.0
"""Seconds; as long as the client's default read timeout and an API gateway's usual timeout
(29-60 s): a request a gateway gave up on is, in practice, committed or dropped by then."""
MAX_SETTLE_WINDOW = 600.0
"""A settle wait holds one of the engine's 4 provider threads: never longer than this."""


class PulumiConfigLike(Protocol):
    """What `ConfigureRequest.config` (and `pulumi.Config`) offer: `get(key)`."""

    def get(self, key: str, /) -> Any: ...


class Settings(BaseModel):
    """Resolved, validated client settings. Frozen and hashable: it keys the shared clients.

    Pickling drops `client_secret` and `rate_limit_store` (both re-read in `configure`), so a
    provider that captured a Settings by mistake cannot write either secret into Pulumi state.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    api_url: str = ENVIRONMENT_URLS[_DEFAULT_ENVIRONMENT]
    environment: str = _DEFAULT_ENVIRONMENT
    client_id: str | None = None
    client_secret: SecretStr | None = None
    api_version: str = DEFAULT_API_VERSION
    max_requests_per_second: float = Field(default=30.0, ge=0)
    connect_timeout: float = Field(default=5.0, gt=0)
    read_timeout: float = Field(default=30.0, gt=0)
    max_attempts: int = Field(default=5, ge=1)
    deadline: float = Field(default=120.0, gt=0)
    max_concurrent_waits: int = Field(default=DEFAULT_MAX_CONCURRENT_WAITS, ge=1)
    """Cap on ``wait_for="connected"`` waits at once per provider process (providers/_waiting)."""
    settle_window: float = Field(default=DEFAULT_SETTLE_WINDOW, ge=0, le=MAX_SETTLE_WINDOW)
    """Seconds a create whose request may still be in flight keeps looking before creating
    again (``providers/_settle.py``); 0 looks once, as before."""
    rate_limit_store: SecretStr | None = None
    """A Redis URL (``redis://`` or ``rediss://``, the password in it) whose shared limiter
    gives every process on this client id one budget (client/_store.py); a secret."""

    def require_credentials(self) -> tuple[str, SecretStr]:
        """The client id and secret, or a `ConfigurationError` naming both ways to set each."""
        client_id, secret = self.client_id, self.client_secret
        if client_id and secret is not None and secret.get_secret_value():
            return client_id, secret
        missing = [] if client_id else [_describe("client_id")]
        if secret is None or not secret.get_secret_value():
            missing.append(_describe("client_secret"))
        raise ConfigurationError("Monite credentials are missing: " + "; ".join(missing))

    def __getstate__(self) -> dict[Any, Any]:
        state = dict(super().__getstate__())
        state["__dict__"] = {**state["__dict__"], "client_secret": None, "rate_limit_store": None}
        return state


@dataclass(frozen=True)
class _Key:
    field: str
    pulumi_key: str
    env_var: str
    secret: bool = False

    def how_to_set(self) -> str:
        flag = "--secret " if self.secret else ""
        return f"`pulumi config set {flag}monite:{self.pulumi_key} <value>` or {self.env_var}"


_KEYS: dict[str, _Key] = {
    key.field: key
    for key in (
        _Key("client_id", "clientId", "MONITE_CLIENT_ID"),
        _Key("client_secret", "clientSecret", "MONITE_CLIENT_SECRET", secret=True),
        _Key("environment", "environment", "MONITE_ENVIRONMENT"),
        _Key("api_url", "apiUrl", "MONITE_API_URL"),
        _Key("api_version", "apiVersion", "MONITE_API_VERSION"),
        _Key("max_requests_per_second", "maxRequestsPerSecond", "MONITE_MAX_REQUESTS_PER_SECOND"),
        _Key("connect_timeout", "connectTimeout", "MONITE_CONNECT_TIMEOUT"),
        _Key("read_timeout", "readTimeout", "MONITE_READ_TIMEOUT"),
        _Key("max_attempts", "maxAttempts", "MONITE_MAX_ATTEMPTS"),
        _Key("deadline", "deadline", "MONITE_DEADLINE"),
        _Key("max_concurrent_waits", "maxConcurrentWaits", "MONITE_MAX_CONCURRENT_WAITS"),
        _Key("settle_window", "settleWindow", "MONITE_SETTLE_WINDOW"),
        _Key("rate_limit_store", "rateLimitStore", "MONITE_RATE_LIMIT_STORE", secret=True),
    )
}


def how_to_set(field: str) -> str:
    """Both ways to set a Settings field, for messages: the Pulumi config command and the env."""
    return _KEYS[field].how_to_set()


def _describe(field: str) -> str:
    key = _KEYS[field]
    return f"monite:{key.pulumi_key} is not set (set it with {key.how_to_set()})"


def _parse_environment(value: str) -> str:
    name = value.strip().lower()
    if name not in ENVIRONMENT_URLS:
        raise ValueError(f"must be one of {', '.join(ENVIRONMENT_URLS)}")
    return name


def _parse_url(value: str) -> str:
    url = value.strip().rstrip("/")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        raise ValueError("must be an http(s) URL such as https://api.sandbox.monite.com/v1")
    return url


def _parse_api_version(value: str) -> str:
    version = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", version):
        raise ValueError("must be a Monite API version date such as 2024-05-25")
    return version


def _number(*, minimum: float, inclusive: bool) -> Callable[[str], float]:
    bound = f">= {minimum:g}" if inclusive else f"> {minimum:g}"

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"must be a number {bound}") from None
        if not math.isfinite(number) or number < minimum or (not inclusive and number == minimum):
            raise ValueError(f"must be a number {bound}")
        return number

    return parse


def _settle_window(value: str) -> float:
    number = _number(minimum=0, inclusive=True)(value)
    if number > MAX_SETTLE_WINDOW:
        raise ValueError(f"must be a number of seconds from 0 to {MAX_SETTLE_WINDOW:g}")
    return number


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError("must be a whole number >= 1") from None
    if number < 1:
        raise ValueError("must be a whole number >= 1")
    return number


_STORE_URL = re.compile(r"rediss?://([^\s/?#@]*@)?[^\s/?#@:]+(:\d{1,5})?(/\d{1,2})?/?")


def _parse_store_url(value: str) -> SecretStr:
    if not _STORE_URL.fullmatch(value.strip()):
        raise ValueError(
            "must be a redis:// or rediss:// (TLS) URL such as redis://:<password>@host:6379/0"
        )
    return SecretStr(value.strip())


def _non_empty(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("must not be empty")
    return text


_PARSERS: dict[str, Callable[[str], Any]] = {
    "client_id": _non_empty,
    "client_secret": lambda value: SecretStr(value),
    "environment": _parse_environment,
    "api_url": _parse_url,
    "api_version": _parse_api_version,
    "max_requests_per_second": _number(minimum=0, inclusive=True),
    "connect_timeout": _number(minimum=0, inclusive=False),
    "read_timeout": _number(minimum=0, inclusive=False),
    "max_attempts": _positive_int,
    "deadline": _number(minimum=0, inclusive=False),
    "max_concurrent_waits": _positive_int,
    "settle_window": _settle_window,
    "rate_limit_store": _parse_store_url,
}


def _read_pulumi(config: Mapping[str, Any] | PulumiConfigLike | None, key: _Key) -> Any:
    if config is None:
        return None
    full_key = f"monite:{key.pulumi_key}"
    if isinstance(config, Mapping):
        return config.get(full_key)
    # A `pulumi.Config("monite")` prefixes its own namespace; ConfigureRequest.config accepts
    # full keys.
    if getattr(config, "name", None) == "monite" and callable(getattr(config, "full_key", None)):
        return config.get(key.pulumi_key)
    return config.get(full_key)


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, SecretStr):
        return bool(value.get_secret_value())
    return not (isinstance(value, str) and not value.strip())


def _parse(field: str, value: Any, source: str) -> Any:
    if isinstance(value, SecretStr):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        shown = "<hidden>" if _KEYS[field].secret else repr(value)
        raise ConfigurationError(f"{source} must be text or a number, got {shown}")
    try:
        return _PARSERS[field](str(value))
    except ValueError as exc:
        reason = str(exc) if "must" in str(exc) else "is not valid"
        shown = "<hidden>" if _KEYS[field].secret else repr(value)
        raise ConfigurationError(
            f"{source} {reason} (got {shown}); set it with {_KEYS[field].how_to_set()}"
        ) from None


def resolve_settings(
    explicit: Mapping[str, Any] | None = None,
    pulumi_config: Mapping[str, Any] | PulumiConfigLike | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Merge explicit values, Pulumi config and `MONITE_*` variables into validated Settings.

    `explicit` uses Settings field names; `pulumi_config` is a plain dict of full keys
    (`monite:clientId`) or a `pulumi.Config`-like object (what `ConfigureRequest.config` is).
    Invalid values raise `ConfigurationError` naming the key and where it came from; missing
    credentials do not raise here.
    """
    env = os.environ if env is None else env
    explicit = explicit or {}
    unknown = sorted(set(explicit) - set(_KEYS))
    if unknown:
        raise ConfigurationError(f"unknown Monite setting(s): {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for field, key in _KEYS.items():
        candidates = (
            (explicit.get(field), f"setting {field!r}"),
            (_read_pulumi(pulumi_config, key), f"Pulumi config monite:{key.pulumi_key}"),
            (env.get(key.env_var), f"environment variable {key.env_var}"),
        )
        for value, source in candidates:
            if _present(value):
                values[field] = _parse(field, value, source)
                break
    environment = values.setdefault("environment", _DEFAULT_ENVIRONMENT)
    values.setdefault("api_url", ENVIRONMENT_URLS[environment])
    for field in ("client_secret", "rate_limit_store"):
        secret = values.get(field)
        if isinstance(secret, SecretStr):
            register_secret(secret.get_secret_value())
    return Settings(**values)
