"""One headless Chromium and one sandbox for the whole browser session; a fresh page per test.

Debian's `chromium` driven by Playwright's Python package (scripts/ensure-chromium.sh installs
it). Without a Chromium binary the tests skip, saying why; under MONITE_PULUMI_REQUIRE_ALL=1 (CI)
they fail instead.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, sync_playwright

from monite_pulumi.sandbox.seeding import SandboxPartner
from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox
from tests.availability import unavailable

CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = ViewportSize(width=1100, height=800)
PHONE = ViewportSize(width=375, height=740)


@dataclass(frozen=True)
class Tenant:
    """An entity with a pending connection, as the browser tests start from."""

    name: str
    entity_id: str
    connection_id: str
    connection_url: str


@pytest.fixture(scope="package")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        unavailable("no Chromium binary on PATH (make browsers / scripts/ensure-chromium.sh)")
    return path


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright, chromium_path: str) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="package")
def sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox(rate_limit=0) as started:
        yield started


@pytest.fixture(scope="package")
def partner(sandbox: RunningSandbox) -> Iterator[SandboxPartner]:
    with SandboxPartner(sandbox) as seeded:
        yield seeded


@pytest.fixture
def tenant(partner: SandboxPartner, request: pytest.FixtureRequest) -> Tenant:
    """A new entity, named after the test, with a `pending_auth` connection."""
    name = f"{request.node.name.removeprefix('test_').replace('_', ' ').title()} Ltd"
    entity_id = partner.create_organization(name, "books@tenant.test")
    connection = partner.create_connection(entity_id)
    return Tenant(name, entity_id, connection["id"], connection["connection_url"])


def goto(page: Page, url: str) -> int:
    """Open `url` in `page`; the HTTP status of the document."""
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    return response.status
