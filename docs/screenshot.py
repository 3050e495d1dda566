"""Retake docs/overview.png: log in as the demo admin on a running server and shoot one page.

Usage, from the repo root: .venv/bin/python -m docs.screenshot [URL] [PAGE]
(defaults: http://127.0.0.1:8501 and monitor).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from core.demo import DEMO_PASSWORD

OUT = Path(__file__).resolve().parent / "overview.png"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def take(url: str, page_key: str) -> None:
    """Log in through the form, open the page, wait for the run to finish, save 1400x1000."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=ARGS, headless=True
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ru-RU")
        page.goto(f"{url}/login")
        page.fill("#login", "admin")
        page.fill("#password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda current: "/login" not in current)
        page.goto(f"{url}/{page_key}")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.wait_for_selector('[data-testid="stMain"] h1')
        time.sleep(2)  # let charts finish their first paint
        page.screenshot(path=str(OUT))
        browser.close()


if __name__ == "__main__":
    take(
        sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8501",
        sys.argv[2] if len(sys.argv) > 2 else "monitor",
    )
