"""Fixtures: one native plugin process for the module, configured for the test's sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness.fixtures import stack_config
from tests.harness.native import NativeClient, running_native_plugin
from tests.harness.provider_server import ProviderServer


@pytest.fixture(scope="session")
def native_plugin() -> Iterator[ProviderServer]:
    with running_native_plugin() as server:
        yield server


@pytest.fixture
def native(native_plugin: ProviderServer, sandbox: RunningSandbox) -> Iterator[NativeClient]:
    with NativeClient(native_plugin.target) as client:
        client.configure(stack_config(sandbox, **{"monite:settleWindow": "0"}))
        yield client
