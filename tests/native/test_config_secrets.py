"""Secret settings given in plain text (``pulumi config set`` without ``--secret``) are stored
as secrets: the engine keeps the provider's checked inputs in the state as answered."""

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
