"""The authorisation page and dashboard over HTTP, in process with a fake clock: the status code
of every link problem, validation, escaping, headers and the loopback rule. No browser needed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from monite_pulumi.sandbox import SandboxOptions, create_app
from monite_pulumi.sandbox.asgi import SandboxASGI
from monite_pulumi.sandbox.options import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from tests.sandbox.conftest import LOOPBACK, Api, FakeClock, organization_body

WEEK = 7 * 24 * 3600
UNKNOWN_ID = "00000000-0000-4000-8000-0000000000ff"


@dataclass(frozen=True)
class Link:
    entity_id: str
    connection_id: str
    path: str  # /connect/{id}?token=...
    token: str


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(clock: FakeClock) -> SandboxASGI:
    return create_app(SandboxOptions(data=":memory:", rate_limit=0), clock=clock, monotonic=clock)


@pytest.fixture
def client(app: SandboxASGI) -> Iterator[TestClient]:
    with TestClient(app, client=LOOPBACK, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient) -> Api:
    return Api(client, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)


def _link(api: Api, legal_name: str = "Acme GmbH") -> Link:
    entity_id = api.entity(organization_body(organization={"legal_name": legal_name}))
    connection = api.call("POST", "/accounting_connections", entity_id).json()
    url = urlsplit(connection["connection_url"])
    token = url.query.removeprefix("token=")
    return Link(entity_id, connection["id"], f"{url.path}?{url.query}", token)


def test_the_link_opens_the_page_with_the_entity_name(client: TestClient, api: Api) -> None:
    link = _link(api, "Acme GmbH")
    page = client.get(link.path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Acme GmbH" in page.text
    assert "<script" not in page.text


@pytest.mark.parametrize(
    ("mangle", "status"),
    [
        (lambda link: f"/connect/{link.connection_id}?token=guessed", 403),
        (lambda link: f"/connect/{link.connection_id}", 403),
        (lambda link: link.path.replace(link.connection_id, UNKNOWN_ID), 404),
        (lambda link: f"/connect/not-a-uuid?token={link.token}", 404),
    ],
    ids=["wrong token", "no token", "unknown connection", "malformed id"],
)
def test_bad_links_answer_a_clear_page(
    client: TestClient, api: Api, mangle: Callable[[Link], str], status: int
) -> None:
    link = _link(api)
    page = client.get(mangle(link))
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert "Acme GmbH" not in page.text  # nothing about the tenant without its token


def test_a_link_expires_after_seven_days(client: TestClient, api: Api, clock: FakeClock) -> None:
    link = _link(api)
    clock.advance(WEEK - 1)
    assert client.get(link.path).status_code == 200
    clock.advance(1)
    page = client.get(link.path)
    assert page.status_code == 410
    assert "This link has expired" in page.text


def test_a_link_of_a_deleted_entity_is_gone(client: TestClient, api: Api) -> None:
    link = _link(api)
    client.post(f"/_sandbox/entities/{link.entity_id}/delete").raise_for_status()
    page = client.get(link.path)
    assert page.status_code == 410
    assert "no longer exists" in page.text


def test_posts_without_the_links_token_are_refused(client: TestClient, api: Api) -> None:
    link = _link(api)
    forged = client.post(
        f"/connect/{link.connection_id}/consent",
        data={"platform": "xero", "decision": "authorize"},
    )
    assert forged.status_code == 403
    connection = api.call("GET", f"/accounting_connections/{link.connection_id}", link.entity_id)
    assert connection.json()["status"] == "pending_auth"


def test_a_form_in_another_encoding_is_refused(client: TestClient, api: Api) -> None:
    link = _link(api)
    answer = client.post(f"/connect/{link.connection_id}", json={"token": link.token})
    assert answer.status_code == 415


def test_continuing_without_a_platform_asks_for_one(client: TestClient, api: Api) -> None:
    link = _link(api)
    answer = client.post(f"/connect/{link.connection_id}", data={"token": link.token})
    assert answer.status_code == 422
    assert "Choose QuickBooks Online or Xero" in answer.text


def test_each_step_redirects_to_the_next(client: TestClient, api: Api) -> None:
    link = _link(api)
    chosen = client.post(
        f"/connect/{link.connection_id}", data={"token": link.token, "platform": "quickbooks"}
    )
    assert chosen.status_code == 303
    assert chosen.headers["location"].startswith(f"/connect/{link.connection_id}/sign-in?")
    signed_in = client.post(
        f"/connect/{link.connection_id}/sign-in",
        data={"token": link.token, "platform": "quickbooks", "username": "kim", "password": "x"},
    )
    assert signed_in.status_code == 303
    assert "password" not in signed_in.headers["location"]
    decided = client.post(
        f"/connect/{link.connection_id}/consent",
        data={"token": link.token, "platform": "quickbooks", "decision": "authorize"},
    )
    assert decided.status_code == 303
    assert client.get(decided.headers["location"]).status_code == 200
    # A second post of the same decision (a replayed form) is refused, not applied twice.
    replay = client.post(
        f"/connect/{link.connection_id}/consent",
        data={"token": link.token, "platform": "quickbooks", "decision": "authorize"},
    )
    assert replay.status_code == 410


def test_names_are_escaped_and_pages_are_locked_down(client: TestClient, api: Api) -> None:
    link = _link(api, '<img src=x onerror="alert(1)"> & Co')
    page = client.get(link.path)
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; Co" in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none'
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"  # the token stays in this page
    assert page.headers["cache-control"] == "no-store"


def test_dashboard_shows_link_age_and_expiry(
    client: TestClient, api: Api, clock: FakeClock
) -> None:
    pending = _link(api, "Waiting Ltd")
    clock.advance(2 * 3600)
    page = client.get("/")
    assert page.status_code == 200
    assert "Waiting Ltd" in page.text
    assert "pending for 2 h" in page.text
    assert pending.path in page.text
    clock.advance(WEEK)
    assert "link expired" in client.get("/").text


def test_dashboard_answers_loopback_clients_only(app: SandboxASGI) -> None:
    with TestClient(app, client=("192.0.2.10", 50000)) as remote:
        assert remote.get("/").status_code == 403
