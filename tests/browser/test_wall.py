"""The wall screen (issue 14, item 6) fits 1920×1080 and 1366×768 whole: no scrolling, nothing
clipped, no cell cut; each alert says when its event happened. Screenshots are kept in
$QC_SCREENSHOTS (or the test's tmp folder) to be looked at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Server, log_in, wait_rendered
from ui.texts import monitor as T

pytestmark = pytest.mark.browser

FITS = """() => {
  const wall = document.querySelector('.wall');
  const box = wall.getBoundingClientRect();
  const clipped = [...document.querySelectorAll('.wall, .wall-col, .wall-main')]
    .filter(e => e.scrollHeight > e.clientHeight + 1).map(e => e.className);
  const cut = [...document.querySelectorAll('.wall td, .wall th, .wall-m .v, .wall-bar .n')]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent);
  return {bottom: box.bottom, height: window.innerHeight, clipped, cut,
          rows: document.querySelectorAll('table.wall-q tr').length,
          alerts: [...document.querySelectorAll('.wall-a .h')].map(e => e.textContent)};
}"""


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["1920x1080", "1366x768"])
def test_the_wall_screen_fits_the_screen_whole(
    page: Page, server: Server, size: tuple[int, int], tmp_path: Path
) -> None:
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, server.url, "viewer")
    page.goto(f"{server.url}/wall")
    wait_rendered(page, ".wall h1")
    page.wait_for_timeout(500)
    found = page.evaluate(FITS)
    folder = Path(os.environ.get("QC_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"wall-{width}x{height}.png"))
    assert found["bottom"] <= found["height"], found
    assert found["clipped"] == [], found
    assert found["cut"] == [], found
    assert found["rows"] > 2  # the demo's queue is on screen
    assert found["alerts"], found
    prefixes = tuple(text.split("{")[0] for text in T.WALL_EVENT_AT.values())
    assert all(any(p in a for p in prefixes) for a in found["alerts"]), found["alerts"]
