"""The dashboard at `/` in a real Chromium: a pending and a connected tenant, the request log."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from monite_pulumi.sandbox.seeding import SandboxPartner
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.browser.conftest import PHONE, Tenant, goto

pytestmark = pytest.mark.browser


@pytest.fixture
def connected(partner: SandboxPartner, sandbox: RunningSandbox) -> Tenant:
    entity_id = partner.create_organization("Connected Books GmbH", "books@connected.test")
    connection = partner.create_connection(entity_id)
    authorised = sandbox.control.post(
        f"/_sandbox/connections/{connection['id']}/authorize", json={"platform": "quickbooks"}
    )
    authorised.raise_for_status()
    return Tenant("Connected Books GmbH", entity_id, connection["id"], connection["connection_url"])


def test_dashboard_shows_a_pending_and_a_connected_tenant(
    page: Page, sandbox: RunningSandbox, tenant: Tenant, connected: Tenant
) -> None:
    assert goto(page, f"{sandbox.url}/") == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Tenants")

    pending_row = page.locator(f"tr[data-entity-id='{tenant.entity_id}']")
    expect(pending_row.get_by_role("rowheader")).to_contain_text(tenant.name)
    expect(pending_row).to_contain_text("pending auth")
    expect(pending_row).to_contain_text(re.compile(r"pending for (just now|\d+ (s|min))"))

    connected_row = page.locator(f"tr[data-entity-id='{connected.entity_id}']")
    expect(connected_row).to_contain_text("connected")
    expect(connected_row).to_contain_text("QuickBooks Online")
    expect(connected_row.locator("time")).to_have_text(re.compile(r"\d{4}-\d\d-\d\d .* UTC"))
    expect(connected_row).to_contain_text("link used")

    log = page.get_by_role("table", name="By endpoint")
    expect(log).to_contain_text("POST /accounting_connections")

    pending_row.get_by_role("link", name=f"Open authorisation page of {tenant.name}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(tenant.name)
    assert page.url == tenant.connection_url


def test_dashboard_fits_a_phone_screen(
    browser: Browser, sandbox: RunningSandbox, tenant: Tenant
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{sandbox.url}/")
        expect(page.locator(f"tr[data-entity-id='{tenant.entity_id}']")).to_be_visible()
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    finally:
        context.close()
