"""Redaction holds for ANY handler, not only the package's own one.

A script that uses the client, the lookups or the CLI may call ``logging.basicConfig``: records
of the package's loggers then reach the root handler, and a filter on the package's handler
never sees them. Each package logger carries the redacting filter itself (``get_logger``).
"""

from __future__ import annotations

import importlib
import io
import logging
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

import monite_pulumi
from monite_pulumi._logging import LOGGER_NAME, register_secret
from monite_pulumi.client import reset_shared_state
from monite_pulumi.providers._messages import ResourceError
from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import add_fault
from tests.harness.fixtures import stack_config
from tests.providers.inputs import organization_inputs
from tests.reliability.test_secrets_audit import _live_tokens

CLIENT_ID = "7d1c0a5e-5ec2-4e7a-8d1b-00000000a0d2"
SECRET = "REDACT-client-secret-8c2e4a6b1d"
PACKAGE_GET_LOGGER = re.compile(r"logging\.getLogger\((__name__|[\"']monite_pulumi)")
"""A package logger made around ``get_logger`` (others, such as ``asyncio``'s, are not ours)."""


def _package_loggers() -> list[str]:
    """Every logger the package creates when its modules are imported (the sandbox aside)."""
    for module in pkgutil.walk_packages(monite_pulumi.__path__, f"{LOGGER_NAME}."):
        # A `__main__` module runs its command when imported; the loggers are in the modules.
        if ".sandbox" not in module.name and not module.name.endswith(".__main__"):
            importlib.import_module(module.name)
    return sorted(
        name
        for name, item in logging.Logger.manager.loggerDict.items()
        if isinstance(item, logging.Logger)
        and (name == LOGGER_NAME or name.startswith(LOGGER_NAME + "."))
        and not name.startswith(f"{LOGGER_NAME}.sandbox")
    )


@pytest.fixture
def basic_config() -> Iterator[io.StringIO]:
    """``logging.basicConfig(level=DEBUG)`` as a script would call it; restored afterwards."""
    root = logging.getLogger()
    package = logging.getLogger(LOGGER_NAME)
    saved = (root.handlers[:], root.level, package.level)
    root.handlers = []
    stream = io.StringIO()
    logging.basicConfig(level=logging.DEBUG, stream=stream)
    package.setLevel(logging.NOTSET)
    try:
        yield stream
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers, level, package_level = saved
        root.setLevel(level)
        package.setLevel(package_level)


def test_every_package_logger_redacts_before_any_handler(basic_config: io.StringIO) -> None:
    names = _package_loggers()
    assert {"monite_pulumi", "monite_pulumi.client", "monite_pulumi.http"} <= set(names)
    assert "monite_pulumi.providers" in names
    register_secret(SECRET)
    for name in names:
        logging.getLogger(name).debug(
            "%s: client_secret %s, Authorization: Bearer eyJhbGciOi.abc-def_123, "
            "connection_url=https://sandbox.example/connect/1?token=one-time-token-value",
            name,
            SECRET,
        )
    output = basic_config.getvalue()
    for name in names:
        assert f"{name}: client_secret" in output  # every record arrived, redacted
    assert SECRET not in output
    assert "eyJhbGciOi.abc-def_123" not in output
    assert "one-time-token-value" not in output


def test_a_lifecycle_under_basic_config_logs_no_secret_token_or_url(
    basic_config: io.StringIO, sandbox: RunningSandbox
) -> None:
    sandbox.control.post(
        "/_sandbox/partners", json={"client_id": CLIENT_ID, "client_secret": SECRET}
    ).raise_for_status()
    config = Config(
        stack_config(sandbox, **{"monite:clientId": CLIENT_ID, "monite:clientSecret": SECRET}),
        "project",
    )
    entities, connections = EntityProvider(), AccountingConnectionProvider()
    for provider in (entities, connections):
        provider.configure(ConfigureRequest(config))
    try:
        entity = entities.create(entities.check({}, organization_inputs()).inputs)
        entity_outs = dict(entity.outs or {})
        entities.read(entity.id, entity_outs)
        changed = {**organization_inputs(), "phone": "+49 30 555"}
        entities.update(entity.id, entity_outs, changed)
        connection = connections.create({"entity_id": entity.id})
        url = str((connection.outs or {})["connection_url"])
        connections.read(connection.id, dict(connection.outs or {}))
        add_fault(
            sandbox,
            path="^/entities/",
            status=500,
            count=1,
            body={"error": {"message": f"echo {SECRET} Bearer abc.def {url}"}},
        )
        with pytest.raises(ResourceError):
            entities.read(entity.id, entity_outs)
    finally:
        reset_shared_state()
    output = basic_config.getvalue()
    assert "POST /v1/entities" in output or "path=/v1/entities" in output
    assert SECRET not in output
    assert url not in output
    assert url.rpartition("token=")[2] not in output
    assert _live_tokens(sandbox, [output]) == []


def test_no_package_module_makes_a_logger_around_get_logger() -> None:
    """A logger made with ``logging.getLogger`` would lack the filter until someone noticed."""
    root = Path(monite_pulumi.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "sandbox" not in path.parts
        and path.name != "_logging.py"
        and PACKAGE_GET_LOGGER.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
