"""The pickled provider in every resource's state: by reference, tiny, stateless, no secret."""

from __future__ import annotations

import base64
import pickle

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.dynamic.dynamic import serialize_provider

from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider

SECRET = "very-secret-client-secret-1234"


@pytest.mark.parametrize("provider_class", [EntityProvider, ProductProvider])
def test_pickles_by_reference_under_200_bytes(provider_class: type) -> None:
    raw = base64.b64decode(serialize_provider(provider_class()))
    assert len(raw) < 200
    assert provider_class.__module__.encode() in raw
    assert type(pickle.loads(raw)) is provider_class


@pytest.mark.parametrize("provider_class", [EntityProvider, ProductProvider])
def test_configured_provider_pickles_without_config_or_secret(provider_class: type) -> None:
    provider = provider_class()
    config = {"monite:clientId": "id-1", "monite:clientSecret": SECRET}
    provider.configure(ConfigureRequest(Config(config, "project")))
    assert provider.settings().client_secret is not None
    raw = base64.b64decode(serialize_provider(provider))
    assert SECRET.encode() not in raw
    assert raw == base64.b64decode(serialize_provider(provider_class()))
    assert SECRET not in repr(provider)
