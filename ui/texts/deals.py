"""Russian strings of the deals module: conditional refusal, QC callbacks, CRM hygiene (issue 12)."""

from __future__ import annotations

from core.deals import STAGE_NAMES

STAGES = dict(STAGE_NAMES)

# ---- navigation -----------------------------------------------------------------------------
SECTION = "Сделки и отказы"
PAGE_MY = "Мои сделки"
PAGE_QUEUE = "Проверка отказов"
PAGE_REPORTS = "Отчёты по отказам"
PAGE_HYGIENE = "Качество ведения CRM"
PAGE_SETTINGS = "Этапы и причины отказа"
PAGE_IMPORT = "Импорт сделок"
PAGE_CLIENTS = "Клиенты"

# ---- rule refusals (codes of core.deals.DealRuleError) ------------------------------------------
RULES = {
    "forbidden_role": "у вашей роли нет права менять сделки",
    "manager_cannot_close_lost": (
        "менеджер не может закрыть сделку как «Закрыто и не реализовано»: переведите её в "
        "«Условный отказ» с причиной — отдел контроля качества перезвонит клиенту и решит"
    ),
    "not_own_deal": "это не ваша сделка: менеджер меняет только свои сделки",
    "not_own_client": "это не ваш клиент: менеджер меняет только своих клиентов",
    "unknown_client": "нет такого клиента",
    "unknown_contact": "у клиента нет такого контакта",
    "same_stage": "сделка уже на этом этапе",
    "deal_closed": "сделка закрыта; вернуть её в работу может контроль качества или руководитель",
    "use_verification": (
        "сделка в «Условном отказе»: вывести её оттуда можно только записав итог контрольного "
        "звонка (deals verify)"
    ),
    "verification_required": (
        "закрыть сделку как «Закрыто и не реализовано» можно только после записанного "
        "контрольного звонка: deals verify ID --outcome confirmed"
    ),
    "not_in_refusal": (
        "закрыть как «Закрыто и не реализовано» или проверить звонком можно только сделку в "
        "«Условном отказе»"
    ),
    "reason_required": "для «Условного отказа» нужна причина из списка",
    "unknown_reason": "причины «{reason}» нет в списке причин отказа",
    "comment_required": "для причины «Другое» нужен комментарий",
    "verify_forbidden": "записать итог контрольного звонка может только контроль качества, "
    "руководитель или администратор",
    "bad_outcome": "итог звонка — confirmed или returned, а не «{outcome}»",
    "to_manager_needs_return": "передать другому менеджеру можно только возвращённую сделку",
    "unknown_stage": "нет такого этапа: {stage}",
    "unknown_system": "неизвестная CRM: {system}",
    "empty_reasons": "список причин не может быть пустым",
    "bad_target": "норматив — от 1 до 30 рабочих дней",
    "reassign_forbidden": "передать сделку другому менеджеру может только руководитель или ОКК",
    "unknown_task": "нет такой задачи",
    "unknown_deal": "нет сделки с номером {deal}",
    "unknown_manager": "нет активного пользователя «{login}»",
}
UNKNOWN_STAGE = "Нет такого этапа «{stage}». Этапы: {stages}"
MOVED = "Сделка {id}: {stage}."
VERIFIED = "Сделка {id}: {stage}, менеджер {manager}."

# ---- CLI ------------------------------------------------------------------------------------
CLI_DEALS_HELP = "сделки: смена этапа, контрольный звонок, карточка"
CLI_MOVE_HELP = "перевести сделку на этап (код или русское название)"
CLI_VERIFY_HELP = "записать итог контрольного звонка по «Условному отказу»"
CLI_SHOW_HELP = "показать сделку"
CLI_AS_HELP = "от имени пользователя (логин)"
CLI_REASON_HELP = "причина отказа из списка"
CLI_COMMENT_HELP = "комментарий"
CLI_OUTCOME_HELP = "confirmed — отказ подтверждён (закрыть), returned — вернуть в работу"
CLI_CLIENT_REASON_HELP = "причина отказа со слов клиента"
CLI_TO_MANAGER_HELP = "вернуть другому менеджеру (логин)"
CLI_IMPORT_DEALS_HELP = "сделки из Битрикс24, amoCRM или простой таблицы (xlsx, xls, ods, csv)"
CLI_IMPORT_CLIENTS_HELP = "клиенты с контактами (xlsx, xls, ods, csv)"
CLI_STAGE_MAP_HELP = 'файл JSON {"этап в CRM": "код этапа воронки"}'
CLI_SYSTEM_HELP = "из какой CRM файл: bitrix24, amocrm, table (по умолчанию — определить)"
CLI_DRY_RUN_HELP = "проверить файл, ничего не сохраняя"
CLI_REFUSALS_HELP = "отказы: проверено, возвращено, причины менеджеров и клиентов"
CLI_HYGIENE_HELP = "качество ведения CRM по менеджерам и список исправлений"
CLI_DECISIONS_HELP = "решения контроля качества для загрузки обратно в CRM"
CLI_CSV_HELP = "сохранить в CSV (для загрузки в CRM)"
CLI_SHOW_LINE = (
    "Сделка {id}: {title}\nКлиент: {client}\nМенеджер: {manager}\nЭтап: {stage}\n"
    "Сумма: {amount}\nПричина отказа: {reason}"
)
CLI_UNMAPPED = (
    "Этапы без сопоставления (строки отклонены): {stages}. Укажите их в --stage-map или на "
    "странице «Этапы и причины отказа»."
)
CLI_IMPORT_NOTHING = "ни одна строка файла не загружена"
CLI_STAGE_MAP_BAD = "Файл сопоставления этапов {path} не подходит: {reason}"
CLI_REFUSALS_TITLE = (
    "Отказы: ждут проверки {awaiting}, подтверждено {confirmed}, возвращено {returned} "
    "на {returned_amount}, выиграно после возврата {won}"
)
CLI_REFUSALS_REASON = "  {reason:<28} менеджеры {by_manager:>6}   клиенты {by_client:>6}"
CLI_REFUSALS_MANAGER = (
    "  {manager:<20} отказов {refusals:>6}  возвращено {returned:>6}  ложных {rate}"
)
CLI_HYGIENE_LINE = (
    "  {manager:<20} балл {score:>5}  клиенты {clients:>5} ({cc})  сделки {deals:>5} ({dc})  "
    "просрочено задач {overdue:>4}  без контакта 1/3/12 мес. {m1}/{m3}/{m12}"
)
CLI_HYGIENE_TITLE = "Качество ведения CRM (балл 0–100):"
CLI_HYGIENE_FIX = "Исправить: {count}"
CLI_DECISIONS_LINE = "  {id:<12} {stage:<30} {manager}"
CLI_DECISIONS_NONE = "Решений за период нет."

# ---- xlsx sheets and columns ----------------------------------------------------------------------
SHEET_SUMMARY = "Итоги"
SHEET_REASONS = "Причины"
SHEET_MANAGERS = "Менеджеры"
SHEET_MIX = "Причины по менеджерам"
SHEET_HYGIENE = "Менеджеры"
SHEET_FIX = "Исправить"
SHEET_DECISIONS = "Решения"
COL_FIGURE = "Показатель"
COL_VALUE = "Значение"
SUMMARY_AWAITING = "Ждут проверки"
SUMMARY_CONFIRMED = "Отказ подтверждён"
SUMMARY_RETURNED = "Возвращено в работу"
SUMMARY_RETURNED_AMOUNT = "Возвращено в воронку, ₽"
SUMMARY_WON_AMOUNT = "Выиграно после возврата, ₽"
SUMMARY_ACCURACY = "Точность причин менеджеров"
COL_REASON = "Причина"
COL_BY_MANAGER = "Со слов менеджеров"
COL_BY_CLIENT = "Со слов клиентов"
COL_MANAGER = "Менеджер"
COL_REFUSALS = "Отказов"
COL_RETURNED = "Возвращено"
COL_FALSE_RATE = "Доля ложных"
COL_TEAM_FALSE_RATE = "Доля ложных по команде"
COL_COUNT = "Количество"
COL_SHARE = "Доля у менеджера"
COL_TEAM_SHARE = "Доля по команде"
COL_RATIO = "Во сколько раз чаще"
COL_SCORE = "Балл"
COL_CLIENTS = "Клиентов"
COL_CLIENT_COMPLETENESS = "Заполненность клиентов"
COL_DEALS = "Открытых сделок"
COL_DEAL_COMPLETENESS = "Заполненность сделок"
COL_OVERDUE = "Просроченных задач"
COL_NO_CONTACT = "Без контакта {months} мес."
COL_KIND = "Что"
COL_ID = "Номер"
COL_NAME = "Название"
COL_PROBLEMS = "Что исправить"
COL_DEAL = "Номер сделки"
COL_STAGE = "Этап"
COL_STAGE_CODE = "Код этапа"
COL_DECIDED = "Решено"
COL_CLIENT_REASON = "Причина со слов клиента"
COL_CLIENT = "Клиент"
COL_INN = "ИНН"
COL_AMOUNT = "Сумма, ₽"
COL_SOURCE = "Источник"
COL_TITLE = "Название сделки"
COL_STAGE_SINCE = "На этапе с"
COL_NEXT_TASK = "Следующая задача"
COL_REFUSED = "Отказ записан"
COL_AGE = "Ждёт, раб. дн."
COL_TARGET = "Норматив, раб. дн."
COL_LATE = "Просрочено"
COL_COMMENT = "Комментарий"
COL_QC_COMMENT = "Комментарий ОКК"
COL_VERIFIED = "Проверено"
COL_WHEN = "Когда"
COL_WHO = "Кто"
COL_EVENT = "Событие"
FIX_KINDS = {"deal": "Сделка", "task": "Задача", "client": "Клиент"}
FIX_PROBLEMS = {
    "next_task": "нет следующей задачи",
    "amount": "нет суммы",
    "source": "нет источника",
    "overdue": "задача просрочена",
    "contact_name": "нет контактного лица",
    "contact_role": "нет должности контакта",
    "phone": "нет телефона",
    "email": "нет e-mail",
    "industry": "нет отрасли",
    "segment": "нет сегмента",
    "no_contact_3m": "нет контакта больше 3 месяцев",
}
REFUSALS_FILE = "отказы.xlsx"
HYGIENE_FILE = "качество_CRM.xlsx"
DECISIONS_FILE = "решения_для_CRM.xlsx"
DECISIONS_CSV = "решения_для_CRM.csv"
DEALS_FILE = "сделки.xlsx"
QUEUE_FILE = "проверка_отказов.xlsx"

# ---- manager's page -------------------------------------------------------------------------
MY_TITLE = "Мои сделки"
MY_CAPTION = (
    "Закрыть сделку как «Закрыто и не реализовано» менеджер не может: если клиент отказывается, "
    "переведите сделку в «Условный отказ» и укажите причину — контроль качества перезвонит "
    "клиенту."
)
ALL_TITLE = "Сделки"
ALL_CAPTION = "Все сделки отдела; фильтр по менеджеру и этапу."
FILTER_MANAGER = "Менеджер"
FILTER_STAGES = "Этапы"
ALL_MANAGERS = "Все менеджеры"
FILTERED_CLIENT = "Показаны сделки клиента {client}."
MOVE_REASON_HELP = "Нужна только для «Условного отказа»."
MOVE_OTHER_NOTE = "Для причины «{other}» напишите в комментарии, что сказал клиент."
TAB_OPEN = "В работе ({count})"
TAB_REFUSED = "Условный отказ ({count})"
TAB_RETURNED = "Возвращены контролем ({count})"
TAB_CLOSED = "Закрытые ({count})"
NO_DEALS = "Сделок нет."
NO_RETURNED = "Возвращённых сделок нет."
MOVE_HEADER = "Сменить этап"
MOVE_DEAL = "Сделка"
MOVE_STAGE = "Новый этап"
MOVE_REASON = "Причина отказа"
MOVE_COMMENT = "Комментарий (для «Другое» обязателен)"
MOVE_SUBMIT = "Сохранить этап"
MOVE_DONE = "Сделка {id} переведена на этап «{stage}»."
MOVE_NO_TARGETS = "Сейчас эту сделку никуда перевести нельзя."
RETURNED_NOTE = "Клиент сказал: {client_reason}. Комментарий ОКК: {comment}"

# ---- QC queue -----------------------------------------------------------------------------------
QUEUE_TITLE = "Проверка отказов"
QUEUE_CAPTION = (
    "Условные отказы по порядку: сначала самые старые. Норматив проверки — {target} раб. дн. "
    "Позвоните клиенту, запишите итог и причину с его слов."
)
QUEUE_EMPTY = "Очередь пуста: все условные отказы проверены."
QUEUE_FIGURES = ("Ждут проверки", "Просрочено", "Самый старый, раб. дн.", "Норматив, раб. дн.")
QUEUE_PICK = "Сделка для звонка"
QUEUE_PICK_LABEL = "{id} · {client} · {reason} · {age} раб. дн."
QUEUE_CARD = "Сделка {id}: {title}"
QUEUE_PHONE = "Телефон клиента: {phone}"
QUEUE_CONTACT = "Контакт: {name} {role}"
QUEUE_NO_PHONE = "Телефона клиента в CRM нет — найдите его в карточке клиента."
QUEUE_SCRIPT = "Скрипт звонка"
QUEUE_HISTORY = "История сделки"
QUEUE_OUTCOME = "Итог звонка"
QUEUE_OUTCOMES = {
    "confirmed": "Отказ подтверждён — закрыть «Закрыто и не реализовано»",
    "returned": "Отказ ложный — вернуть в работу",
}
QUEUE_CLIENT_REASON = "Причина со слов клиента"
QUEUE_TO_MANAGER = "Вернуть менеджеру"
QUEUE_SAME_MANAGER = "Тому же менеджеру"
QUEUE_COMMENT = "Что сказал клиент"
QUEUE_SUBMIT = "Записать итог"
QUEUE_DONE = "Сделка {id}: {stage}."
QUEUE_WAIT_LATE = "Ждёт {age} раб. дн. — больше норматива ({target})"
QUEUE_WAIT_OK = "Ждёт {age} раб. дн. из {target}"
# Seed 002's call script with the deal's data filled in.
SCRIPT = (
    "— Добрый день, это {employee}, компания {company}. Я являюсь сотрудником службы качества "
    "и сейчас в системе вижу информацию, что вы общались {talked} с нашим менеджером "
    "{manager} и отказались от покупки по причине «{reason}», это так?\n\n"
    "— Скажите, что можно предпринять, чтобы вы сделали выбор в пользу покупки {product} в "
    "нашей компании?"
)
SCRIPT_PRODUCT_FALLBACK = "наших продуктов"
HISTORY_STAGE = "{from_stage} → {to_stage}"
HISTORY_CREATED = "создана: {to_stage}"
ACTIVITY_KINDS = {"call": "Звонок", "email": "Письмо", "meeting": "Встреча", "note": "Заметка"}

# ---- reports ------------------------------------------------------------------------------------
REPORTS_TITLE = "Отчёты по отказам"
REPORTS_CAPTION = (
    "Отказы, записанные за период: сколько проверено и возвращено, точность причин менеджеров "
    "(совпала ли причина со словами клиента), доля ложных отказов по менеджерам против команды, "
    "деньги, возвращённые в воронку."
)
REPORT_FIGURES = (
    "Ждут проверки",
    "Подтверждено",
    "Возвращено",
    "Возвращено в воронку",
    "Выиграно после возврата",
    "Точность причин",
)
REPORT_REASONS = "Причины: менеджеры и клиенты"
REPORT_MANAGERS = "Ложные отказы по менеджерам"
REPORT_MIX = "Причины по менеджерам против команды"
REPORT_MIX_CAPTION = "Выделены причины, которые у менеджера встречаются в 2 и более раз чаще, чем в среднем по команде."
REPORT_DECISIONS = "Решения для загрузки в CRM"
REPORT_DECISIONS_CAPTION = (
    "Номер сделки, новый этап в названиях вашей CRM и менеджер — файл для загрузки обратно в CRM."
)
DOWNLOAD_CSV = "Скачать CSV"
PERIOD_ALL = "За всё время"
SERIES_MANAGER = "Менеджеры"
SERIES_CLIENT = "Клиенты"

# ---- hygiene --------------------------------------------------------------------------------------
HYGIENE_TITLE = "Качество ведения CRM"
HYGIENE_CAPTION = (
    "По менеджерам: заполненность клиентов (контакт, должность, телефон, e-mail, отрасль, "
    "сегмент) и открытых сделок (этап, следующая задача, сумма, источник), просроченные задачи "
    "(норма — ноль), клиенты без контакта 1, 3 и 12 месяцев. Балл 0–100."
)
HYGIENE_TEAM = "По команде"
HYGIENE_FIX = "Что исправить ({count})"
HYGIENE_FIX_MORE = "Показаны первые записи каждого вида из {total}."
HYGIENE_OPEN = "Открыть"

# ---- settings -------------------------------------------------------------------------------------
SETTINGS_TITLE = "Этапы и причины отказа"
SETTINGS_REASONS = "Причины отказа"
SETTINGS_REASONS_HELP = "По одной в строке. «Другое» требует комментария."
SETTINGS_REASONS_SAVE = "Сохранить причины"
SETTINGS_TARGET = "Норматив проверки отказа, рабочих дней"
SETTINGS_TARGET_SAVE = "Сохранить норматив"
SETTINGS_MAP = "Сопоставление этапов CRM"
SETTINGS_MAP_CAPTION = (
    "Как названия этапов из выгрузки CRM переводятся в этапы воронки. Стандартные этапы "
    "Битрикс24 и amoCRM уже сопоставлены; здесь можно добавить свои и переопределить."
)
SETTINGS_SYSTEM = "CRM"
SYSTEMS = {"bitrix24": "Битрикс24", "amocrm": "amoCRM", "table": "Простая таблица"}
SETTINGS_COL_SOURCE = "Этап в CRM"
SETTINGS_COL_STAGE = "Этап воронки"
SETTINGS_COL_DEFAULT = "Стандартный"
SETTINGS_MAP_SAVE = "Сохранить сопоставление"
SETTINGS_SAVED = "Сохранено."

# ---- import page --------------------------------------------------------------------------------
IMPORT_TITLE = "Импорт сделок"
IMPORT_CAPTION = (
    "Выгрузка сделок из Битрикс24 или лидов из amoCRM (xlsx, xls, csv) или простая таблица: "
    "номер сделки, клиент, ИНН, менеджер, этап, сумма, источник, дата создания. Строки с одним "
    "номером (по товару в строке) собираются в одну сделку."
)
IMPORT_FILE = "Файл"
IMPORT_SYSTEM = "Источник: {system}"
IMPORT_PREVIEW = "Будет загружено сделок: {deals}, отклонено строк: {rejected}."
IMPORT_UNMAPPED = "Этапы CRM без сопоставления — выберите этап воронки для каждого:"
IMPORT_MAP_STAGE = "«{stage}» →"
IMPORT_SUBMIT = "Загрузить"
IMPORT_DONE = "Загружено: {imported}, без изменений: {duplicates}, отклонено: {rejected}."
IMPORT_REJECTS = "Отклонённые строки"
IMPORT_REJECTS_FILE = "отклонённые_сделки.xlsx"
IMPORT_COL_ROW = "Строка"
IMPORT_COL_COLUMN = "Столбец"
IMPORT_COL_REASON = "Причина"
IMPORT_COL_VALUES = "Значения"
IMPORT_PROBLEMS = {
    "unmapped_stage": "этап CRM не сопоставлен с этапом воронки",
    "missing_value": "пустое обязательное значение",
    "bad_number": "не число",
    "bad_date": "не дата",
    "bad_inn": "неверный ИНН",
    "conflicting_rows": "строки одной сделки расходятся",
}
IMPORT_NOT_ALLOWED = "Загружать сделки могут руководитель и администратор."

# ---- overview card and mail -------------------------------------------------------------------
OVERVIEW_TITLE = "Условные отказы"
OVERVIEW_AWAITING = "Ждут проверки"
OVERVIEW_OLDEST = "Самый старый, раб. дн."
OVERVIEW_OVERDUE = "Сверх норматива"
OVERVIEW_RETURNED = "Возвращено в этом месяце"
OVERVIEW_LINK = "Открыть очередь проверки"
OVERVIEW_MY_LINK = "Мои сделки"

# ---- background job -----------------------------------------------------------------------------
JOB_QUEUE = "Очередь проверки отказов: просроченные"
JOB_RESULT = (
    "В очереди {awaiting}, дольше норматива {overdue}, новых просроченных {new}, писем {mails}"
)

# ---- import kinds (importers/kinds.py) ------------------------------------------------------------
IMPORT_DEALS = {
    "title": "Сделки (Битрикс24, amoCRM)",
    "help": (
        "Выгрузка сделок Битрикс24, лидов amoCRM или простая таблица: номер сделки, клиент, ИНН, "
        "менеджер, этап, сумма, источник, дата создания. Строки одной сделки (по товару в строке) "
        "собираются в одну сделку; этапы CRM переводятся в этапы воронки по сопоставлению — "
        "несопоставленные этапы лучше задать на странице «Импорт сделок»."
    ),
    "cli": "сделки из Битрикс24, amoCRM или простой таблицы (xlsx, xls, ods, csv); "
    "--stage-map FILE.json, --system bitrix24|amocrm|table",
    "fields": {
        "id": "Номер сделки", "title": "Название", "stage": "Этап", "amount": "Сумма",
        "manager": "Менеджер", "company": "Клиент", "inn": "ИНН клиента", "source": "Источник",
        "created": "Дата создания", "closed": "Дата закрытия", "product": "Товар",
        "price": "Цена", "quantity": "Количество", "item_amount": "Сумма товара",
        "loss_reason": "Причина отказа", "loss_comment": "Комментарий к отказу",
        "contact": "Контакт", "contact_role": "Должность", "phone": "Телефон",
        "email": "E-mail", "industry": "Отрасль", "pipeline": "Воронка",
    },
    "options": {"system": "Система, из которой выгрузка (если не узнана сама)"},
    "option_values": {"system": SYSTEMS},
}  # fmt: skip
IMPORT_CLIENTS = {
    "title": "Клиенты с контактами",
    "help": "Клиент, ИНН, менеджер, контактное лицо, должность, телефон, e-mail, отрасль, сегмент.",
    "cli": "клиенты с контактами (xlsx, xls, ods, csv)",
    "fields": {
        "name": "Клиент", "inn": "ИНН", "manager": "Менеджер", "contact": "Контакт",
        "role": "Должность", "phone": "Телефон", "email": "E-mail", "industry": "Отрасль",
        "segment": "Сегмент", "region": "Регион", "last_contact": "Последний контакт",
    },
}  # fmt: skip

# ---- deal card (on «Мои сделки») ------------------------------------------------------------------
CARD_HEADER = "Карточка сделки {id}"
CARD_TAB_DATA = "Данные сделки"
CARD_TAB_TASKS = "Задачи"
CARD_TAB_ACTIVITY = "Контакт с клиентом"
CARD_TAB_CLIENT = "Клиент"
CARD_TITLE = "Название"
CARD_AMOUNT = "Сумма, ₽"
CARD_AMOUNT_LABEL = "Сумма"
CARD_SOURCE = "Источник"
CARD_SAVE = "Сохранить"
CARD_SAVED = "Сохранено."
CARD_NO_TASKS = "Открытых задач нет — запланируйте следующий шаг."
CARD_TASK_TITLE = "Следующий шаг"
CARD_TASK_DUE = "Срок"
CARD_TASK_ADD = "Запланировать"
CARD_TASK_PICK = "Задача"
CARD_TASK_DONE = "Отметить выполненной"
CARD_ACTIVITY_KIND = "Что было"
CARD_ACTIVITY_TEXT = "Итог (саммари разговора, письма, встречи)"
CARD_ACTIVITY_ADD = "Записать"
CARD_CONTACT_NAME = "Контактное лицо"
CARD_CONTACT_ROLE = "Должность"
CARD_PHONE = "Телефон"
CARD_EMAIL = "E-mail"
CARD_INDUSTRY = "Отрасль"
CARD_SEGMENT = "Сегмент"
CARD_TEXT_REQUIRED = "Напишите, о чём договорились."

# «Клиенты»: the clients list with hygiene completeness, the client's fields and contacts
CLIENTS_TITLE = "Клиенты"
CLIENTS_CAPTION = (
    "Данные клиентов и контактные лица. Заполненность — доля из шести полей отчёта «Качество "
    "ведения CRM»: контактное лицо, должность, телефон, e-mail, отрасль, сегмент."
)
CLIENTS_SEARCH = "Поиск: название, ИНН или телефон"
CLIENTS_NONE = "Клиентов по этим условиям нет."
CLIENTS_FILTERED = "Показан клиент {client} — из списка «Что исправить»."
CLIENTS_SHOW_ALL = "Все клиенты"
CLIENTS_SHOWN = "Показано клиентов: {count}."
CLIENTS_FILE = "клиенты.xlsx"
COL_COMPLETENESS = "Заполненность"
COL_LAST_CONTACT = "Последний контакт"
CLIENTS_PICK = "Клиент для правки"
CLIENTS_DATA = "Данные клиента «{client}»"
CLIENTS_CONTACTS = "Контактные лица"
CLIENTS_NO_CONTACTS = "Контактных лиц пока нет — добавьте первое."
CLIENTS_CONTACT_PICK = "Контакт"
CLIENTS_NEW_CONTACT = "Новый контакт"
CLIENTS_CONTACT_SAVE = "Сохранить контакт"
CLIENTS_SAVED = "Данные клиента сохранены."
CLIENTS_CONTACT_SAVED = "Контакт сохранён."
CLIENTS_NOT_ALLOWED = "У вашей роли нет права менять клиентов."
