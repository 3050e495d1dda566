"""Shared widgets: every table on screen (data_table / edit_table), Excel download of any table,
metric cards, and untrusted text shown as text."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from ui import texts
from ui.xlsx import MIME, xlsx_bytes


def to_xlsx(frames: dict[str, pd.DataFrame], percent_columns: Collection[str] = ()) -> bytes:
    """Write one or more tables to an xlsx workbook, a sheet each (through ui.xlsx: no formulas,
    real dates and numbers; see its docstring for `percent_columns`)."""
    return xlsx_bytes(frames, percent_columns)


def download_xlsx(
    frame: pd.DataFrame | dict[str, pd.DataFrame],
    file_name: str,
    key: str,
    label: str | None = None,
    percent_columns: Collection[str] = (),
) -> None:
    """An Excel download button for a table (or several, as sheets); columns named in
    `percent_columns` hold shares 0..1 and come out as percentages."""
    frames = frame if isinstance(frame, dict) else {"Данные": frame}
    st.download_button(
        label or texts.DOWNLOAD_XLSX,
        data=to_xlsx(frames, percent_columns),
        file_name=file_name,
        mime=MIME,
        key=key,
        icon=":material/download:",
    )


# What an empty cell shows. Streamlit draws a missing value as its own English «None» (a deal with
# no amount, a request with no rating); its `placeholder` parameter is the one switch for that.
EMPTY_CELL = "—"


def data_table(data: Any, **options: Any) -> Any:
    """st.dataframe for every table people read: empty cells as «—», no index, full width
    (each can be overridden); returns what st.dataframe returns (the selection with on_select)."""
    options = {"hide_index": True, "width": "stretch", "placeholder": EMPTY_CELL} | options
    return st.dataframe(data, **options)


def edit_table(data: Any, **options: Any) -> Any:
    """st.data_editor with the same empty-cell text as data_table; returns the edited table."""
    options = {"hide_index": True, "width": "stretch", "placeholder": EMPTY_CELL} | options
    return st.data_editor(data, **options)


def table_with_download(
    frame: pd.DataFrame, file_name: str, key: str, percent_columns: Collection[str] = ()
) -> None:
    """A full-width table with its Excel download under it: every table people read gets one."""
    data_table(frame, key=f"{key}_table")
    download_xlsx(frame, file_name, key=f"{key}_xlsx", percent_columns=percent_columns)


# Everything Markdown (with Streamlit's extensions: :color[…], :emoji:, $math$, autolinks) could
# read as syntax. A backslash makes any ASCII punctuation literal in CommonMark.
_MARKDOWN_SYNTAX = re.compile(r"""([\\`*_{}\[\]()#+\-.!|<>~$:&"'=^@/%?;,])""")
# GFM turns bare addresses into links after escapes are resolved; an invisible word joiner
# (U+2060) inside "://", "www." and after "@" keeps them plain text.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(:)(//)|(www)(\.)|(@)")


def plain(value: object) -> str:
    """Text from outside (client names, comments, file names, request ids, user agents) made
    literal for a Markdown template: st.markdown / st.caption / st.info / st.error / st.toast
    and widget labels all parse Markdown, so `![x](http://…)` would fetch an image and
    `[a](javascript:…)` would show a link. Wrap every such value:
    `st.caption(T.CLIENT.format(client=plain(row["client"])))`. Line breaks become spaces.
    Where no template is needed, show_plain() or st.dataframe are simpler still."""
    text = " ".join(str(value).splitlines())
    text = _AUTOLINK.sub(
        lambda m: (
            WORD_JOINER.join(g for g in m.groups() if g) + (WORD_JOINER if m.group(5) else "")
        ),
        text,
    )
    return _MARKDOWN_SYNTAX.sub(r"\\\1", text)


def show_plain(text: object) -> None:
    """Show outside text exactly as it is, never parsed as Markdown or HTML (st.text)."""
    st.text(str(text))


def metric_row(items: Sequence[tuple[str, str]]) -> None:
    """A row of big figures: (label, formatted value) pairs."""
    for column, (label, value) in zip(st.columns(len(items)), items, strict=True):
        column.metric(label, value)
