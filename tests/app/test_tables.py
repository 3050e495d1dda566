"""Every table people read shows an empty cell as «—», not Streamlit's own English «None»
(issue 14, item 8): one helper (ui.widgets.data_table / edit_table) sets Streamlit's
`placeholder`."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.widgets import EMPTY_CELL


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
