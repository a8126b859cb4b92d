"""Take the README's screenshots of the sandbox's pages from a running sandbox.

    .venv/bin/python scripts/screenshots.py [--out docs]

Starts a sandbox, seeds a few tenants (pending, connected, refused), and writes
`authorize-page.png` (the page at a pending `connection_url`) and `dashboard.png` (the
dashboard at `/`) with Debian's Chromium driven by Playwright.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from monite_pulumi.sandbox.seeding import SandboxPartner
from monite_pulumi.sandbox.testing import RunningSandbox, running_sandbox

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def seed(sandbox: RunningSandbox, partner: SandboxPartner) -> str:
    """Three tenants: connected, refused, pending (newest); the pending one's `connection_url`."""
    connected = partner.create_organization("Northwind Traders GmbH", "finance@northwind.test")
    link = partner.create_connection(connected)
    sandbox.control.post(
        f"/_sandbox/connections/{link['id']}/authorize", json={"platform": "quickbooks"}
    ).raise_for_status()
    refused = partner.create_organization("Blue Harbor Studio", "hello@blueharbor.test")
    link = partner.create_connection(refused)
    sandbox.control.post(
        f"/_sandbox/connections/{link['id']}/deny",
        json={"reason": "The user denied access to Xero"},
    ).raise_for_status()
    pending = partner.create_organization("Acme Bakery Ltd", "books@acme-bakery.test")
    url: str = partner.create_connection(pending)["connection_url"]
    return url


def shoot(page: Page, url: str, path: Path) -> None:
    page.goto(url)
    page.screenshot(path=str(path), full_page=True)
    print(f"wrote {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no Chromium on PATH: run `make browsers` first", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with running_sandbox(rate_limit=0) as sandbox, SandboxPartner(sandbox) as partner:
        pending_url = seed(sandbox, partner)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 900, "height": 760})
            shoot(page, pending_url, args.out / "authorize-page.png")
            page.set_viewport_size({"width": 1280, "height": 720})
            shoot(page, f"{sandbox.url}/", args.out / "dashboard.png")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
