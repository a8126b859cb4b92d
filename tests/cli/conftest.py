"""One sandbox and one seeded world for all CLI tests; CLI runs see only ``MONITE_*`` we set."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

import pytest
from typer.testing import CliRunner

from monite_pulumi.client import MoniteClient
from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox
from tests.cli._seed import World, sandbox_env, sandbox_settings, seed_world


@pytest.fixture(scope="package")
def sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox() as running:
        yield running


@pytest.fixture(scope="package")
def client(sandbox: RunningSandbox) -> Iterator[MoniteClient]:
    with MoniteClient(sandbox_settings(sandbox)) as monite:
        yield monite


@pytest.fixture(scope="package")
def world(sandbox: RunningSandbox, client: MoniteClient) -> World:
    return seed_world(sandbox, client)


def isolated_env(overrides: Mapping[str, str]) -> dict[str, str | None]:
    """Unset every inherited ``MONITE_*`` variable, then apply ``overrides``."""
    env: dict[str, str | None] = {name: None for name in os.environ if name.startswith("MONITE")}
    env.update(overrides)
    return env


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="package")
def env(sandbox: RunningSandbox) -> dict[str, str | None]:
    return isolated_env(sandbox_env(sandbox))
