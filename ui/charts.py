"""Every altair chart in Russian (issue 14, item 8): one altair theme with a Russian number and
time locale (Vega formats «ноя», «1 234,5» itself), 24-hour tick labels and Russian dates in
tooltips. Streamlit keeps a theme that is not altair's "default", so enabling this one once per
run (from ui.russian) reaches every st.altair_chart without touching the pages."""

from __future__ import annotations

from typing import Any

import altair as alt

from ui.texts import streamlit_ru as T

THEME = "qc_russian"

# d3-format / d3-time-format locale definitions (what Vega's config.locale takes)
NUMBER_LOCALE = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0₽"],
}
TIME_LOCALE = {
    "dateTime": "%d.%m.%Y %H:%M:%S",
    "date": "%d.%m.%Y",
    "time": "%H:%M:%S",
    "periods": ["", ""],  # no AM/PM: the labels below are 24-hour
    "days": T.DAYS,
    "shortDays": T.SHORT_DAYS,
    "months": T.MONTHS,
    "shortMonths": T.SHORT_MONTHS,
}
# Vega's own tick labels per granularity ("%I %p" hours, "%b %d" weeks) made 24-hour and day-first
TIME_TICKS = {
    "year": "%Y",
    "quarter": "%b %Y",
    "month": "%b",
    "week": "%d.%m",
    "date": "%d.%m",
    "hours": "%H:%M",
    "minutes": "%H:%M",
    "seconds": ":%S",
    "milliseconds": ".%L",
}


def russian_theme() -> dict[str, Any]:
    """The theme's config: the locale, temporal axes' tick formats, dates in text and tooltips."""
    return {
        "config": {
            "locale": {"number": NUMBER_LOCALE, "time": TIME_LOCALE},
            "axisTemporal": {"format": TIME_TICKS},
            "timeFormat": "%d.%m.%Y",
        }
    }


def russian_charts() -> None:
    """Register and enable the Russian theme (process-wide; cheap to repeat on every run)."""
    if THEME not in alt.theme.names():
        alt.theme.register(THEME, enable=False)(russian_theme)
    if alt.theme.active != THEME:
        alt.theme.enable(THEME)
