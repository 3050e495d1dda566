"""Completed tenders and contracts (seed 003, «полуавтоматический способ»): who sold what to whom,
when and for how much; several rows of one registry number are one tender with several items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class TenderItem:
    """One position of a contract: name, OKPD2 code, quantity, unit, unit price and sum (rubles)."""

    name: str = ""
    okpd2: str = ""
    quantity: float | None = None
    unit: str = ""
    price: float | None = None
    amount: float | None = None
    row: int = 0


@dataclass(slots=True)
class TenderRecord:
    """One tender (or contract) with its customer, winner, prices and items.

    `key` is the natural key: the contract's number when the file has one, else the registry
    number with the winner's INN (lots of one procedure won by different suppliers), else the
    row's content. INNs are restored (leading zero) text; `*_inn_ok` says the check digits hold.
    """

    key: str
    registry_number: str = ""
    contract_number: str = ""
    law: str = ""
    day: date | None = None
    status: str = ""
    customer_name: str = ""
    customer_inn: str = ""
    customer_inn_ok: bool = False
    customer_kpp: str = ""
    winner_name: str = ""
    winner_inn: str = ""
    winner_inn_ok: bool = False
    winner_kpp: str = ""
    nmck: float | None = None
    price: float | None = None
    items: list[TenderItem] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)

    @property
    def has_winner(self) -> bool:
        """A winner is named by an INN or a name ('NA' and blanks are no winner)."""
        return bool(self.winner_inn or self.winner_name)

    def contract_price(self) -> float | None:
        """The contract price, or the sum of the items when the file gives no price."""
        if self.price is not None:
            return self.price
        sums = [i.amount for i in self.items if i.amount is not None]
        if sums:
            return sum(sums)
        priced = [i.price * i.quantity for i in self.items if i.price is not None and i.quantity]
        return sum(priced) if priced else None


def law_of(text: str, registry: str = "") -> str:
    """'44-ФЗ' / '223-ФЗ' from a law cell ('44', 'ФЗ-44', '223-FZ'), else guessed from nothing."""
    cleaned = (text or "").replace(" ", "").upper()
    if "223" in cleaned:
        return "223-ФЗ"
    if "44" in cleaned:
        return "44-ФЗ"
    if "615" in cleaned:
        return "615-ПП"
    return text.strip()
