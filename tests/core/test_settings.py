"""Setting values are converted and checked before they are stored."""

from __future__ import annotations

import pytest

from core.settings import SPECS, InvalidSetting, coerce_setting


def problem(key: str, value: object) -> str:
    with pytest.raises(InvalidSetting) as refused:
        coerce_setting(key, value)
    assert refused.value.key == key
    return refused.value.code


def test_numbers_arrive_as_text_with_spaces_and_come_back_as_int():
    assert coerce_setting("upload_limit_mb", " 20 ") == 20
    assert coerce_setting("upload_limit_mb", 1) == 1
    assert coerce_setting("upload_limit_mb", 1024) == 1024


def test_numbers_outside_their_range_or_not_whole_are_refused():
    assert problem("upload_limit_mb", 0) == "out_of_range"
    assert problem("upload_limit_mb", 1025) == "out_of_range"
    assert problem("low_rating_max", 5) == "out_of_range"
    assert problem("upload_limit_mb", "двадцать") == "not_a_number"
    assert problem("upload_limit_mb", "1.5") == "not_a_number"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("да", True), ("Yes", True), ("1", True), ("true", True), ("нет", False), ("", False),
     (True, True), (0, False)],
)  # fmt: skip
def test_switches_accept_russian_and_english_words(raw, expected):
    assert coerce_setting("demo_mode", raw) is expected


def test_the_time_zone_must_be_a_real_zone():
    assert coerce_setting("timezone", " Asia/Yekaterinburg ") == "Asia/Yekaterinburg"
    assert problem("timezone", "Europe/Atlantis") == "unknown_timezone"


def test_the_company_inn_is_checked_but_may_be_empty():
    assert coerce_setting("company_inn", "7707083893") == "7707083893"
    assert coerce_setting("company_inn", "") == ""
    assert problem("company_inn", "7707083894") == "bad_inn"


def test_an_unknown_setting_is_refused():
    assert problem("colour_scheme", "dark") == "unknown_setting"


@pytest.mark.parametrize("key", list(SPECS))
def test_every_default_passes_its_own_validation(key):
    assert coerce_setting(key, SPECS[key].default) == SPECS[key].default
