"""Every page for every role: allowed pages render cleanly, forbidden ones show nothing but a refusal.

The cases are built from ui.nav.PAGES, so pages added later are covered without editing this file.
"""

from __future__ import annotations

import pytest

from core.roles import Role
from ui import texts
from ui.nav import PAGES, may_see

ALLOWED = [
    pytest.param(role.value, page, id=f"{role.value}-{page.key}")
    for role in Role
    for page in PAGES
    if may_see(role.value, page.key)
]
FORBIDDEN = [
    pytest.param(role.value, page, id=f"{role.value}-{page.key}")
    for role in Role
    for page in PAGES
    if not may_see(role.value, page.key)
]


def element_types(block) -> list[str]:
    """The kinds of the top-level elements of a block, e.g. ['Error']."""
    return [type(child).__name__ for child in block.children.values()]


@pytest.mark.parametrize(("role", "page"), ALLOWED)
def test_every_page_a_role_may_see_renders_without_an_error(open_app, actor_of, role, page):
    at = open_app(actor_of(role), page.path)

    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["page_title"] == page.title
    assert texts.NO_ACCESS not in [e.value for e in at.error]


@pytest.mark.parametrize(("role", "page"), FORBIDDEN)
def test_a_page_a_role_may_not_see_is_reached_only_to_be_refused(open_app, actor_of, role, page):
    # registered hidden (out of the menu: the browser test checks that), so its address gives
    # the Russian refusal rather than Streamlit's English "Page not found"
    at = open_app(actor_of(role))
    at.switch_page(page.path).run()

    assert not at.exception
    assert [e.value for e in at.error] == [texts.NO_ACCESS]
    assert element_types(at.main) == ["Error", "PageLink"]
    assert "page_title" in at.session_state  # the landing page's, not the forbidden one's
    assert at.session_state["page_title"] == texts.PAGE_OVERVIEW


@pytest.mark.parametrize(("role", "page"), FORBIDDEN)
def test_a_forbidden_page_opened_directly_shows_only_the_refusal(
    open_page_directly, actor_of, role, page
):
    at = open_page_directly(page.path, actor_of(role))

    assert not at.exception
    assert [e.value for e in at.error] == [texts.NO_ACCESS]
    assert element_types(at.main) == ["Error"]
    assert element_types(at.sidebar) == []
    assert "page_title" not in at.session_state


def test_every_role_has_a_landing_page_and_sees_its_name_in_the_sidebar(open_app, actor_of):
    for role in Role:
        at = open_app(actor_of(role.value))

        assert not at.exception
        assert at.session_state["page_title"] == texts.PAGE_OVERVIEW
        signed_in = [m.value for m in at.sidebar.markdown]
        assert any(texts.ROLE_NAMES[role.value] in text for text in signed_in), signed_in


def test_someone_not_logged_in_sees_the_login_prompt_and_no_page(open_app):
    at = open_app(None)

    assert not at.exception
    assert [i.value for i in at.info] == [texts.NOT_LOGGED_IN]
    assert "page_title" not in at.session_state
    assert not at.title or [t.value for t in at.title] == [texts.APP_TITLE]


def test_a_user_whose_role_was_lowered_sees_only_the_refusal_on_the_page(open_app, actor_of):
    admin_page = next(page for page in PAGES if page.key == "admin_users")
    at = open_app(actor_of("admin"), admin_page.path)
    assert at.session_state["page_title"] == admin_page.title

    at.session_state["actor"] = actor_of("manager")
    at.run()

    assert not at.exception
    assert [e.value for e in at.error] == [texts.NO_ACCESS]
    assert texts.USERS_TITLE not in [t.value for t in at.title]
    assert element_types(at.main) == ["Error", "PageLink"]  # and the way back to the overview
