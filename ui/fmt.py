"""Russian formatting of numbers, money, percentages, dates and durations through Babel (ru_RU)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)

from core.timeutil import DEFAULT_TZ, from_stored, to_local
from core.useragent import parse_user_agent
from ui.texts import sessions as TS

LOCALE = "ru_RU"


def fmt_int(value: float | int | None) -> str:
    """A whole number with Russian thousands separators: 18 030."""
    if value is None:
        return "—"
    return fmt_number(round(value))  # quick: a page formats hundreds of these per run


def fmt_num(value: float | None, digits: int = 1) -> str:
    """A decimal number with a decimal comma: 4,94."""
    if value is None:
        return "—"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE)


def fmt_pct(share: float | None, digits: int = 0) -> str:
    """A share 0..1 as a percentage: 37 %."""
    if share is None:
        return "—"
    pattern = "#,##0." + "0" * digits + "\u00a0%" if digits else "#,##0\u00a0%"
    return format_percent(share, format=pattern, locale=LOCALE)


def fmt_share(share: float | None) -> str:
    """A share in a table of shares: whole percent from 10 % up, one decimal below it, so 6 of
    2,443 reads «0,2 %» beside its 6 and not «0 %»; a share too small even for that, «<0,1 %»."""
    if share is None:
        return "—"
    if share == 0 or share >= 0.1:
        return fmt_pct(share)
    if share < 0.0005:
        return "<" + fmt_pct(0.001, 1)
    return fmt_pct(share, 1)


def fmt_money(kopecks: int | None) -> str:
    """Money stored in kopecks as rubles: 11 378 864,37 ₽."""
    if kopecks is None:
        return "—"
    return format_currency(kopecks / 100, "RUB", locale=LOCALE)


def fmt_date(value: date | str | None) -> str:
    """A calendar date as 22.11.2026."""
    if not value:
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, format="dd.MM.yyyy", locale=LOCALE)


def fmt_dt(value: datetime | str | None, tz: str = DEFAULT_TZ) -> str:
    """A stored UTC moment in the configured zone: 22.11.2026 14:05."""
    if not value:
        return "—"
    moment = from_stored(value) if isinstance(value, str) else value
    if moment is None:
        return "—"
    return format_datetime(to_local(moment, tz), format="dd.MM.yyyy HH:mm", locale=LOCALE)


def fmt_minutes(minutes: float | None) -> str:
    """A duration as '2 ч 05 мин', '7 мин' or '3 дн 4 ч'."""
    if minutes is None:
        return "—"
    total = max(0, round(minutes))
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} дн {hours} ч"
    if hours:
        return f"{hours} ч {mins:02d} мин"
    return f"{mins} мин"


def fmt_user_agent(header: str | None) -> str:
    """A session's browser as people say it: «Chrome 120, Windows» (never the raw header)."""
    client = parse_user_agent(header)
    browser = TS.BROWSER_NAMES.get(client.browser or "", client.browser) or TS.UNKNOWN_BROWSER
    if client.version is not None:
        browser = TS.BROWSER_VERSION.format(browser=browser, version=client.version)
    text = TS.CLIENT.format(browser=browser, system=client.system) if client.system else browser
    return TS.HEADLESS.format(client=text) if client.headless else text


# ---- numbers in tables (ui.widgets.data_table) ------------------------------------------------
# A table shows its numbers as Russian readers write them (45 900, 13,9) but never regroups an
# identifier: «2024» stays a year and «7701234567» an INN. Three rules, in order:
# 1. only number columns are touched: INN, phones, GUIDs and 1C-Connect request ids are text in
#    the database and come to a table as text, so they are shown as they are by construction;
# 2. a number column whose header names an identifier (a word of ID_WORDS: «№», «Год», «ИНН»,
#    «Номер», «Код», «Версия» …) is shown as plain digits — this catches the record numbers a page
#    puts in a table without anyone remembering to say so;
# 3. a page names any other identifier column itself (data_table(…, ids=[T.COL_TASK])).
# Everything else is a quantity: grouped by thousands, a decimal comma, as many decimals as the
# column needs (at most MAX_DECIMALS, the same for every cell so the column lines up).
ID_WORDS = frozenset(
    {"№", "id", "guid", "инн", "кпп", "огрн", "огрнип", "бик", "окпо", "телефон", "тел",
     "номер", "год", "код", "версия"}
)  # fmt: skip
MAX_DECIMALS = 4
GROUP_SYMBOL = get_group_symbol(locale=LOCALE)  # a no-break space
DECIMAL_SYMBOL = get_decimal_symbol(locale=LOCALE)  # a comma
_HEADER_WORDS = re.compile(r"№|[^\W\d_]+")
_RUSSIAN_NUMBER = str.maketrans({",": GROUP_SYMBOL, ".": DECIMAL_SYMBOL})


def is_id_header(header: object) -> bool:
    """Whether a column header names an identifier (a word of ID_WORDS), not a quantity."""
    return any(word in ID_WORDS for word in _HEADER_WORDS.findall(str(header).lower()))


def decimals_needed(values: Iterable[float]) -> int:
    """The fewest decimals (up to MAX_DECIMALS) that show every value of a column exactly as
    rounded by the page: 45900.0 needs none, 13.9 one, 1537972.8 and 0.25 two."""
    digits = 0
    for value in values:
        if not math.isfinite(value):
            continue
        while digits < MAX_DECIMALS:
            scaled = abs(value) * 10**digits
            if abs(scaled - round(scaled)) <= 1e-9 * max(1.0, scaled):
                break
            digits += 1
    return digits


def fmt_number(value: float, digits: int = 0) -> str:
    """A number as a table cell shows it: 45 900, 13,9, -1 234,50 (Babel's ru_RU symbols;
    Python's own formatting, so a table of thousands of cells is quick). A whole number is
    grouped as it is, never through a float (exact past 2**53)."""
    if isinstance(value, int) and not digits:
        return f"{value:,}".translate(_RUSSIAN_NUMBER)
    return f"{value:,.{digits}f}".translate(_RUSSIAN_NUMBER)
