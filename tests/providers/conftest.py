"""Fixtures shared by the provider tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.config import resolve_settings
from monite_pulumi.sandbox.testing import RunningSandbox


@pytest.fixture
def monite(sandbox: RunningSandbox) -> Iterator[MoniteClient]:
    """A client of the test itself, for changes made "by hand" outside Pulumi."""
    settings = resolve_settings(
        explicit={
            "api_url": sandbox.api_url,
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
        env={},
    )
    with MoniteClient(settings) as client:
        yield client
