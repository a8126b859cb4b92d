"""What RegisterResource answers and refuses (pkg/resource/deploy/source_eval.go)."""

from __future__ import annotations

import io
from typing import cast

import pytest
from google.protobuf import struct_pb2
from pulumi.runtime.proto import resource_pb2

from monite_pulumi.local_engine.deployment import Deployment
from monite_pulumi.local_engine.monitor import _ResourceMonitor, _unsupported_options
from monite_pulumi.local_engine.progress import Progress
from monite_pulumi.local_engine.provider import ProviderClient
from monite_pulumi.local_engine.state import ResourceState, StackState
from tests.local_engine.fake_provider import FakeProvider

STACK = "pulumi:pulumi:Stack"


def test_a_replacement_trigger_is_refused_not_ignored() -> None:
    """step_generator.go ``generateStepsFromDiff``: a changed trigger forces a replacement."""
    request = resource_pb2.RegisterResourceRequest(
        type="pulumi-python:dynamic:Resource",
        name="a",
        custom=True,
        replacement_trigger=struct_pb2.Value(string_value="v2"),
    )
    assert _unsupported_options(request) == ("replacementTrigger",)


def test_a_component_gets_no_outputs_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """source_eval.go ``RegisterResource``: a local component's outputs are not returned (its
    old outputs may name resources not registered yet)."""
    stack_urn = f"urn:pulumi:dev::proj::{STACK}::proj-dev"
    old = ResourceState(urn=stack_urn, type=STACK, custom=False, outputs={"tenant": "x"})
    deployment = Deployment(
        project="proj",
        stack="dev",
        old=StackState([old]),
        provider=lambda: cast(ProviderClient, FakeProvider()),
        dry_run=True,
        persist=lambda _: None,
        progress=Progress(dry_run=True, as_json=False, out=io.StringIO()),
    )
    monitor = _ResourceMonitor(deployment, resource_pb2.DeploymentInfo())
    answer = monitor.RegisterResource(
        resource_pb2.RegisterResourceRequest(type=STACK, name="proj-dev"), None
    )
    assert answer.urn == stack_urn
    assert dict(answer.object) == {}
