"""The page at `connection_url`: choose the platform, sign in to it, then authorise or deny.

Every step is a plain form that posts back with the link's token (which is what makes a
forged cross-site post fail) and is answered with a redirect to the next step, so reloading
or going back never posts twice. Authorise and deny call the same state functions as the
control API.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from monite_pulumi.sandbox.deps import BackendDep
from monite_pulumi.sandbox.errors import SandboxError
from monite_pulumi.sandbox.pages.forms import Form
from monite_pulumi.sandbox.pages.links import OpenLink, open_link
from monite_pulumi.sandbox.pages.problems import PageError
from monite_pulumi.sandbox.pages.rendering import PLATFORM_NAMES, render
from monite_pulumi.sandbox.state import Backend

router = APIRouter(include_in_schema=False)
BASE = "/connect/{connection_id}"


def _next(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _choose_page(link: OpenLink, *, error: str | None = None) -> HTMLResponse:
    return render("choose.html", status=422 if error else 200, link=link, error=error)


def _sign_in_page(
    link: OpenLink, platform: str, username: str = "", errors: dict[str, str] | None = None
) -> HTMLResponse:
    return render(
        "sign_in.html",
        status=422 if errors else 200,
        link=link,
        platform=platform,
        username=username,
        errors=errors or {},
    )


@router.get(BASE)
def choose(connection_id: str, backend: BackendDep, token: str = "") -> HTMLResponse:
    return _choose_page(open_link(backend, connection_id, token))


@router.post(BASE)
def chosen(connection_id: str, backend: BackendDep, form: Form) -> Response:
    link = open_link(backend, connection_id, form.get("token", ""))
    platform = form.get("platform", "")
    if platform not in PLATFORM_NAMES:
        return _choose_page(link, error="Choose QuickBooks Online or Xero to continue.")
    return _next(link.path("sign-in", platform=platform))


@router.get(BASE + "/sign-in")
def sign_in_form(
    connection_id: str, backend: BackendDep, token: str = "", platform: str = ""
) -> Response:
    link = open_link(backend, connection_id, token)
    if platform not in PLATFORM_NAMES:
        return _next(link.path())
    return _sign_in_page(link, platform)


@router.post(BASE + "/sign-in")
def sign_in(connection_id: str, backend: BackendDep, form: Form) -> Response:
    """Any user name and password will do: this is the sandbox's stand-in for the platform."""
    link = open_link(backend, connection_id, form.get("token", ""))
    platform = form.get("platform", "")
    if platform not in PLATFORM_NAMES:
        return _next(link.path())
    username = form.get("username", "").strip()
    errors = {}
    if not username:
        errors["username"] = "Enter your e-mail or user name."
    if not form.get("password"):
        errors["password"] = "Enter your password."  # noqa: S105 - a form message
    if errors:
        return _sign_in_page(link, platform, username, errors)
    return _next(link.path("consent", platform=platform, user=username))


@router.get(BASE + "/consent")
def consent(
    connection_id: str, backend: BackendDep, token: str = "", platform: str = "", user: str = ""
) -> Response:
    link = open_link(backend, connection_id, token)
    if platform not in PLATFORM_NAMES:
        return _next(link.path())
    if not user.strip():
        return _next(link.path("sign-in", platform=platform))
    return render("consent.html", link=link, platform=platform, user=user.strip())


@router.post(BASE + "/consent")
def decide(connection_id: str, backend: BackendDep, form: Form) -> Response:
    link = open_link(backend, connection_id, form.get("token", ""))
    platform = form.get("platform", "")
    if platform not in PLATFORM_NAMES:
        return _next(link.path())
    _apply(backend, connection_id, platform, form.get("decision", ""))
    return _next(link.path("done"))


def _apply(backend: Backend, connection_id: str, platform: str, decision: str) -> None:
    try:
        if decision == "authorize":
            backend.connections.authorize(connection_id, platform)
        elif decision == "deny":
            reason = f"The user denied access to {PLATFORM_NAMES[platform]}"
            backend.connections.deny(connection_id, reason)
        else:
            raise PageError(400, "Choose authorise or deny", "The form had no decision.")
    except SandboxError as exc:
        # The connection changed between showing the page and this post (another tab, the
        # partner disconnecting it): say so rather than pretend it worked.
        raise PageError(exc.status, "This connection changed meanwhile", exc.message) from exc


@router.get(BASE + "/done")
def done(connection_id: str, backend: BackendDep, token: str = "") -> Response:
    """How it ended: connected, or refused with a way to start again."""
    link = open_link(backend, connection_id, token, finished=True)
    if link.connection["status"] == "connected":
        return render("connected.html", link=link)
    link = open_link(backend, connection_id, token)
    if link.connection.get("errors"):
        return render("denied.html", link=link)
    return _next(link.path())
