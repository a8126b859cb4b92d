"""Pytest fixtures of the engine-protocol harness (registered by ``tests/conftest.py``).

- ``sandbox``: the session's local Monite, reset (``POST /_sandbox/reset``) before each test.
  Reset keeps partners and live settings (``PATCH /_sandbox/settings``): a test that changes
  the rate limit or token lifetime must restore them.
- ``provider_server``: one ``python -m pulumi.dynamic`` for the session.
- ``engine``: an ``EngineClient`` on that server, configured with the sandbox's stack config.
- ``engine_factory``: a fresh server + engine with other config or environment (stopped after).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from typing import Any

import pytest

from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox
from tests.harness.engine import EngineClient
from tests.harness.provider_server import ProviderServer, running_provider_server

__all__ = [
    "EngineFactory",
    "engine",
    "engine_factory",
    "provider_server",
    "sandbox",
    "sandbox_server",
    "stack_config",
]

EngineFactory = Callable[..., EngineClient]


def stack_config(sandbox: RunningSandbox, **overrides: str) -> dict[str, str]:
    """The stack config a `dev` stack would hold for this sandbox (secret included)."""
    config = {
        "monite:environment": "local",
        "monite:apiUrl": sandbox.api_url,
        "monite:clientId": sandbox.client_id,
        "monite:clientSecret": sandbox.client_secret,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[RunningSandbox]:
    with running_sandbox() as running:
        yield running


@pytest.fixture
def sandbox(sandbox_server: RunningSandbox) -> RunningSandbox:
    sandbox_server.control.post("/_sandbox/reset").raise_for_status()
    return sandbox_server


@pytest.fixture(scope="session")
def provider_server() -> Iterator[ProviderServer]:
    with running_provider_server() as server:
        yield server


@pytest.fixture
def engine(provider_server: ProviderServer, sandbox: RunningSandbox) -> Iterator[EngineClient]:
    with EngineClient(provider_server.target) as client:
        client.configure(stack_config(sandbox))
        yield client


@pytest.fixture
def engine_factory(sandbox: RunningSandbox) -> Iterator[EngineFactory]:
    """``engine_factory(config=None, env=None)``: a new server process, configured."""
    with ExitStack() as stack:

        def start(
            config: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
        ) -> EngineClient:
            server = stack.enter_context(running_provider_server(env))
            client = stack.enter_context(EngineClient(server.target))
            client.configure(stack_config(sandbox) if config is None else config)
            return client

        yield start
