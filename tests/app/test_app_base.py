"""Where the script that tells Streamlit's page its server's base goes (server.with_app_base);
what it says for each address is tested in Chromium (tests/browser/test_app_base.py)."""

from __future__ import annotations

from server import app_base_script, with_app_base

PAGE = b'<!doctype html><html lang="en"><head><meta charset="UTF-8" /></head><body></body></html>'


def test_the_script_goes_first_in_the_head_of_the_page() -> None:
    script = app_base_script(["overview", "request_stats"])
    page = with_app_base(PAGE, script)
    assert page.startswith(b'<!doctype html><html lang="en"><head>' + script)
    assert page.endswith(b'<meta charset="UTF-8" /></head><body></body></html>')
    assert b'["overview", "request_stats"]' in script


def test_a_page_without_a_head_is_left_as_it_is() -> None:
    assert with_app_base(b"plain text", app_base_script(["overview"])) == b"plain text"
