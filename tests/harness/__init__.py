"""The engine-protocol harness: test providers exactly as the Pulumi engine drives them.

It starts the local sandbox and ``python -m pulumi.dynamic``, and speaks the provider gRPC
protocol (Configure with the stack config, then Check, Diff, Create, Read, Update, Delete).
Fixtures (``sandbox``, ``provider_server``, ``engine``, ``engine_factory``) come from
``tests.harness.fixtures`` through the root conftest. Example::

    from monite_pulumi.providers.entity import EntityProvider

    def test_create_then_nothing_to_do(engine: EngineClient, sandbox: RunningSandbox) -> None:
        provider = EntityProvider()
        checked = engine.check(provider, {}, {"type": "organization", ...})
        assert checked.failures == []
        created = engine.create(provider, checked.inputs)
        assert engine.diff(provider, created.id, created.outs, checked.inputs).changes is False
        sandbox_requests(sandbox)["by_endpoint"]  # what reached the sandbox

A failed call raises ``ProviderCallError``; its ``details`` is what the Pulumi CLI would print.
"""

from tests.harness.engine import (
    PROVIDER_KEY,
    UNKNOWN,
    CheckOutcome,
    CreateOutcome,
    DiffOutcome,
    EngineClient,
    ProviderCallError,
    ReadOutcome,
)
from tests.harness.provider_server import ProviderServer, running_provider_server
from tests.harness.sandbox_views import add_fault, sandbox_objects, sandbox_requests

__all__ = [
    "PROVIDER_KEY",
    "UNKNOWN",
    "CheckOutcome",
    "CreateOutcome",
    "DiffOutcome",
    "EngineClient",
    "ProviderCallError",
    "ProviderServer",
    "ReadOutcome",
    "add_fault",
    "running_provider_server",
    "sandbox_objects",
    "sandbox_requests",
]
