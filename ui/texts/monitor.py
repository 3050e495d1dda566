"""Texts of the 1C-Connect monitor work (issue 14): histories, stale closes, remote sessions,
the directory, SLA, drill-down, the wall screen."""

from __future__ import annotations

from ui.texts import AUDIT_ACTIONS, IMPORT_PROBLEMS, SETTING_LABELS

SETTING_LABELS["stale_after_days"] = "Закрывать как зависшие обращения без событий, дней"
SETTING_LABELS["connect_lines_path"] = "1С-Коннект: список линий (путь от адреса API или адрес)"
SETTING_LABELS["connect_specialists_path"] = "1С-Коннект: список специалистов (путь или адрес)"
SETTING_LABELS["connect_clients_path"] = "1С-Коннект: список клиентов-абонентов (путь или адрес)"
AUDIT_ACTIONS["requests.close_stale"] = "Зависшие обращения закрыты"
AUDIT_ACTIONS["lead.take"] = "Заявка с витрины: забрана себе"
AUDIT_ACTIONS["directory.import"] = "Загружен справочник 1С-Коннект"

# ---- CLI ------------------------------------------------------------------------------------
CLI_REQUESTS_HELP = "обращения по одному: время, линия, специалист, клиент, оценка, статус"
CLI_REQUESTS_STATUS_HELP = "только открытые, закрытые или закрытые как зависшие"
CLI_REQUESTS_TITLE = "Обращений: {count}"
CLI_REQUESTS_LINE = "{id}  {created}  {status}  {line}  {specialist}  {client}  {rating}"
CLI_REMOTE_HELP = "сеансы удалённого доступа (или звонки) 1С-Коннект: успешные, сбои, минуты"
CLI_REMOTE_KIND_HELP = "remote — удалённый доступ (по умолчанию), call — звонки"
CLI_REMOTE_TITLE = "{kind}: всего {total}, успешно {succeeded}, сбоев {failed}, минут {minutes}"
CLI_REMOTE_SPECIALIST = "  {name}: {total} (сбоев {failed}, минут {minutes})"
CLI_STALE_GROUP_HELP = "действия с обращениями"
CLI_STALE_HELP = "закрыть как зависшие открытые обращения без событий N дней (ОКК, администратор)"
CLI_STALE_DAYS_HELP = "сколько дней без событий (по умолчанию — из настроек)"
CLI_STALE_DRY_HELP = "только показать, что было бы закрыто"
CLI_STALE_AS_HELP = "от имени пользователя (ОКК или администратор)"
CLI_STALE_FOUND = "Зависших обращений (без событий {days} дн.): {count}"
CLI_STALE_DONE = "Закрыто как зависшие: {count}"
CLI_DIRECTORY_HELP = "справочник 1С-Коннект: линии, специалисты, клиенты (csv, xlsx, json)"

STATUS_NAMES = {"open": "открыто", "closed": "закрыто", "stale": "закрыто как зависшее"}
SESSION_KINDS = {"remote": "Удалённый доступ", "call": "Звонки"}

# ---- demo ----------------------------------------------------------------------------------
JOB_DEMO = "Демо-данные монитора: сдвиг к сегодняшнему дню"
JOB_DEMO_RESULT = "Демо сдвинуто на {hours} ч"

CLI_DIRECTORY_KIND_HELP = "что в файле, когда в нём нет столбца «Тип»: line, specialist, client"
CLI_DIRECTORY_NOTHING = "в файле нет ни одной годной строки справочника"
IMPORT_PROBLEMS["unknown_kind"] = "Неизвестный тип: нужна линия, специалист или клиент"

# ---- the wall screen (item 6) --------------------------------------------------------------
PAGE_WALL = "Табло"
WALL_TITLE = "Онлайн-монитор"
WALL_AT = "данные на {at} · обновление каждые {seconds} с"
WALL_OPEN_LINK = "Табло для большого экрана"
WALL_QUEUE = "Ждут ответственного"
WALL_QUEUE_MORE = "и ещё {count}"
WALL_NO_WAITING = "Никто не ждёт"
WALL_LOADS = "Нагрузка по линиям: ждут / в работе"
WALL_ALERTS = "Уведомления"
WALL_ALERTS_MORE = "ещё {count} на странице монитора"
WALL_NO_ALERTS = "Новых уведомлений нет"
WALL_COL_WAIT = "Ждёт"
WALL_COL_LINE = "Линия"
WALL_COL_CLIENT = "Клиент"
WALL_COL_CREATED = "Поступило"
WALL_EVENT_AT = {
    "wait_warning": "ждёт дольше порога с {at}",
    "missed": "пропущено в {at}",
    "low_rating": "оценка к обращению, закрытому {at}",
    "lead_pending": "с {at}",
}
WALL_NOTICED = "замечено {at}"
WALL_RATING = "оценка {rating}"
WALL_WAIT = "ждёт {wait}"
WALL_LEADS = "Витрина: ждут звонка дольше {minutes} мин — {count}, дольше всех — {oldest}"

# ---- «Витрина» (item 9) --------------------------------------------------------------------
LEADS_MINE = "Только мои заявки"
LEADS_MINE_HELP = "Заявки, где ответственный — вы (и ещё ничьи — в выборе для действий)."
LEADS_OWNER = "Ответственный — {manager}. Менеджер работает со своими заявками."
LEADS_TAKE = "Забрать себе"
LEADS_TAKEN = "Заявка № {id} теперь ваша."
LEADS_ERRORS = {"not_yours": "Это заявка коллеги: сначала «Забрать себе»."}

# ---- one request's history -----------------------------------------------------------------
PAGE_REQUEST = "История обращения"
REQUEST_ID = "Номер обращения"
REQUEST_ID_HELP = "Номер (идентификатор) обращения 1С-Коннект или из загруженного файла."
REQUEST_NOT_FOUND = "Обращение «{id}» не найдено."
REQUEST_ASK = "Введите номер обращения — или откройте его по ссылке со страниц монитора."
REQUEST_FIELDS = {
    "status": "Статус",
    "line": "Линия",
    "specialist": "Специалист",
    "client": "Клиент",
    "inn": "ИНН клиента",
    "phone": "Телефон",
    "contact": "Контактное лицо",
    "created_at": "Поступило",
    "assigned_at": "Назначен ответственный",
    "first_reply_at": "Первый ответ специалиста",
    "closed_at": "Закрыто",
    "rating": "Оценка",
    "rating_comment": "Комментарий к оценке",
    "wait": "Ожидание",
    "reaction": "Реакция",
    "resolution": "Решение",
}
REQUEST_STALE = (
    "Закрыто как зависшее {at} ({by}): время закрытия неизвестно, в статистику не входит."
)
REQUEST_EVENTS = "События 1С-Коннект"
REQUEST_NO_EVENTS = "Событий 1С-Коннект по обращению нет (оно загружено из файла или API)."
REQUEST_COL_AT = "Когда"
REQUEST_COL_EVENT = "Событие"
REQUEST_COL_WHO = "Кто"
REQUEST_COL_TEXT = "Текст"
REQUEST_SESSIONS = "Удалённый доступ и звонки"
EVENT_NAMES = {
    1: "Сообщение", 70: "Файл", 17: "Оценка", 20: "Звонок начат", 21: "Звонок начат",
    22: "Звонок завершён", 50: "Удалённый доступ начат", 51: "Удалённый доступ начат",
    52: "Удалённый доступ завершён", 53: "Удалённый доступ завершён",
    80: "Обращение начато клиентом", 81: "Обращение начато специалистом", 82: "Закрыто специалистом",
    83: "В очереди", 84: "Передано специалисту", 85: "Передано вендору",
    86: "Специалист освободился", 87: "Линия недоступна", 88: "Линия недоступна",
    89: "Переведено на другую линию", 90: "Закрыто автоматически", 91: "Закрыто автоматически",
    92: "Закрыто автоматически", 93: "Закрыто автоматически", 200: "Передано боту",
}  # fmt: skip
EVENT_CALL_FAILED = "Звонок не состоялся (код {code})"
EVENT_REMOTE_FAILED = "Удалённый доступ не удался (код {code})"
EVENT_OTHER = "Событие {code}"
SESSION_OUTCOMES = {"ok": "успешно", "failed": "сбой"}
REQUEST_COL_KIND = "Вид"
REQUEST_COL_OUTCOME = "Итог"
REQUEST_COL_MINUTES = "Минут"
REQUEST_LINK = "История обращения {id}"

# ---- «Обзвон ОКК» (item 9) -----------------------------------------------------------------
CALLBACKS_COL_PHONE = "Телефон клиента"
CALLBACKS_COL_CONTACT = "Контактное лицо"
CALLBACKS_COL_HISTORY = "История"
CALLBACKS_HISTORY_TEXT = "открыть"
CALLBACKS_CALL = "Позвонить: {client} · {phone} · {contact}"

IMPORT_DIRECTORY = {
    "title": "Справочник 1С-Коннект",
    "help": (
        "Линии, специалисты и клиенты 1С-Коннект: GUID и наименование, у клиента — ИНН, телефон "
        "и контактное лицо. Столбец «Тип» (линия, специалист, клиент) или один вид на файл; "
        "подходит и JSON из списков 1С-Коннект."
    ),
    "cli": CLI_DIRECTORY_HELP,
    "fields": {},
    "options": {"directory_kind": "Вид справочника (если в файле нет столбца «Тип»)"},
    "option_values": {
        "directory_kind": {"line": "Линии", "specialist": "Специалисты", "client": "Клиенты"}
    },
}

# ---- drill-down (item 5) and remote sessions on the statistics page (item 3) ---------------
DRILL_TITLE = "Обращения за цифрой"
DRILL_CAPTION = (
    "Выберите ячейку таблицы — ожидание, реакцию, решение, оценку — и получите список этих "
    "обращений за тот же период с теми же фильтрами."
)
DRILL_ANY = "все"
DRILL_SHOWN = "Обращений: {count}"
DRILL_LIMIT = "Показаны первые {count} — сузьте выбор."
DRILL_FILE = "obrashcheniya_{start}_{end}.xlsx"
DRILL_COL = {
    "id": "Обращение",
    "created_at": "Поступило",
    "assigned_at": "Назначен ответственный",
    "first_reply_at": "Первый ответ",
    "closed_at": "Закрыто в",
    "line": "Линия",
    "specialist": "Специалист",
    "client": "Клиент",
    "rating": "Оценка клиента",
    "rating_comment": "Комментарий к оценке",
    "history": "История",
}
DRILL_OPEN = "открыть"
# the «Уведомлений» card's list: one row per alert, as the card counts
DRILL_ALERTS_TITLE = "Открытые уведомления"
DRILL_SHOWN_ALERTS = "Уведомлений: {count} (обращений: {requests})"
DRILL_SPECIALIST_LOAD = "{specialist}: в работе"
# a bar of the monitor's charts opens its requests (its tooltip says so)
DRILL_BAR_HINT = "Нажмите на полосу — откроется список этих обращений."
DRILL_ALERT_COL = {"alert_kind": "Уведомление", "alert_at": "Когда случилось"}
REMOTE_TITLE = "Удалённый доступ и звонки"
REMOTE_CAPTION = "Сеансы удалённого доступа и звонки 1С-Коннект за тот же период (по дню сеанса)."
REMOTE_NONE = "За период сеансов удалённого доступа и звонков нет."
REMOTE_FIGS = {
    "total": "Сеансов удалённого доступа",
    "succeeded": "Успешных",
    "failed": "Сбоев",
    "minutes": "Минут подключения",
    "calls": "Звонков",
}
REMOTE_COL = {
    "name": "Специалист",
    "month": "Месяц",
    "total": "Сеансов",
    "succeeded": "Успешных",
    "failed": "Сбоев",
    "minutes": "Минут",
    "reason": "Причина сбоя",
    "count": "Сколько",
}
REMOTE_REASON = "код {code}"
REMOTE_FILE = "udalennyy-dostup_{start}_{end}.xlsx"
REMOTE_SHEETS = {"specialists": "Специалисты", "months": "По месяцам", "failures": "Сбои"}

# ---- SLA (item 4) --------------------------------------------------------------------------
SLA_TITLE = "SLA: доля обращений в срок"
SLA_CAPTION = (
    "Первый ответ — от поступления до первого ответа специалиста, решение — от поступления до "
    "закрытия; {clock}. Доля — от закрытых обращений линий с целью."
)
SLA_CLOCK_WALL = "в календарных минутах"
SLA_CLOCK_WORK = "в рабочих минутах календаря"
SLA_NONE = "Цели SLA не заданы — администратор задаёт их ниже."
SLA_NONE_ASK = "Цели SLA не заданы. Их задаёт администратор в этом разделе страницы."
SLA_BY = {"line": "По линиям", "specialist": "По специалистам", "month": "По месяцам"}
SLA_COL = {
    "line": "Линия",
    "specialist": "Специалист",
    "month": "Месяц",
    "reply_total": "Первый ответ: обращений",
    "reply_share": "Первый ответ в срок",
    "resolution_total": "Решение: обращений",
    "resolution_share": "Решение в срок",
}
SLA_FILE = "sla_{start}_{end}.xlsx"
SLA_EDIT = "Цели SLA по линиям"
SLA_EDIT_HELP = "Минуты; 0 — без цели. Строка «(все линии)» — цель для линий без своей."
SLA_ALL_LINES = "(все линии)"
SLA_EDIT_LINE = "Линия"
SLA_EDIT_REPLY = "Первый ответ, мин"
SLA_EDIT_RESOLUTION = "Решение, мин"
SLA_SAVE = "Сохранить цели SLA"
SLA_SAVED = "Цели SLA сохранены: линий {count}."
SLA_MONITOR_WARNING = "Близко к нарушению SLA (прошло 80 % срока первого ответа): {count} — {items}"
SLA_MONITOR_ITEM = "{client} ({line}, {minutes} из {target} мин)"
AUDIT_ACTIONS["sla.update"] = "Изменены цели SLA"
WALL_SLA = "SLA: близко к нарушению срока первого ответа — {count}"
