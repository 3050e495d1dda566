"""scrypt hashing and the growing delay after failed logins (never a lock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import core.passwords as passwords
from core.passwords import (
    FREE_FAILURES,
    MAX_DELAY,
    WeakPassword,
    check_strength,
    failure_delay,
    hash_password,
    retry_after,
    verify_password,
)

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_a_hash_verifies_its_password_and_nothing_else():
    stored = hash_password("correct horse")

    assert stored.startswith("scrypt$16384$8$1$")
    assert "correct horse" not in stored
    assert verify_password("correct horse", stored)
    assert not verify_password("correct horsE", stored)
    assert not verify_password("", stored)


def test_the_same_password_hashes_differently_each_time():
    assert hash_password("same-password") != hash_password("same-password")


@pytest.mark.parametrize("stored", [None, "", "garbage", "md5$1$2$3$aa$bb", "scrypt$1$2"])
def test_a_missing_or_foreign_hash_never_verifies(stored):
    assert not verify_password("anything", stored)


def test_passwords_shorter_than_eight_characters_are_weak():
    check_strength("12345678")
    with pytest.raises(WeakPassword):
        check_strength("1234567")


def test_the_first_failures_cost_nothing_then_the_wait_doubles_up_to_fifteen_minutes():
    delays = [failure_delay(n).total_seconds() for n in range(1, 16)]

    assert FREE_FAILURES == 3 and MAX_DELAY == timedelta(minutes=15)
    assert delays[:3] == [0, 0, 0]
    assert delays[3:10] == [1, 2, 4, 8, 16, 32, 64]
    assert max(delays) == 900 and delays[-1] == 900
    assert failure_delay(10**6) == MAX_DELAY


def test_the_wait_counts_down_from_the_last_failure_and_ends_by_itself():
    assert retry_after(5, NOW, NOW) == 2
    assert retry_after(5, NOW, NOW + timedelta(seconds=1.5)) == 1
    assert retry_after(5, NOW, NOW + timedelta(seconds=2)) == 0
    assert retry_after(2, NOW, NOW) == 0


def test_a_missing_hash_costs_one_scrypt_like_a_wrong_password(monkeypatch):
    calls = []
    real = passwords.hashlib.scrypt
    monkeypatch.setattr(
        passwords.hashlib, "scrypt", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    stored = hash_password("x" * 10)
    calls.clear()

    verify_password("guess", stored)
    verify_password("guess", None)
    verify_password("guess", "garbage")

    assert len(calls) == 3
