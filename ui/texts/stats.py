"""«Статистика обращений» (issue 14, item 11): the page draws one section at a time, so the
year's figures reach the screen within a second."""

from __future__ import annotations

SECTION = "Раздел"
SECTION_HELP = (
    "Страница показывает один раздел за раз — так она открывается быстрее. "
    "Фильтры и период действуют во всех разделах."
)
SECTIONS = {
    "tree": "Распределение",
    "compare": "Сравнение организаций",
    "sla": "SLA",
    "remote": "Удалённый доступ и звонки",
}
COMPARE_CAPTION = (
    "Сводка отдельно по каждой организации (для дистрибьютора — по партнёрам). "
    "Нажмите на число — откроется список этих обращений."
)
# a list's title when its figure is counted in working minutes
IN_WORKING_MINUTES = "в рабочих минутах"
