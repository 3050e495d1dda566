"""What the CLI masks in printed rejects (issue 9): contacts, and nothing that only looks close."""

from __future__ import annotations

import pytest

from core.imports import mask_contacts


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ivanov@example.ru", "iv***@example.ru"),
        ("пишите a@b.ru", "пишите a***@b.ru"),
        ("+7 (912) 345-67-89", "+7 (***) ***-**-89"),
        ("8 912 345 67 89, доб. 12", "8 *** *** ** 89, доб. 12"),
        ("89123456789", "8********89"),
    ],
)
def test_e_mail_addresses_and_phone_numbers_are_masked(text: str, shown: str) -> None:
    assert mask_contacts(text) == shown


@pytest.mark.parametrize(
    "text", ["01.03.2024 10:00", "ИНН 7701234567", "771234567890", "1 500,50", "x@y", "№ 812"]
)
def test_dates_tax_numbers_and_amounts_stay_as_they_are(text: str) -> None:
    assert mask_contacts(text) == text
