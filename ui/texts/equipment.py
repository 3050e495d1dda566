"""Russian texts of the equipment, tenders and telemarketing module (seed 003)."""

from __future__ import annotations

from ui.texts import AUDIT_ACTIONS, SETTING_LABELS

SETTING_LABELS["reminder_days"] = (
    "Напоминать о ТО и окончании гарантии за столько дней (через запятую)"
)
SETTING_LABELS["reminder_overdue_days"] = (
    "Сколько дней после просроченной даты ещё создавать задачу"
)
SETTING_LABELS["tender_warranty_okpd2"] = (
    "Гарантия оборудования из тендеров, мес., по группам ОКПД2 («26=12; 28=24»)"
)
AUDIT_ACTIONS["equipment.add"] = "Оборудование клиента добавлено"
AUDIT_ACTIONS["equipment.edit"] = "Карточка оборудования изменена"
AUDIT_ACTIONS["equipment.maintenance"] = "Отмечено проведённое ТО"
AUDIT_ACTIONS["equipment.remind"] = "Напоминания по оборудованию"
AUDIT_ACTIONS["equipment.task.done"] = "Задача по оборудованию выполнена"
AUDIT_ACTIONS["equipment.task.snooze"] = "Задача по оборудованию отложена"
AUDIT_ACTIONS["tender.match"] = "Сопоставление заказчика тендера проверено"
AUDIT_ACTIONS["telemarketing.build"] = "Кампания телемаркетинга создана"
AUDIT_ACTIONS["telemarketing.call"] = "Результат звонка записан"

# ---- codes -> names
EVENTS = {"warranty_end": "окончание гарантии", "maintenance": "ТО"}
OWNERS = {"ours": "наше", "competitor": "конкурента"}
STATUSES = {
    "under_warranty": "на гарантии",
    "out_of_warranty": "гарантия закончилась",
    "service_contract": "на сервисном договоре",
}
TASK_STATUSES = {"open": "открыта", "snoozed": "отложена", "done": "выполнена"}
OUTCOMES = {"ok": "исправно", "service": "нужно обслуживание", "critical": "критическое состояние"}
MATCHES = {"inn": "по ИНН", "name": "по названию — проверьте", "new": "новый клиент"}
PROBLEMS = {
    "missing_winner": "победитель не указан (тендер загружен без победителя)",
    "bad_inn": "ИНН не проходит проверку контрольных цифр (сохранён как есть, отмечен)",
    "unknown_product": "неизвестная номенклатура",
    "bad_owner": "владелец должен быть «наше» или «конкурента»",
}
ERRORS = {
    "not_own_client": "менеджер может менять оборудование только своих клиентов",
    "competitor_required": "для оборудования конкурента укажите конкурента",
    "product_required": "укажите оборудование (номенклатуру)",
    "bad_owner": "неизвестный владелец",
    "unknown_equipment": "такого оборудования нет",
    "unknown_kind": "у этого оборудования нет такого вида обслуживания",
    "unknown_field": "это поле не редактируется",
    "unknown_task": "такой задачи нет",
    "not_your_task": "это задача другого сотрудника",
    "task_done": "задача уже выполнена",
    "empty_campaign": "по этим условиям не нашлось ни одного клиента",
    "not_your_call": "этот звонок назначен другому сотруднику",
    "unknown_call": "такого звонка нет",
    "bad_outcome": "неизвестный результат звонка",
    "unknown_tender": "такого тендера нет",
}

# ---- import kinds (importers/kinds.py): the page's selector, its help, cli.py import --help
IMPORT_PRODUCTS = {
    "title": "Номенклатура оборудования",
    "help": (
        "Таблица «Номенклатура», «Вид оборудования», «Гарантия, мес.», «Вид обслуживания», "
        "«Периодичность, мес.» — по строке на каждый вид обслуживания. Контрольные даты уже "
        "загруженного оборудования пересчитываются."
    ),
    "cli": "номенклатура: вид оборудования, гарантия, виды и периодичность ТО (xlsx, xls, ods, csv)",
    "fields": {},
}
IMPORT_SALES = {
    "title": "Отгрузки оборудования (1С)",
    "help": (
        "Отчёт 1С о продажах или реализациях как есть: шапка, отборы, двухстрочный заголовок, "
        "строки групп и «Итого» распознаются. Каждая единица (серийный номер или штука) попадает "
        "в «СТОК» с контрольными датами; повторная загрузка ничего не меняет."
    ),
    "cli": "отгрузки из учётной системы (отчёт 1С о продажах: xlsx, xls, ods, csv)",
    "fields": {},
}
IMPORT_TENDERS = {
    "title": "Завершённые тендеры",
    "help": (
        "Выгрузки ЕИС (zakupki.gov.ru), сервисов тендеров или своя таблица: заказчик, победитель, "
        "НМЦК, цена контракта, позиции. Строки с одним реестровым номером — один тендер; «NA» — "
        "нет победителя; ИНН с ошибкой сохраняется и отмечается."
    ),
    "cli": "завершённые тендеры и контракты (xlsx, xls, ods, csv; выгрузки ЕИС)",
    "fields": {},
}
IMPORT_EQUIPMENT = {
    "title": "Оборудование клиентов",
    "help": (
        "Список оборудования у клиентов, в том числе чужого: клиент, ИНН, оборудование, "
        "владелец («наше» / «конкурент»), конкурент, серийный номер, даты."
    ),
    "cli": "оборудование клиентов из файла, в том числе конкурентов (xlsx, xls, ods, csv)",
    "fields": {},
}

# ---- CLI
CLI_REMIND_HELP = "создать задачи о ТО и окончании гарантии по контрольным датам"
CLI_REMIND_TODAY_HELP = "считать сегодняшним днём (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)"
CLI_REMIND_DONE = (
    "Напоминания на {today}: новых задач {created}, поднято {raised}, "
    "вернулось из отложенных {woken}, просрочено открытых {overdue}"
)
CLI_DUE_HELP = "контрольные даты в периоде: окончание гарантии и очередное ТО каждого вида"
CLI_DUE_OWNER_HELP = "только наше (ours) или только конкурентов (competitor)"
CLI_SOW_HELP = "доля в клиенте: наши продажи / (наши + контракты конкурентов) по сегментам"
CLI_COMPETITORS_HELP = "база конкурентов: победы, суммы, заказчики, сегменты, средняя скидка"
CLI_TM_HELP = "«Анализ телемаркетинга»: ход обзвона по исполнителям, результаты, возможности"
CLI_NO_ROWS = "{count} строк"
CLI_WARNINGS = "Отмечено для проверки: {count}"
CLI_BAD_MAP = "Неверное сопоставление «{value}»: нужно ПОЛЕ=СТОЛБЕЦ"
CLI_DRY_RUN_DONE = (
    "Проверка без сохранения: строк {rows}, годных записей {records}, отклонено {rejected}"
)

# ---- background job
JOB_REMINDERS = "Напоминания о ТО и окончании гарантии оборудования клиентов"
JOB_REMINDERS_RESULT = "новых задач {created}, поднято {raised}, просрочено {overdue}"

# ---- e-mail
REMIND_MAIL_SUBJECT = "Напоминания по оборудованию клиентов: {count}"
REMIND_MAIL_LINE = "{due} — {event} {kind}: {product} {serial}, {client}"

# ---- report columns (xlsx and pages)
COL_SERIAL = "Серийный номер"
COL_CLIENT = "Клиент"
COL_CLIENT_INN = "ИНН клиента"
COL_PRODUCT = "Оборудование"
COL_EVENT = "Событие"
COL_KIND = "Вид ТО"
COL_DUE = "Дата"
COL_OWNER = "Владелец"
COL_RESPONSIBLE = "Ответственный"
COL_INN = "ИНН"
COL_NAME = "Наименование"
COL_TENDERS = "Побед"
COL_AMOUNT = "Сумма, ₽"
COL_CUSTOMERS = "Заказчиков"
COL_SEGMENTS = "Сегменты (ОКПД2)"
COL_DISCOUNT = "Средняя скидка от НМЦК"
COL_AGAINST_US = "Побед у наших клиентов"
COL_SEGMENT = "Сегмент"
COL_OURS = "Наши продажи, ₽"
COL_THEIRS = "Контракты конкурентов, ₽"
COL_SHARE = "Доля в клиенте"
COL_ASSIGNEE = "Исполнитель"
COL_CALLS = "Звонков"
COL_DONE = "Проведено"
COL_OPPORTUNITIES = "Возможностей"
COL_CAMPAIGN = "Кампания"

SHEET_DUE = "Контрольные даты"
SHEET_COMPETITORS = "Конкуренты"
SHEET_SOW = "Доля в клиенте"
SHEET_TM = "Анализ телемаркетинга"
