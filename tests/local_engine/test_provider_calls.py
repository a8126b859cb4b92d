"""The engine's gRPC calls to a provider (provider_plugin.go)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent import futures
from typing import Any

import grpc
import pytest
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from monite_pulumi.local_engine.provider import ProviderClient

URN = "urn:pulumi:dev::p::pulumi-python:dynamic:Resource::r"


class Recording(provider_pb2_grpc.ResourceProviderServicer):
    """Answers every mutating call and records the deadline the engine gave it."""

    def __init__(self) -> None:
        self.time_remaining: dict[str, float | None] = {}

    def Create(self, request: Any, context: Any) -> Any:
        self.time_remaining["Create"] = context.time_remaining()
        return provider_pb2.CreateResponse(id="1")

    def Update(self, request: Any, context: Any) -> Any:
        self.time_remaining["Update"] = context.time_remaining()
        return provider_pb2.UpdateResponse()

    def Delete(self, request: Any, context: Any) -> Any:
        self.time_remaining["Delete"] = context.time_remaining()
        from google.protobuf.empty_pb2 import Empty

        return Empty()


@pytest.fixture
def served() -> Iterator[tuple[ProviderClient, Recording]]:
    recording = Recording()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(recording, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    client = ProviderClient(f"127.0.0.1:{port}", timeout_s=600.0)
    try:
        yield client, recording
    finally:
        client.close()
        server.stop(None)


def test_create_update_and_delete_carry_no_deadline(
    served: tuple[ProviderClient, Recording],
) -> None:
    """provider_plugin.go calls Create/Update/Delete with ``p.requestContext()``: no deadline.
    One here ended a slow create as failed (its pending operation cleared) while the provider
    went on and made the object: unknown to the state, created again by the next run."""
    client, recording = served
    client.create(URN, {})
    client.update(URN, "1", {}, {}, {})
    client.delete(URN, "1", {}, {})
    assert set(recording.time_remaining) == {"Create", "Update", "Delete"}
    for remaining in recording.time_remaining.values():  # grpc: None or "forever" (~1e19 s)
        assert remaining is None or remaining > 1e9
