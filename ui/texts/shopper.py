"""Russian strings of shopper and call QC (issue 11): checklists, evaluations, the call log."""

from __future__ import annotations

# ---- codes -> words ------------------------------------------------------------------------
VERDICTS = {"pass": "Зачёт", "pass_with_improvements": "Зачёт с доработками", "fail": "Незачёт"}
MARKS = {"done": "выполнено", "missed": "ошибка", "na": "н/п"}
SEVERITIES = {"gross": "грубая", "error": "ошибка"}
ORG_STATUSES = {
    "passed": "прошёл",
    "failed": "не прошёл",
    "recheck_requested": "запрошена повторная проверка",
    "rechecked": "прошёл повторную проверку",
}
CAMPAIGN_KINDS = {"shopper": "Тайный покупатель", "internal": "Внутренний контроль"}
DIRECTIONS = {"in": "входящий", "out": "исходящий", "internal": "внутренний"}
DECISIONS = {"keep": "оставить ошибку", "accept": "принять (выполнено)", "other": "другая отметка"}
ERRORS = {
    "unknown_template": "Шаблон не найден.",
    "bad_criteria": "У критериев должны быть непустые неповторяющиеся коды.",
    "no_name": "Укажите название.",
    "campaign_exists": "Кампания с таким названием уже есть.",
    "unknown_campaign": "Кампания не найдена.",
    "unknown_evaluation": "Оценка не найдена.",
    "no_organisation": "Укажите организацию.",
    "comment_required": "Напишите, почему вы не согласны.",
    "window_closed": "Срок оспаривания этой оценки истёк.",
    "unknown_criterion": "Такого критерия в оценке нет.",
    "already_disputed": "Этот критерий уже оспорен.",
    "bad_decision": "Неизвестное решение.",
    "unknown_dispute": "Спор не найден.",
    "already_decided": "По этому спору уже принято решение.",
    "bad_mark": "Неверная отметка.",
    "call_ref_required": "Для калибровки укажите ID звонка.",
}

# ---- navigation ----------------------------------------------------------------------------
SECTION = "Контроль звонков"
PAGE_FORM = "Оценка звонка"
PAGE_CAMPAIGNS = "Кампании и партнёры"
PAGE_MINE = "Мои оценки"
PAGE_DISPUTES = "Споры по оценкам"
PAGE_CALIBRATION = "Калибровка"
PAGE_CALLS = "Журнал звонков"
PAGE_REPORTS = "Отчёты по звонкам"
PAGE_TEMPLATES = "Чек-листы"

# ---- evaluation form -----------------------------------------------------------------------
FORM_CAMPAIGN = "Кампания"
FORM_ROUND = "Этап"
FORM_DAY = "Дата звонка"
FORM_ORG = "Организация (партнёр)"
FORM_CITY = "Город"
FORM_MANAGER = "Менеджер"
FORM_EVALUATOR = "Оценщик"
FORM_CALL_REF = "ID звонка"
FORM_RECORDING = "Запись звонка (адрес или имя файла)"
FORM_RECORDING_NONE = "Запись не найдена: укажите адрес или положите файл в папку записей."
FORM_PICKUP = "Снял трубку через, сек"
FORM_KP_PROMISED = "КП обещали прислать"
FORM_KP_SENT = "КП прислали фактически"
FORM_CALLED_BACK = "Перезвонили"
FORM_LIKED = "Что понравилось"
FORM_COMMENT = "Общий комментарий"
FORM_MISSED_COMMENT = "Комментарий к ошибке «{code}»"
FORM_COUNTS = "Грубых ошибок: {gross} · ошибок: {errors} · не применимо: {na}"
FORM_SCORE = "Выполнено {score} применимых критериев (с весами)"
FORM_VERDICT = "Вердикт: {verdict}"
FORM_SAVE = "Сохранить оценку"
FORM_CALIBRATION = "Калибровка: слепая оценка этого звонка (в результаты не идёт)"
FORM_CALIBRATION_HELP = (
    "Несколько оценщиков оценивают один и тот же звонок по его ID, не видя оценок друг друга; "
    "первый оценивший — эталон. Согласие — на странице «Калибровка»."
)
FORM_SAVED = "Оценка № {id} сохранена: {verdict}."
FORM_NO_CAMPAIGN = "Сначала создайте кампанию на странице «Кампании и партнёры»."
FORM_FROM_QUEUE = "Звонок из очереди прослушивания"
FORM_QUEUE_NONE = "— без звонка из журнала —"
FORM_TEMPLATE = "Чек-лист: «{name}», версия {version}"
FORM_VERDICT_HINT = (
    "Незачёт — одна грубая ошибка или три ошибки; зачёт с доработками — одна-две ошибки."
)
FORM_RECENT = "Последние оценки"
FORM_DELETE = "Удалить оценку"
FORM_EDIT = "Исправить отметки"
FORM_EDIT_PICK = "Оценка для исправления"
FORM_EDIT_SAVE = "Сохранить исправления"
FORM_EDITED = "Оценка № {id} исправлена: {verdict}."
FORM_DELETE_PICK = "Оценка для удаления"
FORM_DELETED = "Оценка № {id} удалена."

# ---- campaigns, organisations --------------------------------------------------------------
CAMPAIGNS_TITLE = "Кампании, этапы и партнёры"
CAMPAIGNS_TABLE = "Кампании"
CAMPAIGNS_NEW = "Новая кампания"
CAMPAIGNS_NAME = "Название"
CAMPAIGNS_TEMPLATE = "Чек-лист"
CAMPAIGNS_KIND = "Вид"
CAMPAIGNS_CREATE = "Создать"
CAMPAIGNS_CREATED = "Кампания «{name}» создана."
CAMPAIGNS_ORGS = "Партнёры и их статус"
CAMPAIGNS_PICK = "Кампания"
CAMPAIGNS_OUT = "Исключены из списка рекомендованных до успешной повторной проверки: {count}"
CAMPAIGNS_LETTER = "Письмо о готовности к повторной проверке"
CAMPAIGNS_LETTER_ORG = "Партнёр"
CAMPAIGNS_LETTER_DAY = "Дата письма"
CAMPAIGNS_LETTER_SAVE = "Записать письмо"
CAMPAIGNS_ROUNDS = "Итоги по этапам"
UPLOAD_TITLE = "Загрузить оценки агентства"
UPLOAD_HELP = IMPORT_EVALUATIONS_HELP = (
    "Таблица агентства: одна строка — один звонок. Столбцы «Дата», «Этап», «Партнёр», "
    "«Город», «Менеджер», при желании «Оценщик» и «ID звонка», затем по столбцу на критерий "
    "(код G1… или название). Отметки: 1, +, да — выполнено; 0, -, нет — ошибка; н/п или "
    "пусто — не применимо. Строки с неизвестной отметкой, без партнёра или без даты "
    "отклоняются с причиной, остальные загружаются."
)
UPLOAD_FILE = "Файл (xlsx, xls, ods, csv)"
UPLOAD_CAMPAIGN = "В кампанию"
UPLOAD_NEW_CAMPAIGN = "— новая кампания —"
UPLOAD_CALIBRATION = "Калибровка: несколько оценщиков на одних и тех же звонках"
UPLOAD_RUN = "Загрузить"
UPLOAD_ROWS = "Строк"
UPLOAD_IMPORTED = "Загружено"
UPLOAD_DUPLICATES = "Уже были"
UPLOAD_REJECTED = "Отклонено"
UPLOAD_ROW = "Строка"
UPLOAD_COLUMN = "Столбец"
UPLOAD_REASON = "Причина"
UPLOAD_VALUES = "Значения"
COL_CAMPAIGN = "Кампания"
COL_TEMPLATE = "Чек-лист"
COL_KIND = "Вид"
COL_EVALUATIONS = "Звонков"
COL_ROUNDS = "Этапов"
COL_FIRST = "С"
COL_LAST = "По"
COL_ORG = "Партнёр"
COL_CITY = "Город"
COL_CALLS = "Звонков"
COL_FAILS = "Незачётов"
COL_LAST_VERDICT = "Последний вердикт"
COL_STATUS = "Статус"
COL_LETTER = "Письмо"
COL_OUT = "Вне списка рекомендованных"

# ---- report columns ------------------------------------------------------------------------
COL_LABEL = "Разрез"
COL_TOTAL = "Всего"
COL_PASS = "Зачёт"
COL_PWI = "Зачёт с доработками"
COL_FAIL = "Незачёт"
COL_SCORE = "Средний %"
COL_CODE = "Код"
COL_CRITERION = "Критерий"
COL_SEVERITY = "Тяжесть"
COL_MISSED = "Ошибок"
COL_SHARE = "Накопленная доля"
COL_TAG = "Что понравилось"
COL_ANSWERS = "Кол-во ответов"
COL_MANAGER = "Менеджер"
COL_REPEATS = "Повторов подряд"
COL_DAY = "Дата"
COL_ROUND = "Этап"
COL_EVALUATOR = "Оценщик"
COL_VERDICT = "Вердикт"
COL_GROSS = "Грубых"
COL_ERRORS = "Ошибок"
COL_ACK = "Ознакомлен"
COL_DISPUTES = "Открытых споров"
COL_ID = "№"
COL_COMMENT = "Комментарий"

# ---- reports page --------------------------------------------------------------------------
REPORTS_TITLE = "Отчёты по оценкам звонков"
REPORTS_ALL = "Все кампании"
REPORTS_FIGURES = "Звонков: {total} · зачёт {pass_} · с доработками {pwi} · незачёт {fail}"
REPORTS_BY = {
    "campaign": "По кампаниям",
    "round": "По этапам",
    "org": "По партнёрам",
    "manager": "По менеджерам",
    "month": "По месяцам",
    "version": "По версиям чек-листа",
}
REPORTS_PARETO = "Парето ошибок (сначала грубые)"
REPORTS_TREND = "Вердикты по месяцам"
REPORTS_LIKED = "Что понравилось"
REPORTS_FAILING = "Партнёры, не прошедшие проверку"
REPORTS_REPEATS = "Повторные ошибки (тот же критерий у того же менеджера подряд)"
REPORTS_CRITERIA = "Ошибки по критериям"
REPORTS_NONE = "Оценок пока нет."

# ---- my evaluations ------------------------------------------------------------------------
MINE_TITLE = "Мои оценки"
MINE_NO_STAFF = "Ваша учётная запись не связана с сотрудником — оценок нет."
MINE_NONE = "Ваших звонков пока не оценивали."
MINE_TREND = "Вердикты по месяцам"
MINE_TOP = "Чаще всего вы ошибаетесь здесь"
MINE_PICK = "Оценка"
MINE_ACK = "Ознакомлен"
MINE_ACKED = "Вы ознакомились с оценкой."
MINE_DISPUTE = "Оспорить критерий"
MINE_DISPUTE_CODE = "Критерий"
MINE_DISPUTE_COMMENT = "Почему вы не согласны (обязательно)"
MINE_DISPUTE_SEND = "Отправить на рассмотрение"
MINE_DISPUTE_SENT = "Спор отправлен в отдел контроля качества."
MINE_DISPUTE_UNTIL = "Оспорить можно до {day} включительно."
MINE_RANKING = "Рейтинг менеджеров"
MINE_ITEM = "№ {id} · {day} · {verdict}"
MINE_DISPUTE_LINE = "Спор по {code}: «{comment}» — {decision}. {answer}"
DISPUTE_PENDING = "на рассмотрении"

# ---- disputes ------------------------------------------------------------------------------
DISPUTES_TITLE = "Споры по оценкам"
DISPUTES_NONE = "Открытых споров нет."
DISPUTES_PICK = "Спор"
DISPUTES_ITEM = "№ {id}: {manager}, оценка № {evaluation}, {code} — «{comment}»"
DISPUTES_DECISION = "Решение"
DISPUTES_MARK = "Отметка"
DISPUTES_COMMENT = "Комментарий к решению"
DISPUTES_DECIDE = "Решить"
DISPUTES_DECIDED = "Решение принято; вердикт теперь: {verdict}."
DISPUTES_HISTORY = "Решённые споры"

# ---- calibration ---------------------------------------------------------------------------
CALIBRATION_TITLE = "Калибровка оценщиков"
CALIBRATION_NONE = "Калибровочных сессий пока нет: загрузите оценки с ключом «Калибровка»."
CALIBRATION_FIGURES = "Сессий (звонков): {calls} · каппа Флейса по вердикту: {fleiss}"
CALIBRATION_PAIRS = "Каппа Коэна по парам оценщиков (вердикт)"
CALIBRATION_GROSS = "Каппа Коэна по грубым критериям"
CALIBRATION_CRITERIA = "Согласие с эталонным оценщиком по критериям"
CALIBRATION_DRIFT = "Дрейф оценщиков: согласие с эталоном от сессии к сессии"
CALIBRATION_NOTE = "Калибровочные оценки не входят в результаты менеджеров."
COL_A = "Оценщик A"
COL_B = "Оценщик B"
COL_KAPPA = "Каппа"
COL_AGREEMENT = "Согласие"
COL_ITEMS = "Звонков"
COL_SESSION = "Сессия"

# ---- call log ------------------------------------------------------------------------------
CALLS_TITLE = "Журнал звонков и план прослушивания"
CALLS_NONE = "Журнал звонков пуст: загрузите Master.csv Asterisk или выгрузку виртуальной АТС."
CALLS_FIGURES = "Звонков"
CALLS_ANSWERED = "Отвечено"
CALLS_MISSED = "Пропущено входящих"
CALLS_NEW_NUMBERS = "С номеров не из базы клиентов"
CALLS_CANDIDATES = "Кандидатов на прослушивание (от 60 с)"
CALLS_TELEPHONY = "Похоже на проблемы связи (20–40 с)"
CALLS_BY_MANAGER = "По менеджерам"
CALLS_PLAN = "План прослушивания на неделю"
CALLS_BEHIND = "Отстают от плана: {names}"
CALLS_ON_PLAN = "Все менеджеры в плане на этой неделе."
CALLS_QUEUE = "Очередь прослушивания (случайные неоценённые звонки от минуты)"
CALLS_QUEUE_DRAW = "Выбрать звонки"
CALLS_EXTENSIONS = "Внутренние номера менеджеров"
CALLS_EXT_NUMBER = "Внутренний номер"
CALLS_EXT_STAFF = "Сотрудник"
CALLS_EXT_SAVE = "Сохранить номер"
CALLS_EXT_SAVED = "Номер {ext} закреплён за сотрудником."
CALLS_PERIOD = "Период"
CALLS_LIST = "Звонки"
COL_STARTED = "Начало"
COL_DIRECTION = "Тип"
COL_CALLER = "Откуда"
COL_CALLEE = "Куда"
COL_EXT = "Внутр. номер"
COL_ANSWERED = "Отвечен"
COL_ANSWERED_N = "Отвечено"
COL_TALK = "Разговор, с"
COL_PICKUP = "Ответ через, с"
COL_LEGS = "Плеч"
COL_GOAL = "План"
COL_DONE = "Прослушано"
COL_BEHIND = "Отставание"
COL_MISSED_CALLS = "Пропущено"
COL_PICKUP_AVG = "Среднее время ответа, с"

# ---- templates -----------------------------------------------------------------------------
TEMPLATES_TITLE = "Чек-листы"
TEMPLATES_PICK = "Чек-лист"
TEMPLATES_NEW = "— новый чек-лист —"
TEMPLATES_NAME = "Название"
TEMPLATES_FAIL_GROSS = "Незачёт при числе грубых ошибок от"
TEMPLATES_FAIL_ERRORS = "Незачёт при числе ошибок от"
TEMPLATES_SAVE = "Сохранить чек-лист"
TEMPLATES_SAVED = "Сохранено: «{name}», версия {version}."
TEMPLATES_VERSIONS = "Все версии"
TEMPLATES_NOTE = "Если по чек-листу уже есть оценки, правка публикует новую версию; старые оценки остаются на своей."
COL_GROUP = "Группа"
COL_WEIGHT = "Вес"
COL_VERSION = "Версия"
COL_CURRENT = "Текущая"
COL_USED = "Оценок"
COL_NAME = "Название"

# ---- overview card -------------------------------------------------------------------------
OVERVIEW_TITLE = "Контроль звонков"
OVERVIEW_MONTH = "Оценок за месяц"
OVERVIEW_TOP = "Чаще всего: {code} — {name} ({missed})"
OVERVIEW_TOP_NONE = "Ошибок в этом месяце нет."
OVERVIEW_BEHIND = "Отстают от плана прослушивания: {names}"
OVERVIEW_LINK = "Отчёты по звонкам"

# ---- CLI -----------------------------------------------------------------------------------
CLI_IMPORT_CALLS = "журнал звонков АТС: Master.csv Asterisk или выгрузка виртуальной АТС"
CLI_CAMPAIGN_HELP = "кампания (создаётся, если нет; по умолчанию «{default}»)"
CLI_REPORT_SHOPPER = "итоги оценок: вердикты, этапы, ошибки по критериям"
CLI_REPORT_CALIBRATION = "согласие оценщиков: каппа Коэна по парам, согласие по критериям"
CLI_REPORT_LISTENING = "план прослушивания: цель и выполнение по менеджерам за неделю"
CLI_REPORT_CALLS = "журнал звонков: звонки, отвеченные, пропущенные, по менеджерам"
CLI_UNKNOWN_CAMPAIGN = "кампания «{name}» не найдена"
CLI_SHOPPER_TITLE = "Оценок: {total} — зачёт {pass_}, зачёт с доработками {pwi}, незачёт {fail}"
CLI_SHOPPER_ROUND = "  Этап {round}: {total} — зачёт {pass_}, с доработками {pwi}, незачёт {fail}"
CLI_SHOPPER_CRITERION = "  {code:<4} {severity:<7} {missed:>5}  {name}"
CLI_CALIBRATION_TITLE = "Калибровочных звонков: {calls}"
CLI_CALIBRATION_PAIR = "  {a} — {b}: каппа {kappa}, согласие {agreement}"
CLI_CALLS_TITLE = "Звонков: {calls}, отвечено {answered}, пропущено входящих {missed}"
CLI_CALLS_MANAGER = "  {name}: звонков {calls}, отвечено {answered}, пропущено {missed}"
CLI_LISTENING_LINE = "  {name}: план {goal}, прослушано {done}, отставание {behind}"
CLI_WEEK_HELP = "неделя, в которую входит дата (по умолчанию текущая)"
SHEET_VERDICTS = "Вердикты"
SHEET_ROUNDS = "Этапы"
SHEET_CRITERIA = "Критерии"

# ---- import kinds (importers/kinds.py registry) --------------------------------------------
IMPORT_EVALUATIONS = {
    "title": "Оценки звонков (тайный покупатель)",
    "help": IMPORT_EVALUATIONS_HELP,
    "cli": "оценки звонков из таблицы агентства (xlsx, xls, ods, csv); --campaign NAME, --calibration",
    "fields": {
        "day": "Дата", "round": "Этап", "org": "Партнёр", "city": "Город", "manager": "Менеджер",
        "evaluator": "Оценщик", "call_ref": "ID звонка", "comment": "Комментарий",
        "liked": "Что понравилось", "reference": "Эталон", "pickup_s": "Снятие трубки, сек",
        "recording": "Запись звонка",
    },
    "options": {"campaign": "Кампания", "calibration": "Калибровка (несколько оценщиков, одни звонки)"},
}  # fmt: skip
IMPORT_CALLS = {
    "title": "Журнал звонков АТС",
    "help": (
        "Master.csv Asterisk (CDR как есть, без заголовка; плечи одного звонка с общим linkedid "
        "считаются одним звонком) или выгрузка виртуальной АТС с русскими заголовками («Время "
        "старта», «Тип», «Откуда», «Куда», «Кто ответил», «Длительность разговора»…)."
    ),
    "cli": CLI_IMPORT_CALLS,
    "fields": {
        "start": "Время старта", "kind": "Тип", "src": "Откуда", "dst": "Куда",
        "answered_by": "Кто ответил", "duration": "Длительность звонка",
        "talk": "Длительность разговора", "pickup": "Время ответа", "result": "Результат вызова",
        "extension": "Внутренний номер", "record_id": "ID записи",
    },
}  # fmt: skip

# ---- background job ------------------------------------------------------------------------
JOB_LISTENING = "План прослушивания: напоминание об отстающих"
JOB_LISTENING_RESULT = "отстают: {behind}, писем в очереди: {queued}"
