"""Drill-down texts (issue 14, item 5): any number of the statistics, ratings, SLA and monitor
opens the list of the requests behind it."""

from __future__ import annotations

DIALOG_TITLE = "Обращения за цифрой"
DIALOG_TITLE_OF = "Обращения за цифрой: {title}"
CLOSE = "Закрыть список"
# a metric card's button: read by screen readers and shown as the card's tooltip
OPEN_METRIC = "Список обращений: {label}"
TABLE_HELP = "Нажмите на число — откроется список этих обращений."
WORKING_NOTE = (
    "Время ожидания, реакции и решения — в рабочих минутах. Нажмите на число — откроется "
    "список этих обращений."
)
PART = "{label}: {value}"
SEPARATOR = " · "
PERIOD = "создано {start} – {end}"
# what a figure stands for
CLOSED = "Закрытые обращения"
RATED = "С оценкой"
NO_RATING = "Без оценки"
MARK = "Оценка {mark}"
LOW = "Оценки 1–{max}"
OPEN = "Открытые обращения"
WAITING = "Ждут назначения"
OLDEST = "Дольше всех ждёт"
CREATED_TODAY = "Поступили сегодня"
CLOSED_TODAY = "Закрыты сегодня"
MISSED_TODAY = "Пропущены сегодня"
LOW_TODAY = "Низкие оценки сегодня"
RATED_TODAY = "Оценены сегодня"
ALERTS = "Обращения открытых оповещений"
SLA_REPLY = "Учтены в SLA первого ответа"
SLA_RESOLUTION = "Учтены в SLA решения"
MONTH = "Месяц"
REQUEST = "Обращение {id}"
LINE_SERIES = "{line}: {series}"
FILE = "obrashcheniya.xlsx"
CLI_BUCKET_HELP = {
    "wait_b": "только с этим ожиданием назначения («» — неизмеримым), как в статистике",
    "reaction_b": "только с этой реакцией специалиста («» — неизмеримой)",
    "resolution_b": "только с этим временем решения («» — неизвестным)",
    "rating_b": "только эта группа оценок: 1-3, none (без оценки), 4-5",
}
CLI_RATING_HELP = "только с этой оценкой (можно несколько раз)"
