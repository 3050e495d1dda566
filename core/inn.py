"""Russian INN (taxpayer number) check digits: kept as text, verified, generated for demos."""

from __future__ import annotations

import random

_W10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_W11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_W12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(inn: str) -> bool:
    """True for a 10-digit (organisation) or 12-digit (person) INN with correct check digits."""
    if not inn.isdigit():
        return False
    if len(inn) == 10:
        return _check(inn[:9], _W10) == int(inn[9])
    if len(inn) == 12:
        return _check(inn[:10], _W11) == int(inn[10]) and _check(inn[:11], _W12) == int(inn[11])
    return False


def make_inn(rng: random.Random, region: str = "77", person: bool = False) -> str:
    """Generate a valid INN with the given region prefix, for demo data."""
    if person:
        body = region + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c1 = _check(body, _W11)
        c2 = _check(body + str(c1), _W12)
        return f"{body}{c1}{c2}"
    body = region + "".join(str(rng.randint(0, 9)) for _ in range(7))
    return body + str(_check(body, _W10))
