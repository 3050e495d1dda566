"""SLA on the statistics page (issue 14, item 4): % within target per line, specialist and month,
in working minutes when the calendar is on; export; the admin edits the targets here."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from core.calendar import WorkClock
from core.roles import Action, Actor, can
from core.sla import DEFAULT_LINE, SlaRow, SlaTarget, sla_table, target_for
from db.calendar import load_calendar
from db.directory import directory_names
from db.requests import dimension_values
from db.sla import set_sla_targets, sla_targets, sla_times
from ui.data import after_write, get_db
from ui.drill import Drill, Mapper, drill_table, period_drill
from ui.fmt import fmt_int, fmt_pct
from ui.texts import drill as D
from ui.texts import monitor as T
from ui.widgets import download_xlsx, edit_table

Filters = tuple[tuple[str, tuple[str, ...]], ...]


# Fixed widths: every header reads whole, and each number sits where a click expects it
# (tests/browser/test_stats_sections.py clicks by these widths).
SLA_WIDTHS = (220, 190, 170, 170, 150)  # 900 px: the content width at 1366 px


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def load_sla(
    db_file: str, start: date, end: date, filters: Filters, tz: str, working: bool
) -> dict[str, list[SlaRow]]:
    """The SLA tables of the period (empty when no target is set)."""
    db = get_db()
    targets = sla_targets(db)
    if not targets:
        return {}
    rows = sla_times(db, start, end, dict(filters))
    span = WorkClock(load_calendar(db), tz, start, end).seconds if working else None
    return {by: sla_table(rows, targets, by, span) for by in T.SLA_BY}


def frame(rows: list[SlaRow], by: str, names: dict[str, str], formatted: bool) -> pd.DataFrame:
    share = fmt_pct if formatted else (lambda v: None if v is None else round(v, 4))
    return pd.DataFrame(
        [
            {
                T.SLA_COL[by]: names.get(r.key, r.key) or "—",
                T.SLA_COL["reply_total"]: r.reply_total,
                T.SLA_COL["reply_share"]: share(r.reply_share),
                T.SLA_COL["resolution_total"]: r.resolution_total,
                T.SLA_COL["resolution_share"]: share(r.resolution_share),
            }
            for r in rows
        ],
        columns=[
            T.SLA_COL[c]
            for c in (by, "reply_total", "reply_share", "resolution_total", "resolution_share")
        ],  # fmt: skip
    )


def sla_mapper(
    rows: list[SlaRow], by: str, names: dict[str, str], base: Drill, targets: dict[str, SlaTarget]
) -> Mapper:
    """A cell of an SLA table: the requests its row counts for the reply or the resolution
    target (the share is of those; the name column lists both). Counted are the closed requests
    of a line whose target for that measure is set — so the list is the same filters plus the
    row's line, specialist or month and those lines."""
    # requests without a line count too (the default target applies to them): the filters' list
    # of lines has only named ones, so the empty line is added
    lines = [*dimension_values(get_db(), "line"), ""]
    chosen = dict(base.filters).get("line")

    def counted(measure: str) -> tuple[str, ...]:
        def has(line: str) -> bool:
            target = target_for(targets, line)
            minutes = 0 if target is None else getattr(target, f"{measure}_minutes")
            return minutes > 0

        return tuple(line for line in (chosen or lines) if has(line))

    def pick(row: int, column: str) -> Drill | None:
        key = rows[row].key
        if column in (T.SLA_COL["reply_total"], T.SLA_COL["reply_share"]):
            measure, title = "first_reply", D.SLA_REPLY
        elif column in (T.SLA_COL["resolution_total"], T.SLA_COL["resolution_share"]):
            measure, title = "resolution", D.SLA_RESOLUTION
        else:
            return None
        filters = dict(base.filters)
        filters["line"] = counted(measure)
        months: tuple[str, ...] = ()
        if by == "month":
            months = (key,)
        elif by == "line":
            filters["line"] = tuple(line for line in filters["line"] if line == key)
        else:
            filters["specialist"] = (key,)
        part = D.PART.format(label=T.SLA_COL[by], value=names.get(key, key) or "—")
        if not filters["line"]:  # no line counts for this measure: an empty filter is no filter
            return base.narrowed(title).narrowed(part, ids=())
        return base.narrowed(title).narrowed(part, filters=tuple(filters.items()), months=months)

    return pick


def edit_targets(actor: Actor) -> None:
    """The admin's table of targets per line (lines by name, stored by their id)."""
    db = get_db()
    names = directory_names(db)["line"]
    targets = sla_targets(db)
    lines = [DEFAULT_LINE, *sorted(set(dimension_values(db, "line")) | set(targets) - {""})]
    label = {
        line: T.SLA_ALL_LINES if line == DEFAULT_LINE else names.get(line, line) for line in lines
    }
    table = pd.DataFrame(
        [
            {
                T.SLA_EDIT_LINE: label[line],
                T.SLA_EDIT_REPLY: targets.get(line, SlaTarget(line)).first_reply_minutes,
                T.SLA_EDIT_RESOLUTION: targets.get(line, SlaTarget(line)).resolution_minutes,
            }
            for line in lines
        ]
    )
    with st.expander(T.SLA_EDIT):
        st.caption(T.SLA_EDIT_HELP)
        edited = edit_table(
            table, disabled=[T.SLA_EDIT_LINE], key="sla_editor",
            column_config={
                T.SLA_EDIT_REPLY: st.column_config.NumberColumn(min_value=0, step=1),
                T.SLA_EDIT_RESOLUTION: st.column_config.NumberColumn(min_value=0, step=1),
            },
        )  # fmt: skip
        if st.button(T.SLA_SAVE, key="sla_save"):
            count = set_sla_targets(
                db, actor,
                [SlaTarget(line, int(row[T.SLA_EDIT_REPLY] or 0), int(row[T.SLA_EDIT_RESOLUTION] or 0))
                 for line, (_, row) in zip(lines, edited.iterrows(), strict=True)],
            )  # fmt: skip
            after_write()
            st.success(T.SLA_SAVED.format(count=fmt_int(count)))


def show_sla(
    db_file: str,
    start: date,
    end: date,
    filters: Filters,
    tz: str,
    working: bool,
    actor: Actor,
    page: str,
) -> None:
    """The SLA section: three tables (each number opens its requests) and their export, and
    the targets for the admin."""
    st.subheader(T.SLA_TITLE)
    tables = load_sla(db_file, start, end, filters, tz, working)
    admin = can(actor.role, Action.MANAGE_SETTINGS)
    if not tables:
        st.caption(T.SLA_NONE if admin else T.SLA_NONE_ASK)
    else:
        st.caption(T.SLA_CAPTION.format(clock=T.SLA_CLOCK_WORK if working else T.SLA_CLOCK_WALL))
        names = directory_names(get_db())
        lookup = {"line": names["line"], "specialist": names["specialist"], "month": {}}
        sheets = {}
        base = period_drill("", start, end, filters, status="closed")
        targets = sla_targets(get_db())
        # one under another at full width: side by side at 1400 px each table was ~290 px wide
        # and its shares — the section's point — were cut off
        for by in T.SLA_BY:
            st.caption(T.SLA_BY[by])
            shown = frame(tables[by], by, lookup[by], True)
            drill_table(page, shown, f"sla_{by}",
                        sla_mapper(tables[by], by, lookup[by], base, targets), renew=True,
                        column_config={c: st.column_config.Column(width=w)
                                       for c, w in zip(shown.columns, SLA_WIDTHS, strict=True)})  # fmt: skip
            sheets[T.SLA_BY[by]] = frame(tables[by], by, lookup[by], False)
        download_xlsx(
            sheets, T.SLA_FILE.format(start=start.isoformat(), end=end.isoformat()),
            key="sla_xlsx", percent_columns=(T.SLA_COL["reply_share"], T.SLA_COL["resolution_share"]),
        )  # fmt: skip
    if admin:
        edit_targets(actor)
