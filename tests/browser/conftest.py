"""One real server per test session (demo DB in a temp dir) and Debian's Chromium via Playwright."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from core.demo import DEMO_PASSWORD
from db.connection import connect, write_tx
from db.settings import put_setting
from devserver import ROOT, ServerDidNotStart, app_env, serve_app
from ui import texts

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
# The first run of a page imports pandas/altair on a busy 2-core machine: give it room.
STEP_TIMEOUT_MS = 90_000
# Every expect(…) waits as long as a step may take, not Playwright's 5 s: beside the CPU-bound
# suite a wizard's preview took longer than 5 s to appear and failed a clean-clone run.
expect.set_options(timeout=STEP_TIMEOUT_MS)

APP = '[data-testid="stApp"]'
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
HEADING = '[data-testid="stMain"] h1'
CURRENT_NAV_LINK = '[data-testid="stSidebarNav"] a[aria-current="page"]'
# Once a run has finished its output is on screen; this only covers the last repaint.
RENDERED_GRACE_MS = 15_000


@dataclass(frozen=True)
class Server:
    """The running app: where to reach it and which database file it serves."""

    url: str
    db_file: Path
    log_file: Path
    # the server's process, for a test that stops it (the connection-lost dialog)
    process: subprocess.Popen[bytes] | None = field(default=None, compare=False, repr=False)


@contextmanager
def run_server(tmp: Path, extra_env: dict[str, str] | None = None) -> Iterator[Server]:
    """Fill a temp DB with `cli.py demo`, serve it with `streamlit run server.py`, stop at the end."""
    db_file = tmp / "qc.sqlite"
    subprocess.run(
        [sys.executable, "cli.py", "demo"], cwd=ROOT, env=app_env(db_file, extra_env),
        check=True, capture_output=True,
    )  # fmt: skip
    log_file = tmp / "server.log"
    try:
        with serve_app(db_file, log_file, extra_env) as app:
            yield Server(url=app.url, db_file=db_file, log_file=log_file, process=app.process)
    except ServerDidNotStart as error:
        pytest.fail(f"server did not start:\n{error}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app with local logins, shared by the whole browser session."""
    with run_server(tmp_path_factory.mktemp("browser")) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, once per module.

    Not per session: sync Playwright keeps an asyncio loop running while it is open, which would
    break `asyncio.run()` in every non-browser test collected after this folder.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh cookie jar per test, so every test starts logged out."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="ru-RU", timezone_id="Europe/Moscow")
    ctx.set_default_timeout(STEP_TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """One tab in the test's own context."""
    return context.new_page()


def submit_login(page: Page, url: str, login: str, password: str = DEMO_PASSWORD) -> None:
    """Fill and send the /login form the way a person does."""
    page.goto(url + "/login")
    page.get_by_label(texts.LOGIN_LOGIN).fill(login)
    page.get_by_label(texts.LOGIN_PASSWORD).fill(password)
    page.get_by_role("button", name=texts.LOGIN_SUBMIT).click()
    page.wait_for_load_state()


def log_in(page: Page, url: str, login: str) -> None:
    """Log in with the demo password and wait until the app has rendered its first page."""
    submit_login(page, url, login)
    expect(page).not_to_have_url(f"{url}/login", timeout=STEP_TIMEOUT_MS)
    wait_idle(page)


def upload_file(page: Page, key: str, path: Path) -> None:
    """Give the uploader with this widget key a file. Scoped by the key, the locator waits for
    that very widget: after a click that swaps one uploader for another (a new import kind), an
    unscoped one could catch the old uploader just before it goes, and the file is lost."""
    uploader = page.locator(f'.st-key-{key} [data-testid="stFileUploader"] input[type="file"]')
    uploader.set_input_files(path)


def wait_idle(page: Page) -> None:
    """Wait until Streamlit is connected and no script run is in progress."""
    page.wait_for_selector(APP)
    page.wait_for_selector(APP_IDLE)


def wait_rendered(page: Page, selector: str = HEADING) -> None:
    """Wait for the run to finish, then for `selector` (or an exception box) to be on screen."""
    wait_idle(page)
    page.locator(selector).or_(page.locator(EXCEPTION)).first.wait_for(timeout=RENDERED_GRACE_MS)


def wait_for_title(page: Page, title: str) -> None:
    """Wait for the run to finish with an h1 holding `title` (or an exception box) on screen."""
    wait_rendered(page, f"{HEADING} >> text={title}" if title else HEADING)


def exception_text(page: Page) -> str:
    """The text of every Streamlit exception box on the page ('' when none)."""
    return "\n".join(page.locator(EXCEPTION).all_inner_texts())


def open_page(page: Page, url: str, login: str, path: str, title: str) -> None:
    """Log in as `login`, open /`path` and wait until its title is drawn, with no error box."""
    log_in(page, url, login)
    page.goto(f"{url}/{path}")
    wait_for_title(page, title)
    assert not exception_text(page)


def open_monitor(page: Page, url: str, login: str) -> None:
    """Log in and open «Онлайн-монитор» with its figures and queue on screen."""
    open_page(page, url, login, "monitor", texts.MONITOR_TITLE)
    expect(page.get_by_text(texts.MONITOR_WAITING_TITLE)).to_be_visible()
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
    assert not exception_text(page)


@pytest.fixture
def refresh_every(server: Server) -> Iterator[Callable[[int], None]]:
    """Set the monitor's refresh period for this test; the shared server gets 10 s back."""
    db = connect(server.db_file)

    def put(seconds: int) -> None:
        with write_tx(db):
            put_setting(db, "monitor_refresh_seconds", seconds)

    yield put
    put(10)
    db.close()
