"""The renaming script's shortcut (ui/russian.py): a text without a Latin letter is skipped."""

from __future__ import annotations

import re

from ui.texts import streamlit_ru as T

LATIN = re.compile("[A-Za-z]")


def test_every_english_text_the_script_renames_has_a_latin_letter() -> None:
    assert all(LATIN.search(english) for english in T.STREAMLIT_RUSSIAN)


def test_every_english_pattern_the_script_renames_needs_a_latin_letter() -> None:
    # each pattern has a literal English word outside its groups, so a matching text has one too
    for source, _ in T.STREAMLIT_PATTERNS:
        literal = re.sub(r"\((?:[^()\\]|\\.)*\)|\[(?:[^\]\\]|\\.)*\]|\\.", "", source)
        assert LATIN.search(literal), source
