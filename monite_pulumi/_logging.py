"""The `monite_pulumi` logger, its environment switches, and redaction of secrets.

Providers call `configure_from_env()` in `configure`: `MONITE_PULUMI_LOG=debug` then gives one
line per HTTP attempt (written by the client), to stderr or to `MONITE_PULUMI_LOG_FILE`.
Everything that could carry a secret (error messages, log records) goes through `redact()`.

Every logger of the package comes from `get_logger`, which puts the redacting filter on the
logger itself: a filter on a handler sees only what reaches that handler, and a logger's filter
does not see records propagated from its children, so a script's own handler
(`logging.basicConfig`) would otherwise receive unredacted records.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Mapping

__all__ = [
    "LOGGER_NAME",
    "RedactingFilter",
    "configure_from_env",
    "get_logger",
    "logger",
    "redact",
    "register_secret",
]

LOGGER_NAME = "monite_pulumi"

_MASK = "***"
_LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "warn": logging.WARNING,
    "error": logging.ERROR,
}
# key=value, key: value and "key": "value" forms of fields that hold secrets; not a path
# segment such as "POST /auth/token: no answer", whose message is not a secret.
_SECRET_FIELD = re.compile(
    r"""(?ix)
    ((?<!/)["']?\b(?:client_secret|access_token|refresh_token|connection_url|secret|token|password)\b["']?
     \s*[:=]\s*)
    ("[^"]*"|'[^']*'|[^\s,&}\]'"]+)
    """
)
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
_known_secrets: set[str] = set()
_known_lock = threading.Lock()
_HANDLER_TAG = "_monite_pulumi_handler"


def register_secret(value: str | None) -> None:
    """Remember a secret value (client secret, token) so `redact` masks it wherever it appears."""
    if value and len(value) >= 4:
        with _known_lock:
            _known_secrets.add(value)


def redact(text: str) -> str:
    """Mask registered secrets, bearer tokens and secret-named fields in `text`."""
    with _known_lock:
        known = sorted(_known_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, _MASK)
    text = _BEARER.sub(rf"\1 {_MASK}", text)
    return _SECRET_FIELD.sub(rf"\1{_MASK}", text)


class RedactingFilter(logging.Filter):
    """Render each record once and mask secrets in the result, so no handler can leak them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


_FILTER = RedactingFilter()


def get_logger(name: str) -> logging.Logger:
    """The package logger ``name`` (``monite_pulumi`` or below it), with redaction on itself."""
    if name != LOGGER_NAME and not name.startswith(LOGGER_NAME + "."):
        raise ValueError(f"{name!r} is not a logger of the {LOGGER_NAME} package")
    log = logging.getLogger(name)
    if not any(isinstance(item, RedactingFilter) for item in log.filters):
        log.addFilter(_FILTER)
    return log


logger = get_logger(LOGGER_NAME)


def configure_from_env(env: Mapping[str, str] | None = None) -> None:
    """Apply `MONITE_PULUMI_LOG` (debug|info|warning|error|off) and `MONITE_PULUMI_LOG_FILE`.

    Idempotent: calling it once per provider class adds at most one handler.
    """
    env = os.environ if env is None else env
    level_name = env.get("MONITE_PULUMI_LOG", "").strip().lower()
    if not level_name:
        return
    for existing in list(logger.handlers):
        if getattr(existing, _HANDLER_TAG, False):
            logger.removeHandler(existing)
            existing.close()
    if level_name in ("off", "none", "0"):
        logger.setLevel(logging.CRITICAL + 1)
        return
    level = _LEVELS.get(level_name, logging.DEBUG if level_name in ("1", "true") else None)
    if level is None:
        logger.warning(
            "MONITE_PULUMI_LOG=%r is not one of debug, info, warning, error, off; using debug",
            level_name,
        )
        level = logging.DEBUG
    path = env.get("MONITE_PULUMI_LOG_FILE", "").strip()
    handler: logging.Handler = (
        logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler()
    )
    setattr(handler, _HANDLER_TAG, True)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s %(threadName)s %(message)s")
    )
    logger.addHandler(handler)
    logger.setLevel(level)
