"""Password hashing with scrypt (DESIGN §4) and the growing delay after failed logins."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import datetime, timedelta

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
FREE_FAILURES = 3  # a person mistyping: no wait at all
MAX_DELAY = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8
_STAND_IN: list[str] = []


class WeakPassword(ValueError):
    """The password is too short to be accepted."""


def hash_password(password: str) -> str:
    """Hash a password as 'scrypt$n$r$p$salt$hash' so parameters can change later."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def _stand_in_hash() -> str:
    """A hash of a random password made once: what an unknown login is checked against."""
    if not _STAND_IN:
        _STAND_IN.append(hash_password(secrets.token_urlsafe(24)))
    return _STAND_IN[0]


def verify_password(password: str, stored: str | None) -> bool:
    """Check a password against a stored hash in constant time; a missing or broken hash still
    costs one scrypt, so an unknown login cannot be told from a wrong password by timing."""
    try:
        scheme, n, r, p, salt_hex, hash_hex = (stored or "").split("$")
    except ValueError:
        scheme = ""
    if scheme != "scrypt":
        verify_password(password, _stand_in_hash())
        return False
    digest = hashlib.scrypt(
        password.encode(),
        salt=bytes.fromhex(salt_hex),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(hash_hex) // 2,
    )
    return hmac.compare_digest(digest.hex(), hash_hex)


def check_strength(password: str) -> None:
    """Refuse passwords shorter than the minimum."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"at least {MIN_PASSWORD_LENGTH} characters")


def failure_delay(failures: int) -> timedelta:
    """How long one login from one address must wait after its n-th failure in a row: nothing
    for the first FREE_FAILURES, then 1, 2, 4, 8 … seconds, never more than MAX_DELAY. Never a
    lock: the owner from another address is not slowed, and the wait ends by itself."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    exponent = min(failures - FREE_FAILURES - 1, 20)
    return min(timedelta(seconds=2**exponent), MAX_DELAY)


def retry_after(failures: int, last_failure: datetime, now: datetime) -> int:
    """Whole seconds still to wait before the next attempt (0: go ahead)."""
    left = last_failure + failure_delay(failures) - now
    return max(0, math.ceil(left.total_seconds()))
