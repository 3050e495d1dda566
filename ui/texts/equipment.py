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
    "fields": {
        "name": "Номенклатура",
        "kind": "Вид оборудования",
        "warranty": "Гарантия, мес.",
        "maintenance_kind": "Вид обслуживания",
        "okpd2": "ОКПД2",
        "interval": "Периодичность, мес.",
    },
}
IMPORT_SALES = {
    "title": "Отгрузки оборудования (1С)",
    "help": (
        "Отчёт 1С о продажах или реализациях как есть: шапка, отборы, двухстрочный заголовок, "
        "строки групп и «Итого» распознаются. Каждая единица (серийный номер или штука) попадает "
        "в «СТОК» с контрольными датами; повторная загрузка ничего не меняет."
    ),
    "cli": "отгрузки из учётной системы (отчёт 1С о продажах: xlsx, xls, ods, csv)",
    "fields": {
        "doc": "Документ",
        "doc_no": "Номер документа",
        "doc_date": "Дата документа",
        "client_name": "Покупатель",
        "client_inn": "ИНН покупателя",
        "client_kpp": "КПП покупателя",
        "own_name": "Организация (продавец)",
        "own_inn": "ИНН организации",
        "own_kpp": "КПП организации",
        "product": "Номенклатура",
        "serial": "Серийные номера",
        "quantity": "Количество",
        "amount": "Сумма",
        "manager": "Менеджер",
        "warranty": "Гарантия, мес.",
    },
}
IMPORT_TENDERS = {
    "title": "Завершённые тендеры",
    "help": (
        "Выгрузки ЕИС (zakupki.gov.ru), сервисов тендеров или своя таблица: заказчик, победитель, "
        "НМЦК, цена контракта, позиции. Строки с одним реестровым номером — один тендер; «NA» — "
        "нет победителя; ИНН с ошибкой сохраняется и отмечается."
    ),
    "cli": "завершённые тендеры и контракты (xlsx, xls, ods, csv; выгрузки ЕИС)",
    "fields": {
        "contract": "Номер контракта",
        "registry": "Реестровый номер закупки",
        "day": "Дата контракта",
        "law": "Закон",
        "status": "Статус",
        "customer_name": "Заказчик",
        "customer_inn": "ИНН заказчика",
        "customer_kpp": "КПП заказчика",
        "winner_name": "Победитель (поставщик)",
        "winner_inn": "ИНН победителя",
        "winner_kpp": "КПП победителя",
        "is_winner": "Признак победителя",
        "nmck": "НМЦК",
        "price": "Цена контракта",
        "item_name": "Наименование позиции",
        "okpd2": "ОКПД2",
        "okpd2_name": "Наименование по ОКПД2",
        "quantity": "Количество",
        "unit": "Единица измерения",
        "item_price": "Цена за единицу",
        "item_sum": "Сумма позиции",
    },
}
IMPORT_EQUIPMENT = {
    "title": "Оборудование клиентов",
    "help": (
        "Список оборудования у клиентов, в том числе чужого: клиент, ИНН, оборудование, "
        "владелец («наше» / «конкурент»), конкурент, серийный номер, даты."
    ),
    "cli": "оборудование клиентов из файла, в том числе конкурентов (xlsx, xls, ods, csv)",
    "fields": {
        "client_name": "Клиент",
        "client_inn": "ИНН клиента",
        "product": "Оборудование",
        "owner": "Владелец (наше / конкурент)",
        "competitor": "Конкурент",
        "kind": "Вид оборудования",
        "serial": "Серийный номер",
        "ship_date": "Дата продажи",
        "warranty_end": "Окончание гарантии",
        "last_repair": "Последний ремонт",
        "year_made": "Год выпуска",
        "components": "Комплектующие",
        "contacts": "Контактные лица",
        "responsible": "Ответственный за ремонт",
    },
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

# ---- pages: menu
SECTION = "Оборудование и тендеры"
PAGE_REGISTER = "СТОК: оборудование клиентов"
PAGE_CLIENT = "Карточка клиента"
PAGE_TASKS = "Напоминания по оборудованию"
PAGE_TENDERS = "Тендеры и конкуренты"
PAGE_TM = "Телемаркетинг"

# ---- shared words
ANY = "все"
YES = "да"
SAVE = "Сохранить"
SAVED = "Сохранено."
OVERDUE = "просрочена"
NOT_CALLED = "не звонили"
NO_WINNER = "нет победителя"
UNASSIGNED = "не назначено"
EVERYONE = "все сотрудники"
NO_GROUPING = "без группировки"
SET_BY_HAND = " (задано вручную)"
ESTIMATED = " (оценка по ОКПД2)"

COL_ID = "№"
COL_TYPE = "Тип оборудования"
COL_COMPETITOR = "Конкурент"
COL_SHIP_DATE = "Дата продажи"
COL_WARRANTY_END = "Окончание гарантии"
COL_WARRANTY_END_SET = "Окончание гарантии (вручную)"
COL_NEXT_MAINTENANCE = "Плановое ТО"
COL_STATUS = "Статус"
COL_SALE_DOC = "Документ продажи"
COL_TENDER = "Тендер"
COL_COUNT = "Единиц"
COL_NEAREST_WARRANTY = "Ближайшее окончание гарантии"
COL_NEAREST_MAINTENANCE = "Ближайшее ТО"
COL_YEAR = "Год производства"
COL_COMPONENTS = "Состав комплектующих"
COL_AMOUNT_PIECE = "Сумма продажи"
COL_CONTRACT_UNTIL = "Сервисный договор до"
COL_LAST_REPAIR = "Дата последнего ремонта"
COL_MANAGER = "Менеджер"
COL_CONTACTS = "Ответственные лица заказчика"
COL_FIELD = "Поле"
COL_VALUE = "Значение"
COL_INTERVAL = "Периодичность, мес."
COL_LAST_DONE = "Последнее ТО"
COL_TASK = "Задача"
COL_TASK_STATUS = "Состояние"
COL_OPEN = "Открыто"
COL_OVERDUE = "Просрочено"
COL_SNOOZED = "Отложено"
COL_REGISTRY = "Реестровый номер"
COL_LAW = "Закон"
COL_WINNER = "Победитель"
COL_NMCK = "НМЦК"
COL_PRICE = "Цена"
COL_ITEMS = "Позиций"
COL_ITEM = "Позиция"
COL_OKPD2 = "ОКПД2"
COL_QTY = "Количество"
COL_UNIT = "Ед. изм."
COL_MATCH = "Сопоставление"
COL_OUR_WIN = "Наша победа"
COL_TENDER_CUSTOMER = "Заказчик в тендере"
COL_OUTCOME = "Результат звонка"
COL_CALLBACK = "Перезвонить"
COL_COMMENT = "Комментарий"
COL_OPPORTUNITY = "Возможность продажи"

# ---- «СТОК»
REGISTER_TITLE = "СТОК: оборудование клиентов"
REGISTER_CAPTION = (
    "Наше оборудование из отгрузок и чужое — внесённое вручную или из завершённых тендеров. "
    "Контрольные даты: окончание гарантии и плановое ТО каждого вида."
)
REGISTER_EMPTY = "Оборудования по этим условиям нет."
REGISTER_FILE = "stok-oborudovanie.xlsx"
REGISTER_GROUP_FILE = "stok-gruppy.xlsx"
FILTER_CLIENT = "Клиент"
FILTER_TYPE = "Тип оборудования"
FILTER_OWNER = "Чьё оборудование"
FILTER_WARRANTY_DAYS = "Гарантия кончается в ближайшие, дней"
FILTER_MAINTENANCE_DAYS = "ТО в ближайшие, дней"
FILTER_OVERDUE = "Есть просроченные задачи"
FILTER_SEARCH = "Поиск: клиент, ИНН, модель, серийный номер"
METRIC_PIECES = "Единиц оборудования"
METRIC_OURS = "Наших"
METRIC_COMPETITORS = "Конкурентов"
METRIC_UNDER_WARRANTY = "На гарантии"
SORT_BY = "Сортировать по"
SORT_DESC = "По убыванию"
GROUP_BY = "Группировать по"
CARD_TITLE = "Карточка оборудования"
CARD_PICK = "Оборудование"
CARD_EDIT = "Изменить карточку"
CARD_MAINTENANCE = "Отметить проведённое ТО"
MAINTENANCE_SAVE = "Отметить ТО"
ADD_TITLE = "Добавить оборудование конкурента"
ADD_CAPTION = (
    "Инженер на выезде или менеджер в разговоре узнал о чужом оборудовании у клиента: "
    "запишите его и кто его продал."
)
ADD_COMPETITOR_HELP = "Кто продал это оборудование клиенту (обязательно)"
ADD_SUBMIT = "Добавить"
ADDED = "Оборудование № {id} добавлено."
ERRORS["client_required"] = "укажите клиента или его ИНН"

# ---- client card
CLIENT_TITLE = "Карточка клиента: оборудование и доля"
CLIENT_CAPTION = (
    "Оборудование клиента — наше и конкурентов, контрольные даты на шкале времени, его тендеры, "
    "наша доля по сегментам, открытые задачи и кампании."
)
CLIENT_NONE = "Пока нет клиентов с оборудованием, отгрузками или тендерами."
CLIENT_EQUIPMENT = "Оборудование"
CLIENT_FILE = "klient-oborudovanie.xlsx"
CLIENT_TIMELINE = "Гарантия и ТО на шкале времени"
CLIENT_NO_DATES = "Контрольных дат в ближайшие годы нет."
CLIENT_SHARE = "Доля в клиенте по сегментам"
CLIENT_SHARE_FILE = "dolya-v-kliente.xlsx"
CLIENT_NO_SHARE = "Ни наших продаж, ни контрактов конкурентов у клиента нет."
CLIENT_TENDERS = "Тендеры клиента"
CLIENT_TENDERS_FILE = "tendery-klienta.xlsx"
CLIENT_NO_TENDERS = "Тендеров этого клиента нет."
CLIENT_TASKS = "Открытые задачи и кампании"
CLIENT_NO_TASKS = "Открытых задач и кампаний нет."

# ---- tasks
TASKS_TITLE = "Напоминания по оборудованию"
TASKS_CAPTION = (
    "Задачи о плановом ТО и окончании гарантии: создаются за 30 и 7 дней (настройка) и "
    "просрочены после даты. Выполненная или отложенная задача уходит из просроченных."
)
TASKS_PERSON = "Сотрудник"
TASKS_ACTIVE = "Открытые"
TASKS_DONE = "Выполненные"
TASKS_NONE = "Открытых задач нет."
TASKS_NONE_DONE = "Выполненных задач нет."
TASKS_FILE = "napominaniya.xlsx"
TASKS_PICK = "Задача"
TASKS_NOTE = "Итог (что сделано)"
TASKS_SNOOZE_UNTIL = "Отложить до"
TASKS_DONE_BUTTON = "Выполнено"
TASKS_SNOOZE_BUTTON = "Отложить"

# ---- tenders
TENDERS_TITLE = "Тендеры и конкуренты"
TENDERS_CAPTION = (
    "Завершённые тендеры показывают, кто, кому, что и на какую сумму продал. Победители — в базе "
    "конкурентов; наш ИНН из настроек — наша победа."
)
TENDERS_NONE = "Тендеров пока нет: загрузите выгрузку на странице «Импорт данных»."
TENDERS_FILE = "tendery.xlsx"
COMPETITORS_FILE = "konkurenty.xlsx"
TENDERS_PICK = "Позиции тендера"
TAB_COMPETITORS = "База конкурентов"
TAB_TENDERS = "Тендеры"
TAB_CONFIRM = "Проверить сопоставление"
METRIC_TENDERS = "Тендеров"
METRIC_COMPETITORS_BASE = "Конкурентов"
METRIC_NO_WINNER = "Без победителя"
METRIC_TO_CONFIRM = "Проверить сопоставление"
CONFIRM_NONE = "Все заказчики сопоставлены по ИНН или уже проверены."
CONFIRM_CAPTION = (
    "Эти заказчики совпали с нашими клиентами только по названию: подтвердите или отклоните "
    "(тогда заказчик станет отдельным клиентом)."
)
CONFIRM_PICK = "Сопоставление"
CONFIRM_YES = "Это тот же клиент"
CONFIRM_NO = "Это другой клиент"

# ---- telemarketing
TM_TITLE = "Телемаркетинг"
TM_CAPTION = (
    "Обзвон клиентов по истории продаж или по «СТОК»: узнать состояние оборудования; при "
    "критическом состоянии открывается возможность продажи для менеджера."
)
TM_METRIC_CAMPAIGNS = "Кампаний"
TM_METRIC_CALLS = "Звонков"
TM_METRIC_LEFT = "Осталось позвонить"
TM_METRIC_OPPORTUNITIES = "Возможностей продажи"
TM_TAB_CALLS = "Звонки"
TM_TAB_ANALYSIS = "Анализ телемаркетинга"
TM_TAB_BUILD = "Новая кампания"
TM_NO_CALLS = "Звонков для вас нет."
TM_NO_CAMPAIGNS = "Кампаний пока нет."
TM_FILE = "obzvon.xlsx"
TM_REPORT_FILE = "analiz-telemarketinga.xlsx"
TM_PICK = "Звонок"
TM_SAVE = "Записать результат"
TM_OPPORTUNITY = "Записано; открыта возможность продажи для менеджера."
TM_OPPORTUNITIES = "Возможности продажи из обзвона"
TM_NAME = "Название кампании"
TM_NAME_DEFAULT = "Обзвон по оборудованию {day}"
TM_SOURCE = "Кого обзванивать"
TM_SOURCES = {"sales": "по истории продаж", "register": "по «СТОК» (ТО, гарантия)"}
TM_FROM_SALES = "По истории продаж: тип или модель, проданные в период."
TM_FROM_REGISTER = "По «СТОК»: подходит ТО или кончается гарантия — наше и конкурентов."
TM_SOLD_FROM = "Продано с"
TM_SOLD_TO = "Продано по"
TM_WITHIN = "В ближайшие, дней"
TM_ASSIGNEE = "Кому звонить"
TM_ASSIGNEES = {"by_manager": "менеджеру клиента", "": "любому менеджеру (роль)"}
TM_BUILD = "Создать кампанию"
TM_BUILT = "Кампания № {id} создана."

# ---- overview card
OVERVIEW_TITLE = "Оборудование и тендеры"
OVERVIEW_MAINTENANCE = "ТО в этом месяце"
OVERVIEW_WARRANTY = "Гарантий кончается"
OVERVIEW_OVERDUE = "Просроченных задач"
OVERVIEW_TOP = "Главный конкурент"
OVERVIEW_TOP_SUM = "Главный конкурент: {name}, контрактов на {amount}"
OVERVIEW_LINK = "Открыть «СТОК»"
