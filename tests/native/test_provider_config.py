"""The provider's settings as the engine sends them: secret ones given in plain text (``pulumi
config set`` without ``--secret``) are answered as secrets, since the engine keeps the checked
inputs in the state as answered; whole numbers arrive as floats."""

from __future__ import annotations

import asyncio

from pulumi.provider.experimental import provider as rpc
from pulumi.provider.experimental.property_value import PropertyValue

from monite_pulumi.native.provider import MoniteNativeProvider


def test_check_config_marks_secret_settings_secret() -> None:
    news = {
        "clientId": PropertyValue("partner-id"),
        "clientSecret": PropertyValue("plain-client-secret"),
        "rateLimitStore": PropertyValue("redis://:pw-in-url@127.0.0.1:6379/0"),
    }
    request = rpc.CheckRequest("urn:pulumi:s::p::pulumi:providers:monite::default", {}, news, b"")
    answer = asyncio.run(MoniteNativeProvider().check_config(request))
    assert answer.failures == []
    assert answer.inputs is not None
    assert answer.inputs["clientSecret"].is_secret
    assert answer.inputs["rateLimitStore"].is_secret
    assert answer.inputs["clientSecret"].value == "plain-client-secret"
    assert not answer.inputs["clientId"].is_secret


def test_whole_number_settings_given_as_numbers_are_accepted() -> None:
    """Numbers cross gRPC as floats: an explicit provider's ``maxAttempts: 5`` arrives as 5.0."""
    from monite_pulumi.config import resolve_settings
    from monite_pulumi.native import _config

    news = {"maxAttempts": PropertyValue(5.0), "maxConcurrentWaits": PropertyValue(2.0)}
    request = rpc.CheckRequest("urn:pulumi:s::p::pulumi:providers:monite::p", {}, news, b"")
    answer = asyncio.run(MoniteNativeProvider().check_config(request))
    assert answer.failures == []
    settings = resolve_settings(
        pulumi_config=_config.pulumi_config({}, {"maxAttempts": 5.0, "maxConcurrentWaits": 2.0}),
        env={},
    )
    assert (settings.max_attempts, settings.max_concurrent_waits) == (5, 2)
    half = {"maxAttempts": PropertyValue(2.5)}
    request = rpc.CheckRequest("urn:pulumi:s::p::pulumi:providers:monite::p", {}, half, b"")
    failures = asyncio.run(MoniteNativeProvider().check_config(request)).failures or []
    assert [item.property for item in failures] == ["maxAttempts"]
