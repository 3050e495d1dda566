"""INN check digits: real registered numbers pass, a changed digit or a wrong length fails."""

from __future__ import annotations

import random

import pytest

from core.inn import is_valid_inn, make_inn


@pytest.mark.parametrize("inn", ["7707083893", "7736050003", "500100732259", "0274062111"])
def test_known_valid_inns_pass(inn):
    assert is_valid_inn(inn)


@pytest.mark.parametrize(
    "inn",
    ["7707083894", "7707083803", "500100732258", "500100732249", "770708389", "77070838931",
     "7707083893 ", "77O7083893", "", "000000000x", "7707-08389"],
)  # fmt: skip
def test_wrong_check_digits_or_lengths_fail(inn):
    assert not is_valid_inn(inn)


def test_generated_demo_inns_are_valid_and_keep_the_region_prefix():
    rng = random.Random(7)
    companies = [make_inn(rng, "54") for _ in range(200)]
    people = [make_inn(rng, "05", person=True) for _ in range(200)]

    assert all(is_valid_inn(inn) and len(inn) == 10 and inn[:2] == "54" for inn in companies)
    assert all(is_valid_inn(inn) and len(inn) == 12 and inn[:2] == "05" for inn in people)
