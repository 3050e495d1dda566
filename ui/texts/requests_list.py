"""`report requests` texts beyond the drill-down's (issue 14, item 5): the working-minutes
option and the workbook."""

from __future__ import annotations

CLI_WORKING_HELP = (
    "читать --wait, --reaction и --resolution в рабочих минутах по рабочему календарю, как "
    "статистика «в рабочих минутах» (в ней только закрытые обращения)"
)
SHEET = "Обращения"
COL_STATUS = "Статус"
