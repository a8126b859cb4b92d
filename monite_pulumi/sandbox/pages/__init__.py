"""The sandbox's HTML side: the authorisation page at `connection_url` and the dashboard at `/`.

Server-rendered (Jinja2, autoescaped), no JavaScript; `install_pages` adds both to the app.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from monite_pulumi.sandbox.pages import connect, dashboard
from monite_pulumi.sandbox.pages.problems import PageError, problem_page

STATIC_DIR = Path(__file__).parent / "static"

__all__ = ["install_pages"]


def install_pages(api: FastAPI) -> None:
    """Serve the authorisation page, the dashboard and their stylesheet from `api`."""
    api.add_exception_handler(PageError, problem_page)
    api.include_router(connect.router)
    api.include_router(dashboard.router)
    api.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
