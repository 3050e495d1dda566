"""The script that tells Streamlit's page where its server is (server.AppBaseInPage)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit import config as st_config

from server import app_base_script, with_app_base

PAGE = b'<!doctype html><html lang="en"><head><meta charset="UTF-8" /></head><body></body></html>'


@pytest.fixture
def base_path() -> Iterator[None]:
    before = st_config.get_option("server.baseUrlPath")
    yield
    st_config.set_option("server.baseUrlPath", before)


def test_the_script_goes_first_in_the_head_of_the_page() -> None:
    page = with_app_base(PAGE)
    assert page.startswith(b'<!doctype html><html lang="en"><head>' + app_base_script())
    assert page.endswith(b'<meta charset="UTF-8" /></head><body></body></html>')


def test_a_page_without_a_head_is_left_as_it_is() -> None:
    assert with_app_base(b"plain text") == b"plain text"


def test_the_base_is_the_server_root_by_default(base_path: None) -> None:
    st_config.set_option("server.baseUrlPath", "")
    assert b'BACKEND_BASE_URL:location.origin+"/"' in app_base_script()


def test_the_base_follows_the_base_url_path_setting(base_path: None) -> None:
    st_config.set_option("server.baseUrlPath", "/qc/")
    assert b'BACKEND_BASE_URL:location.origin+"/qc/"' in app_base_script()
