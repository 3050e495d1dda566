"""scrypt hashing and the lockout rule: five failures lock the account for fifteen minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.passwords import (
    LOCKOUT,
    MAX_FAILURES,
    WeakPassword,
    after_failure,
    check_strength,
    hash_password,
    is_locked,
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


def test_four_failures_do_not_lock_and_the_fifth_locks_for_fifteen_minutes():
    failures, locked_until = 0, None
    for _ in range(MAX_FAILURES - 1):
        failures, locked_until = after_failure(failures, NOW)
        assert locked_until is None
    assert failures == 4

    failures, locked_until = after_failure(failures, NOW)

    assert MAX_FAILURES == 5 and LOCKOUT == timedelta(minutes=15)
    assert failures == 0
    assert locked_until == NOW + timedelta(minutes=15)
    assert is_locked(locked_until, NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(locked_until, NOW + timedelta(minutes=15))
    assert not is_locked(None, NOW)
