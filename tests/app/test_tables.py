"""Every table people read shows an empty cell as «—», not Streamlit's own English «None»
(issue 14, item 8): one helper (ui.widgets.data_table / edit_table) sets Streamlit's
`placeholder`, and no page draws a table around it."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.widgets import EMPTY_CELL

ROOT = Path(__file__).resolve().parents[2]
DIRECT_TABLE = re.compile(r"\.(dataframe|data_editor)\(")


def _tables() -> None:
    import pandas as pd

    from ui.widgets import data_table, edit_table

    frame = pd.DataFrame({"Сделка": [1, 2], "Сумма, ₽": [45900.0, None]})
    data_table(frame, key="shown")
    edit_table(frame, key="edited")


def test_an_empty_cell_reads_a_dash_in_a_shown_and_an_edited_table() -> None:
    app = AppTest.from_function(_tables).run()
    assert not app.exception
    placeholders = [table.proto.placeholder for table in app.dataframe]
    assert placeholders == [EMPTY_CELL, EMPTY_CELL]


def test_no_page_draws_a_table_but_through_data_table() -> None:
    files = [*ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py")]
    direct = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if path.name != "widgets.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if DIRECT_TABLE.search(line)
    ]
    assert not direct, direct
