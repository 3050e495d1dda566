"""The base address the app's page tells Streamlit (server.app_base_script), run in Chromium on
made-up addresses: at the root, under a proxy's prefix, and an address that names no page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from server import app_base_script, with_app_base

pytestmark = pytest.mark.browser

INDEX = b"<!doctype html><html><head><title>app</title></head><body></body></html>"
PAGES = ["overview", "request_stats", "monitor"]


def base_seen_at(page: Page, url: str) -> str | None:
    """BACKEND_BASE_URL as the script sets it when the app's index is served at `url`."""

    def answer(route: Route) -> None:
        route.fulfill(
            status=200, content_type="text/html", body=with_app_base(INDEX, app_base_script(PAGES))
        )

    page.route("http://qc.example/**", answer)
    page.goto(url)
    return page.evaluate("window.__streamlit ? window.__streamlit.BACKEND_BASE_URL : null")


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("http://qc.example/request_stats", "http://qc.example/"),
        ("http://qc.example/request_stats/?from=2025-01-01", "http://qc.example/"),
        ("http://qc.example/overview", "http://qc.example/"),
        ("http://qc.example/qc/monitor", "http://qc.example/qc/"),
        ("http://qc.example/a/b/request_stats", "http://qc.example/a/b/"),
    ],
)
def test_a_page_address_gives_the_base_before_the_page_name(
    page: Page, url: str, base: str
) -> None:
    assert base_seen_at(page, url) == base


@pytest.mark.parametrize("url", ["http://qc.example/", "http://qc.example/qc/nonexistent"])
def test_an_address_that_names_no_page_is_left_to_streamlit(page: Page, url: str) -> None:
    assert base_seen_at(page, url) is None
