"""Secrets audit: a whole lifecycle with a recognisable client secret, and every place a secret
could leak checked: properties returned over gRPC, error details (tracebacks included), the
provider's debug log and stderr, and the pickled providers.

Bearer tokens are random, so every token-like string found anywhere is tried against the
sandbox: none may be a live token. ``connection_url`` may appear only as the
``connection_url`` output, which the AccountingConnection resource marks secret.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.dynamic.dynamic import serialize_provider

from monite_pulumi.providers._base import MoniteProvider
from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider
from monite_pulumi.resources.accounting_connection import SECRET_OUTPUTS
from monite_pulumi.sandbox.testing import API_VERSION, RunningSandbox
from tests.harness import (
    EngineClient,
    ProviderCallError,
    add_fault,
    running_provider_server,
    sandbox_requests,
)
from tests.harness.fixtures import stack_config
from tests.providers.accounting_connection.workflow import assert_url_only_where_secret
from tests.providers.inputs import organization_inputs, product_inputs

CLIENT_ID = "7d1c0a5e-5ec2-4e7a-8d1b-00000000a0d1"
SECRET = "AUDIT-client-secret-5b1e7f9d3c"
TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-]{40,}")
ENTITIES, PRODUCTS = EntityProvider(), ProductProvider()
CONNECTIONS = AccountingConnectionProvider()
GONE = "0b7c2f1e-0000-4000-8000-00000000dead"


class Capture:
    """Everything the engine and the user could see."""

    def __init__(self) -> None:
        self.outputs: list[tuple[str, dict[str, Any]]] = []
        self.errors: list[str] = []

    def outs(self, what: str, outs: dict[str, Any]) -> dict[str, Any]:
        self.outputs.append((what, outs))
        return outs

    def failure(self, error: ProviderCallError) -> None:
        self.errors.append(error.details)


def _lifecycle(engine: EngineClient, sandbox: RunningSandbox, seen: Capture) -> list[str]:
    """Create, refresh, update, fail in several ways, delete; returns the connection URLs."""
    entity_inputs = engine.check(ENTITIES, {}, organization_inputs()).inputs
    entity = engine.create(ENTITIES, entity_inputs)
    entity_outs = seen.outs("entity create", entity.outs)
    seen.outs("entity read", engine.read(ENTITIES, entity.id, entity_outs).outs)
    changed = {**entity_inputs, "phone": "+49 30 555"}
    entity_outs = seen.outs(
        "entity update", engine.update(ENTITIES, entity.id, entity_outs, changed)
    )

    product = engine.create(PRODUCTS, product_inputs(entity.id))
    product_outs = seen.outs("product create", product.outs)
    renamed = {**product_inputs(entity.id), "name": "Audit hour"}
    product_outs = seen.outs(
        "product update", engine.update(PRODUCTS, product.id, product_outs, renamed)
    )

    add_fault(
        sandbox,
        method="POST",
        path="^/accounting_connections$",
        drop_after_processing=True,
        count=1,
    )
    connection = engine.create(CONNECTIONS, {"entity_id": entity.id})
    connection_outs = seen.outs("connection create (lost answer, adopted)", connection.outs)
    path = f"/_sandbox/connections/{connection.id}"
    sandbox.control.post(f"{path}/authorize", json={"platform": "xero"}).raise_for_status()
    connection_outs = seen.outs(
        "connection read", engine.read(CONNECTIONS, connection.id, connection_outs).outs
    )

    failing = (
        lambda: engine.create(CONNECTIONS, {"entity_id": entity.id}),  # 409: one live link
        lambda: engine.update(ENTITIES, GONE, {**entity_outs, "entity_id": GONE}, entity_inputs),
        lambda: engine.create(PRODUCTS, product_inputs(GONE)),
    )
    for call in failing:
        with pytest.raises(ProviderCallError) as failed:
            call()
        seen.failure(failed.value)
    add_fault(
        sandbox,
        path="^/entities/",
        status=500,
        count=1,
        body={"error": {"message": f"echo {SECRET} Bearer abc.def"}},
    )
    with pytest.raises(ProviderCallError) as echoed:
        engine.read(ENTITIES, entity.id, entity_outs)
    seen.failure(echoed.value)

    engine.delete(CONNECTIONS, connection.id, connection_outs)
    engine.delete(PRODUCTS, product.id, product_outs)
    engine.delete(ENTITIES, entity.id, entity_outs)
    return [str(connection.outs["connection_url"])]


def _configured_in_process(sandbox: RunningSandbox, provider: MoniteProvider) -> bytes:
    """Configure and use a provider in this process, then pickle it as state would."""
    config = stack_config(sandbox, **{"monite:clientId": CLIENT_ID, "monite:clientSecret": SECRET})
    provider.configure(ConfigureRequest(Config(config, "project")))
    provider.read("0b7c2f1e-0000-4000-8000-00000000beef", {"entity_id": CLIENT_ID})
    return base64.b64decode(serialize_provider(provider))


def _live_tokens(sandbox: RunningSandbox, texts: list[str]) -> list[str]:
    candidates = {match for text in texts for match in TOKEN_LIKE.findall(text)}
    live = []
    with httpx.Client(base_url=sandbox.api_url) as http:
        for candidate in candidates:
            answer = http.get(
                "/entities",
                headers={"Authorization": f"Bearer {candidate}", "X-Monite-Version": API_VERSION},
            )
            if answer.status_code != 401:
                live.append(candidate)
    return live


def test_no_secret_or_token_anywhere_and_the_url_only_where_secret(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    sandbox.control.post(
        "/_sandbox/partners", json={"client_id": CLIENT_ID, "client_secret": SECRET}
    ).raise_for_status()
    log = tmp_path / "provider.log"
    seen = Capture()
    env = {"MONITE_PULUMI_LOG": "debug", "MONITE_PULUMI_LOG_FILE": str(log)}
    with running_provider_server(env) as server, EngineClient(server.target) as engine:
        engine.configure(
            stack_config(sandbox, **{"monite:clientId": CLIENT_ID, "monite:clientSecret": SECRET})
        )
        urls = _lifecycle(engine, sandbox, seen)
        stderr = server.stderr_text()
    pickles = [base64.b64decode(serialize_provider(p)) for p in (ENTITIES, PRODUCTS, CONNECTIONS)]
    pickles += [_configured_in_process(sandbox, EntityProvider())]

    log_text = log.read_text()
    assert "http_attempt method=POST path=/v1/auth/token" in log_text
    assert sandbox_requests(sandbox)["by_endpoint"]["POST /auth/token"] >= 1
    outputs = [json.dumps(outs) for _, outs in seen.outputs]
    texts = [*outputs, *seen.errors, log_text, stderr, *(p.decode("latin-1") for p in pickles)]
    assert len(seen.errors) == 4
    assert [text for text in texts if SECRET in text] == []
    assert _live_tokens(sandbox, texts) == []

    for url in urls:
        token = url.rpartition("token=")[2]
        for what, outs in seen.outputs:
            if what.startswith("connection"):
                assert_url_only_where_secret(outs, url)
            else:
                assert url not in json.dumps(outs), what
        for text in (*seen.errors, log_text, stderr):
            assert url not in text
            assert token not in text
    # The register request carrying it is pinned by tests/providers (additional_secret_outputs).
    assert "connection_url" in SECRET_OUTPUTS


def test_the_token_probe_recognises_a_live_token(sandbox: RunningSandbox) -> None:
    """The audit's token check is only as good as its probe: a real token must be caught."""
    token = sandbox.access_token()
    assert _live_tokens(sandbox, [f"log line with {token} inside"]) == [token]
