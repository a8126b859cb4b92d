"""A page that cannot be shown, as a clear HTML page with the status code that says why."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from monite_pulumi.sandbox.pages.rendering import render


class PageError(Exception):
    """Raised by a page handler; answered with `problem.html` and `status`."""

    def __init__(self, status: int, title: str, detail: str, *, advice: str | None = None) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.detail = detail
        self.advice = advice


async def problem_page(_: Request, exc: Exception) -> HTMLResponse:
    """The exception handler for `PageError` (typed for Starlette's handler signature)."""
    assert isinstance(exc, PageError)
    return render(
        "problem.html",
        status=exc.status,
        title=exc.title,
        detail=exc.detail,
        advice=exc.advice,
        code=exc.status,
    )
