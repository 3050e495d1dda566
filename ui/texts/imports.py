"""Russian texts of the import framework (issue 9): kinds, the CLI's import path, the wizard."""

from __future__ import annotations

from ui import texts as _base

# ---- the foundation's kinds (importers/kinds.py `texts` references point here) ---------------
KIND_REQUESTS = {
    "title": _base.IMPORTS_KINDS["requests"],
    "help": _base.IMPORTS_KIND_HELP["requests"],
    "cli": _base.CLI_IMPORT_KINDS["requests"],
    "fields": {
        **{k: v.rstrip(" *") for k, v in _base.IMPORTS_FIELDS.items()},
        "wait": "Время ожидания",
    },
}
KIND_CONNECT_EVENTS = {
    "title": _base.IMPORTS_KINDS["connect-events"],
    "help": _base.IMPORTS_KIND_HELP["connect-events"],
    "cli": _base.CLI_IMPORT_KINDS["connect-events"],
    "fields": {},
}
KIND_CONNECT_OPEN = {
    "title": _base.IMPORTS_KINDS["connect-open"],
    "help": _base.IMPORTS_KIND_HELP["connect-open"],
    "cli": _base.CLI_IMPORT_KINDS["connect-open"],
    "fields": {},
}
KIND_CALENDAR = {
    "title": "Производственный календарь",
    "help": (
        "Производственный календарь xmlcalendar.ru (XML или JSON), iCalendar (.ics) или таблица "
        "«Дата; Тип; Интервалы». Официальный календарь года заменяет особые дни этого года."
    ),
    "cli": (
        "рабочий календарь: xmlcalendar.ru (XML, JSON), iCalendar (.ics) или таблица особых дней "
        "(csv, xlsx)"
    ),
    "fields": {},
}

# ---- problems added by the framework (the older codes stay in ui.texts.IMPORT_PROBLEMS) -------
PROBLEMS = {
    "bad_encoding": (
        "файл не читается как текст: кодировка не UTF-8, не Windows-1251 и не целый UTF-16 "
        "(файл обрезан?)"
    ),
    "bad_json_file": "файл не является корректным JSON",
    "too_many_rows": "в файле больше строк, чем разрешено настройкой «Строк в файле, не больше»",
    "too_large_unpacked": (
        "книга Excel распаковывается в слишком большой объём — похоже на повреждённый или "
        "специально сжатый файл"
    ),
    "no_sheet": "в книге нет такого листа",
    "bad_mapping": "в сопоставлении указано неизвестное поле или столбец",
    "no_data": "под заголовком нет ни одной строки данных",
}
DETAIL_JSON = "строка {line}, позиция {column}"
DETAIL_XML = "ошибка XML: строка {line}, позиция {column}"
# our readers' reasons for a file they cannot use at all, keyed by the code they raise
READER_DETAILS = {
    "empty file": "файл пустой",
    "not a spreadsheet": "это не таблица — возможно, веб-страница, сохранённая как .xls",
    "calendar without a year": "в календаре не указан год",
    "not an xmlcalendar JSON": "JSON не в формате xmlcalendar.ru",
    "no ValueTable": "в ответе 1С-Коннект нет таблицы значений",
    "not a list of treatments": "ответ 1С-Коннект — не список обращений",
    "neither XML nor JSON": "ни XML, ни JSON",
    "no lines, specialists or clients": "нет ни линий, ни специалистов, ни клиентов",
}
DETAIL_SHEETS = "листы книги: {sheets}"
DETAIL_HEADER = "столбцы на листе: {columns}"
DETAIL_ON_SHEET = "лист «{sheet}»"
DETAIL_UNPACKED = "{size} МБ после распаковки при допустимых {limit} МБ"
DETAIL_UNPACKED_MORE = (
    "больше допустимых {limit} МБ после распаковки, хотя оглавление архива обещает меньше"
)
DETAIL_ROWS = "больше {limit} строк"
DETAIL_FIELDS = "поля вида «{kind}»: {fields}"

SHEET_REASONS = {
    "chosen": "указан вручную",
    "only": "единственный лист с данными",
    "best_fit": "заголовок лучше всего подходит",
    "first": "первый лист с данными",
}
HOW = {
    "alias": "по названию",
    "loose": "по похожему названию, значения подходят",
    "hand": "вручную",
    "group": "из строк-групп",
    "saved": "сохранённое сопоставление",
}

# ---- CLI --------------------------------------------------------------------------------------
CLI_SHEET_HELP = "лист книги: имя или номер (по умолчанию — тот, что лучше подходит)"
CLI_MAP_HELP = "столбец для поля: ПОЛЕ=СТОЛБЕЦ (можно повторять; «ПОЛЕ=» — не загружать поле)"
CLI_MAPPING_HELP = 'файл JSON с сопоставлением {"поле": "столбец"}'
CLI_DRY_RUN_HELP = "только проверить: посчитать строки и ошибки, ничего не сохраняя"
CLI_SHEET_LINE = "Лист «{sheet}» ({reason})"
CLI_COLUMNS_LINE = "Столбцы: {columns}"
CLI_COLUMN_ITEM = "{field} ← «{column}»"
CLI_DRY_RUN_DONE = (
    "Проверка «{file}»: строк {rows}, можно загрузить {imported}, отклонено {rejected}. "
    "Ничего не сохранено."
)
CLI_NOTHING_LANDED = "Не загружено ни одной строки из «{file}»: {reason}"
CLI_NOTHING_LANDED_REJECTS = "все {rejected} строк отклонены"
CLI_NOTHING_LANDED_EMPTY = "в файле нет строк данных"
CLI_SAVED_MAPPING_USED = "Использовано сохранённое сопоставление столбцов для этого заголовка."
CLI_BAD_MAP_ARG = "неверное --map «{item}»: нужно ПОЛЕ=СТОЛБЕЦ"
CLI_BAD_MAPPING_FILE = "файл сопоставления {path} не читается: {reason}"
CLI_UNKNOWN_FIELDS = "неизвестные поля: {fields}; есть: {known}"
CLI_UNKNOWN_COLUMNS = "нет столбцов: {columns}; есть: {known}"
CLI_REJECTS_BY_REASON = "  Отклонено по причинам: {reasons}"
CLI_VALUE_CUT = "…"

# ---- report calendar --------------------------------------------------------------------------
CLI_CALENDAR_HELP = "рабочие дни и часы по месяцам и за год (по рабочему календарю)"
CLI_CALENDAR_YEAR_HELP = "год (по умолчанию — текущий)"
CLI_CALENDAR_TITLE = (
    "{year}: рабочих дней {days}, рабочих часов {hours}, из них сокращённых дней {short}"
)
CLI_CALENDAR_MONTH = "  {month:<10} {days:>4} дн. {hours:>8} ч"
CLI_WORKING_MINUTES_HELP = "длительности в рабочих минутах по рабочему календарю"
MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
CALENDAR_YEAR = "Год"
CALENDAR_YEAR_TITLE = "Рабочее время за год"
CALENDAR_COL_MONTH = "Месяц"
CALENDAR_COL_DAYS = "Рабочих дней"
CALENDAR_COL_HOURS = "Рабочих часов"
CALENDAR_COL_SHORT = "Сокращённых дней"
CALENDAR_TOTAL = "Итого за год"
CALENDAR_YEAR_FILE = "rabochee-vremya-{year}.xlsx"

# ---- page: the wizard -------------------------------------------------------------------------
WIZARD_SHEET = "Лист"
WIZARD_SHEET_HELP = "В книге несколько листов с данными; выбран: {sheet} ({reason})."
WIZARD_PREVIEW = "Первые {count} строк и сопоставление столбцов"
WIZARD_PREVIEW_CAPTION = (
    "Лист «{sheet}», строка заголовков {header_row}; строк данных {rows}. "
    "Проверьте, из какого столбца берётся каждое поле."
)
WIZARD_PREVIEW_CAPTION_CSV = (
    "Строка заголовков {header_row}; строк данных {rows}. "
    "Проверьте, из какого столбца берётся каждое поле."
)
WIZARD_FIELD_REQUIRED = "{label} *"
WIZARD_FIELD_HOW = "найдено {how}"
WIZARD_NONE = "— не загружать —"
WIZARD_SAVED_OFFERED = (
    "Для файлов с таким заголовком есть сохранённое сопоставление — оно уже подставлено."
)
WIZARD_CHECK = "Проверить"
WIZARD_LOAD = "Загрузить"
WIZARD_REMAP = "Сопоставить заново"
WIZARD_CHECKED = (
    "Проверка: строк {rows}, можно загрузить {imported}, отклонено {rejected}. Ничего не сохранено."
)
WIZARD_MISSING = "Не выбраны обязательные поля: {fields}."
WIZARD_DUPLICATE = "Один столбец выбран для нескольких полей: {column}."
WIZARD_NOTHING_LANDED = "Ни одна строка не загружена: проверьте сопоставление столбцов."
HISTORY_COL_ERROR = "Ошибка"
HISTORY_COL_SHEET = "Лист"
# issue 12 (deals): a CRM stage that no stage map turns into a funnel stage
PROBLEMS["unmapped_stage"] = (
    "этап CRM не сопоставлен с этапом воронки — задайте его на странице «Этапы и причины отказа» "
    "или в --stage-map"
)
# issue 13: problems of severity «flag» — the row is stored, a person should check it
PROBLEMS["missing_winner"] = "победитель не указан (тендер загружен без победителя)"
PROBLEMS["unknown_product"] = "неизвестная номенклатура"
PROBLEMS["bad_owner"] = "владелец должен быть «наше» или «конкурента»"
PROBLEMS["customer_by_name"] = (
    "заказчик сопоставлен с клиентом только по названию — проверьте, тот ли это клиент"
)
SEVERITY = {"reject": "не загружена", "flag": "загружена, проверьте"}
COL_SEVERITY = "Что со строкой"
FLAGGED = "Отмечено для проверки"
PROBLEMS_TITLE = "Отклонённые и отмеченные строки"
FLAGGED_NOTE = (
    "Отмечено для проверки: {flagged} — эти строки загружены, но в них стоит заглянуть "
    "(таблица ниже, столбец «Что со строкой»)."
)
WIZARD_CHECKED_FLAGGED = "Из загружаемых будет отмечено для проверки: {flagged}."
CLI_FLAGGED_LINE = "  Отмечено для проверки (строки загружены): {flagged}"
CLI_FLAG_MARK = " [загружена, проверьте]"
CLI_FLAGGED_BY_REASON = "  Отмечено по причинам: {reasons}"

# ---- a kind's own options (importers.kinds.KindOption): CLI flags and wizard widgets ------------
CLI_OPTION_DEFAULT = "{label} (по умолчанию «{default}»)"
CLI_OPTION_UNKNOWN = "{flag}: нет значения «{value}»; есть: {known}"
WIZARD_OPTIONS = "Параметры загрузки"
WIZARD_OPTION_NEW = "{label} (можно ввести новое — будет создано)"
WIZARD_OPTION_MISSING = "Заполните: {options}."
WIZARD_OPTION_NONE = "— не выбрано —"
