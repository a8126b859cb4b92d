"""The page at `connection_url`, walked in a real Chromium: authorise, deny, a used link,
the keyboard alone, a phone-width screen. Outcomes are checked through the partner API."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from monite_pulumi.sandbox.seeding import SandboxPartner
from tests.browser.conftest import PHONE, Tenant, goto

pytestmark = pytest.mark.browser


def _sign_in(page: Page, platform_label: str) -> None:
    """Choose the platform and sign in with any name and password, as a person would."""
    page.get_by_label(platform_label).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sign in to {platform_label}")
    page.get_by_label("E-mail or user name").fill("kim@example.test")
    page.get_by_label("Password").fill("anything")
    page.get_by_role("button", name="Sign in").click()


def test_authorise_makes_the_connection_connected(
    page: Page, tenant: Tenant, partner: SandboxPartner
) -> None:
    assert goto(page, tenant.connection_url) == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text(tenant.name)

    _sign_in(page, "QuickBooks Online")
    expect(page.get_by_text("signed in as kim@example.test")).to_be_visible()
    page.get_by_role("button", name="Authorise").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Connected to QuickBooks Online")
    connection = partner.get_connection(tenant.entity_id, tenant.connection_id)
    assert connection["status"] == "connected"
    assert connection["platform"] == "quickbooks"
    assert connection["errors"] is None
    assert connection["last_pull"] >= connection["created_at"]
    assert connection["business_info"]["legal_name"] == tenant.name


def test_deny_leaves_it_pending_with_the_refusal(
    page: Page, tenant: Tenant, partner: SandboxPartner
) -> None:
    page.goto(tenant.connection_url)
    _sign_in(page, "Xero")
    page.get_by_role("button", name="Deny").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You denied access")
    connection = partner.get_connection(tenant.entity_id, tenant.connection_id)
    assert connection["status"] == "pending_auth"
    assert connection["platform"] is None
    assert connection["errors"] == [{"message": "The user denied access to Xero"}]

    # The link still works: the user may change their mind.
    page.get_by_role("link", name="Changed your mind? Start again").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(tenant.name)


def test_a_used_link_shows_a_clear_410_page(
    page: Page, tenant: Tenant, partner: SandboxPartner
) -> None:
    page.goto(tenant.connection_url)
    _sign_in(page, "Xero")
    page.get_by_role("button", name="Authorise").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connected to Xero")

    assert goto(page, tenant.connection_url) == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    assert page.get_by_role("button").count() == 0
    connection = partner.get_connection(tenant.entity_id, tenant.connection_id)
    assert (connection["status"], connection["platform"]) == ("connected", "xero")


def test_a_disconnected_connection_link_shows_a_410_page(
    page: Page, tenant: Tenant, partner: SandboxPartner
) -> None:
    partner.disconnect(tenant.entity_id, tenant.connection_id)
    assert goto(page, tenant.connection_url) == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This connection was closed")


def _tab_to(page: Page, selector: str, presses: int = 12) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _focus_is_visible(page: Page) -> bool:
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; }"
    )
    return bool(style[0] != "none" and style[1] not in ("0px", ""))


def test_the_whole_flow_works_with_the_keyboard_alone(
    page: Page, tenant: Tenant, partner: SandboxPartner
) -> None:
    page.goto(tenant.connection_url)
    _tab_to(page, "input[name=platform]")
    page.keyboard.press("ArrowDown")  # QuickBooks Online -> Xero, checking it
    assert page.evaluate("() => document.activeElement.value") == "xero"
    assert _focus_is_visible(page)
    _tab_to(page, "button[type=submit]")
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Xero")
    _tab_to(page, "#username")
    page.keyboard.type("kim")
    page.keyboard.press("Tab")
    page.keyboard.type("secret")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text(tenant.name)
    _tab_to(page, "button[value=authorize]")
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Connected to Xero")
    connection = partner.get_connection(tenant.entity_id, tenant.connection_id)
    assert (connection["status"], connection["platform"]) == ("connected", "xero")


def test_sign_in_without_a_password_says_what_is_missing(page: Page, tenant: Tenant) -> None:
    page.goto(tenant.connection_url)
    page.get_by_label("Xero").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("E-mail or user name").fill("kim")
    # The browser's own `required` check would stop the post: lift it to see the server's answer.
    page.eval_on_selector("#password", "e => e.removeAttribute('required')")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Sign in").click()
    assert posted.value.status == 422
    expect(page.get_by_role("alert")).to_contain_text("Enter your password.")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("E-mail or user name")).to_have_value("kim")


def test_the_page_fits_a_phone_screen(browser: Browser, tenant: Tenant) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(tenant.connection_url)
        expect(page.get_by_role("button", name="Continue")).to_be_visible()
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    finally:
        context.close()
