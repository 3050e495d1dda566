"""When the server goes away (a restart, the network) Streamlit puts up its own dialog; it says
so in Russian, from ui/texts/streamlit_ru.py, and no English word is left on screen (issue 14,
item 8). Its own server: the session's shared one must stay up for the other tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.browser.conftest import log_in, run_server, wait_rendered
from tests.browser.english import COLLECT, english_words
from ui.texts.streamlit_ru import STREAMLIT_RUSSIAN as RU

pytestmark = pytest.mark.browser

DIALOG = '[role="dialog"]'
# The message depends on the address: on «localhost» Streamlit adds the command to restart it.
ELSEWHERE = RU["Streamlit server is not responding. Are you connected to the internet?"]
LOCALHOST = RU[
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your "
    "terminal:"
]


def test_a_lost_server_is_reported_in_russian(context: BrowserContext, tmp_path: Path) -> None:
    with run_server(tmp_path) as server:
        assert server.process is not None
        port = server.url.rsplit(":", 1)[1]
        pages = {}
        for host in ("127.0.0.1", "localhost"):
            page = context.new_page()
            log_in(page, f"http://{host}:{port}", "viewer")
            wait_rendered(page)
            pages[host] = page
        server.process.terminate()
        server.process.wait(timeout=30)

        for host, message in (("127.0.0.1", ELSEWHERE), ("localhost", LOCALHOST)):
            dialog = pages[host].locator(DIALOG)
            expect(dialog).to_contain_text(RU["Connection error"])
            expect(dialog).to_contain_text(message)
            if host == "localhost":
                expect(dialog.locator("code, pre").first).to_have_text(
                    RU["streamlit run yourscript.py"]
                )
            assert not english_words(pages[host].evaluate(COLLECT)), host
