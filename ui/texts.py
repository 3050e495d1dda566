"""Every Russian string of the app, as constants with named placeholders (tests use the same ones).

Sections: common, login, roles, navigation, overview, admin, CLI, demo. Module issues append
their own sections at the end; keep one constant per visible text.
"""

from __future__ import annotations

# ---- common --------------------------------------------------------------------------------
APP_TITLE = "Контроль качества продаж и сервиса"
APP_SHORT = "QC Dashboard"
NO_ACCESS = "У вашей роли нет доступа к этому разделу."
NOT_LOGGED_IN = "Вы не вошли в систему."
GO_TO_LOGIN = "Войти"
LOGOUT = "Выйти"
SIGNED_IN_AS = "Вы вошли как **{name}** ({role})"
DOWNLOAD_XLSX = "Скачать Excel"
SAVED = "Сохранено."
NOTHING_FOUND = "Ничего не найдено."
NO_DATA = "Нет данных"
ALL = "Все"
DATE_FROM = "С"
DATE_TO = "По (не включая)"
YES = "да"
NO = "нет"
PERMISSION_DENIED = "Действие запрещено для вашей роли."

# ---- roles ---------------------------------------------------------------------------------
ROLE_NAMES = {
    "manager": "Менеджер",
    "qc": "Отдел контроля качества",
    "head": "Руководитель отдела продаж",
    "admin": "Администратор",
    "viewer": "Наблюдатель",
}

# ---- login (served by server.py) -----------------------------------------------------------
LOGIN_TITLE = "Вход"
LOGIN_SUBTITLE = "Контроль качества продаж и сервиса"
LOGIN_LOGIN = "Логин"
LOGIN_PASSWORD = "Пароль"
LOGIN_SUBMIT = "Войти"
LOGIN_BAD_CREDENTIALS = "Неверный логин или пароль."
LOGIN_LOCKED = "Слишком много неудачных попыток. Вход заблокирован на 15 минут."
LOGIN_DISABLED = "Учётная запись отключена. Обратитесь к администратору."
LOGIN_BAD_CSRF = "Форма устарела. Обновите страницу и войдите снова."
LOGIN_LOGGED_OUT = "Вы вышли из системы."
LOGIN_DEMO_HINT = "Демо-режим: логины {logins}, пароль «{password}»."
LOGIN_OIDC_BUTTON = "Войти через единый вход"
LOGIN_PROXY_UNKNOWN = "Пользователь «{login}» из заголовка прокси не найден или отключён."

# ---- navigation ----------------------------------------------------------------------------
SECTION_MAIN = "Главное"
SECTION_MONITOR = "Онлайн-монитор"
SECTION_ADMIN = "Администрирование"
PAGE_OVERVIEW = "Обзор"
PAGE_ADMIN_USERS = "Пользователи"
PAGE_ADMIN_SETTINGS = "Настройки"
PAGE_ADMIN_AUDIT = "Журнал действий"

# ---- overview ------------------------------------------------------------------------------
OVERVIEW_TITLE = "Обзор"
OVERVIEW_WHO = "{name} — {role}"
OVERVIEW_COMPANY = "Компания: {company}"
OVERVIEW_NO_MODULES = "Модули ещё не наполнены данными."
OVERVIEW_DIRECTORY = "Справочники"
OVERVIEW_ORGS = "Организации"
OVERVIEW_STAFF = "Сотрудники"
OVERVIEW_CLIENTS = "Клиенты"
OVERVIEW_USERS = "Пользователи"

# ---- admin: users --------------------------------------------------------------------------
USERS_TITLE = "Пользователи"
USERS_COL_LOGIN = "Логин"
USERS_COL_NAME = "Имя"
USERS_COL_ROLE = "Роль"
USERS_COL_ACTIVE = "Активен"
USERS_COL_LOCKED = "Заблокирован до"
USERS_COL_CREATED = "Создан"
USERS_COL_LAST_SEEN = "Последняя активность"
USERS_ADD = "Добавить пользователя"
USERS_ADD_SUBMIT = "Добавить"
USERS_ADDED = "Пользователь «{login}» добавлен."
USERS_SELECT = "Пользователь"
USERS_CHANGE_ROLE = "Сменить роль"
USERS_ROLE_CHANGED = "Роль пользователя «{login}» изменена."
USERS_DISABLE = "Отключить"
USERS_ENABLE = "Включить"
USERS_DISABLED = "Пользователь «{login}» отключён, его сеансы завершены."
USERS_ENABLED = "Пользователь «{login}» снова активен."
USERS_RESET_PASSWORD = "Задать новый пароль"
USERS_PASSWORD_RESET = "Пароль пользователя «{login}» изменён, его сеансы завершены."
USERS_NEW_PASSWORD = "Новый пароль"
USERS_SESSIONS = "Открытые сеансы"
USERS_SESSION_REVOKE = "Завершить сеанс"
USERS_SESSION_REVOKED = "Сеанс завершён."
USERS_COL_SESSION_STARTED = "Начат"
USERS_COL_BROWSER = "Браузер"
USER_ERRORS = {
    "duplicate_login": "Пользователь с таким логином уже есть.",
    "unknown_user": "Такого пользователя нет.",
    "bad_role": "Неизвестная роль.",
    "empty_login": "Укажите логин.",
    "weak_password": "Пароль слишком короткий: нужно не меньше {min} символов.",
}

# ---- admin: settings -----------------------------------------------------------------------
SETTINGS_TITLE = "Настройки"
SETTINGS_SUBMIT = "Сохранить настройки"
SETTING_LABELS = {
    "timezone": "Часовой пояс",
    "company_name": "Название своей компании",
    "company_inn": "ИНН своей компании",
    "upload_limit_mb": "Предельный размер загружаемого файла, МБ",
    "session_idle_minutes": "Завершать сеанс после бездействия, минут",
    "proxy_header": "Заголовок доверенного прокси с логином (пусто — не использовать)",
    "monitor_refresh_seconds": "Период обновления онлайн-монитора, секунд",
    "wait_warning_minutes": "Предупреждать об ожидании в очереди дольше, минут",
    "wait_missed_minutes": "Считать обращение пропущенным после ожидания, минут",
    "low_rating_max": "Низкая оценка — не выше",
    "lead_pending_minutes": "Напоминать о необработанной заявке с витрины через, минут",
    "connect_url": "Адрес API 1С-Коннект",
    "connect_token": "Ключ API 1С-Коннект",
    "connect_webhook_secret": "Секрет для входящих событий 1С-Коннект",
    "demo_mode": "Демо-режим",
}
SETTING_ERRORS = {
    "unknown_setting": "Неизвестная настройка «{key}».",
    "not_a_number": "«{label}»: нужно целое число.",
    "out_of_range": "«{label}»: значение вне допустимых пределов.",
    "unknown_timezone": "«{label}»: неизвестный часовой пояс.",
    "bad_inn": "«{label}»: ИНН не проходит проверку контрольных цифр.",
}

# ---- admin: audit --------------------------------------------------------------------------
AUDIT_TITLE = "Журнал действий"
AUDIT_COL_AT = "Когда"
AUDIT_COL_LOGIN = "Кто"
AUDIT_COL_ACTION = "Действие"
AUDIT_COL_TARGET = "Объект"
AUDIT_COL_DETAILS = "Подробности"
AUDIT_FILTER_USER = "Пользователь"
AUDIT_FILTER_ACTION = "Действие"
AUDIT_SHOWN = "Показано записей: {count}"

# ---- CLI -----------------------------------------------------------------------------------
CLI_FILE_UNREADABLE = "Не удалось прочитать файл {path}: {reason}"
CLI_REFUSED = "Отказано: {reason}"
CLI_ADMIN_PASSWORD_SET = "Пароль администратора «{login}» задан."
CLI_PASSWORD_PROMPT = "Пароль: "
CLI_PASSWORD_REPEAT = "Повторите пароль: "
CLI_PASSWORD_MISMATCH = "Пароли не совпадают."
CLI_DEMO_REFUSED = "В базе есть рабочие данные: демо-данные можно загрузить только в пустую базу."
CLI_DEMO_DONE = "Демо-данные загружены (seed {seed})."
CLI_DEMO_LOGINS = "Демо-входы (пароль «{password}»):"
CLI_DEMO_LOGIN_LINE = "  {role:<28} {login}"
CLI_BACKUP_DONE = "Резервная копия сохранена: {path}"
CLI_USER_ADDED = "Пользователь «{login}» добавлен."
CLI_USER_DISABLED = "Пользователь «{login}» отключён."
CLI_PASSWORD_CHANGED = "Пароль пользователя «{login}» изменён."

# ---- admin pages (H1) ----------------------------------------------------------------------
USERS_COUNT = "Пользователей: {count}"
USERS_ADD_PASSWORD = (
    "Пароль (не короче {min} символов; пусто — вход только через единый вход или прокси)"
)
USERS_MANAGE = "Изменить пользователя"
USERS_NEW_ROLE = "Новая роль"
USERS_SELF_NOTE = (
    "Это ваша учётная запись: свою роль и доступ может изменить только другой администратор."
)
USERS_IS_DISABLED = "Учётная запись отключена."
USERS_NO_SESSIONS = "Открытых сеансов нет."
USERS_SESSION_LINE = "**{login}** — {name}; начат {started}, активность {seen}"
SETTINGS_NO_CHANGES = "Изменений нет."
SETTINGS_SECRET_KEEP = "задан — оставьте пустым, чтобы не менять"
SETTINGS_SECRET_CLEAR = "Очистить «{label}»"
BACKUP_TITLE = "Резервная копия"
BACKUP_HINT = "Копия всей базы делается на ходу, работа пользователей не прерывается."
BACKUP_MAKE = "Сделать резервную копию"
BACKUP_READY = "Копия готова: {size} МБ."
BACKUP_DOWNLOAD = "Скачать копию базы"
BACKUP_FAILED = "Не удалось сделать копию: {reason}"
AUDIT_BAD_PERIOD = "Дата «по» должна быть позже даты «с»."
AUDIT_LIMIT_REACHED = "Показаны только последние {count} записей — сузьте фильтры."
AUDIT_ACTIONS = {
    "login": "Вход",
    "login.failed": "Неудачный вход",
    "logout": "Выход",
    "permission.denied": "Отказ в доступе",
    "user.add": "Добавлен пользователь",
    "user.role": "Изменена роль",
    "user.enable": "Пользователь включён",
    "user.disable": "Пользователь отключён",
    "user.password": "Задан пароль",
    "session.revoke": "Сеанс завершён администратором",
    "settings.update": "Изменены настройки",
    "backup": "Резервная копия",
    "demo.fill": "Загружены демо-данные",
}

# ---- requests CLI (H4) ---------------------------------------------------------------------
CLI_IMPORT_HELP = "загрузить файл (KIND — что в нём)"
CLI_IMPORT_KINDS = {
    "requests": "обращения (xlsx, xls, ods, csv)",
    "connect-events": "события 1С-Коннект (JSON)",
    "connect-open": "открытые обращения 1С-Коннект (ответ API: SOAP XML или JSON)",
}
CLI_IMPORT_JSON_HELP = "вывести итог в JSON"
CLI_IMPORT_AS_HELP = "от имени пользователя (по умолчанию — системный администратор)"
CLI_IMPORT_DONE = (
    "Импорт «{file}»: строк {rows}, загружено {imported}, без изменений {duplicates}, "
    "отклонено {rejected}."
)
CLI_IMPORT_REJECT_LINE = "  строка {row}, столбец «{column}»: {reason} — {values}"
CLI_IMPORT_MORE_REJECTS = "  … и ещё {count} (полный список: --json)"
CLI_UNKNOWN_ACTOR = "пользователь «{login}» не найден или отключён"
CLI_FILE_NOT_TABLE = "Не удалось прочитать файл {path}: {reason}"
CLI_FILE_UNWRITABLE = "Не удалось записать файл {path}: {reason}"
CLI_REPORT_HELP = "отчёт (KIND — какой)"
CLI_REPORT_FROM_HELP = "с даты (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ, местное время)"
CLI_REPORT_TO_HELP = "по дату, не включая её"
CLI_REPORT_JSON_HELP = "вывести в JSON"
CLI_REPORT_XLSX_HELP = "сохранить в файл Excel"
CLI_REPORT_BAD_DATE = "неверная дата «{value}»: нужна ГГГГ-ММ-ДД или ДД.ММ.ГГГГ"
CLI_REPORT_BAD_PERIOD = "дата «по» ({end}) должна быть позже даты «с» ({start})"
CLI_STATS_HELP = (
    "статистика работы с обращениями: закрытые обращения, созданные в периоде [с, по); "
    "по умолчанию — последний полный квартал"
)
CLI_STATS_FILTER_HELP = {
    "org": "только эта организация (можно повторять)",
    "line": "только эта линия (можно повторять)",
    "specialist": "только этот специалист (можно повторять)",
}
CLI_STATS_TITLE = "Распределение обращений с {start} по {end} включительно: закрыто {total}"
CLI_STATS_COLUMNS = (
    "Ожидание в очереди",
    "Реакция специалиста",
    "Решение вопроса",
    "Всего",
    "Оценка 1–3",
    "Без оценки",
    "Оценка 4–5",
)
CLI_STATS_BUCKETS = {
    "wait": {"<5m": "< 5 мин", "5-60m": "5–60 мин", "60m+": "60+ мин", "": "нет данных"},
    "reaction": {"<5m": "< 5 мин", "5-60m": "5–60 мин", "60m+": "60+ мин", "": "нет ответа"},
    "resolution": {"<1h": "< 60 мин", "1-24h": "1–24 ч", "24h+": "24+ ч", "": "нет данных"},
    "rating": {"1-3": "1–3", "none": "без оценки", "4-5": "4–5"},
}
CLI_STATS_SUMMARY_TITLE = "Работа с обращениями"
CLI_STATS_SUMMARY_COLUMNS = ("", "Закрыто", "Доля", "Недовольны", "Без оценок", "Довольны")
CLI_STATS_SUMMARY_ROWS = {
    "<1h": "Закрыто в течение часа",
    "1-24h": "Закрыто в течение 1–24 часов",
    "24h+": "Закрыто в течение 24+ часов",
    "": "Время решения неизвестно",
}
CLI_STATS_SUMMARY_TOTAL = "Всего"
CLI_STATS_RATINGS = "Оценок: {count}, средняя {average}; недовольных (1–3): {unhappy} ({share})"
CLI_STATS_EMPTY = "За период закрытых обращений нет."
CLI_STATS_SHEET_TREE = "Распределение"
CLI_STATS_SHEET_SUMMARY = "Итоги"
CLI_REPORT_SAVED = "Отчёт сохранён: {path}"
CLI_QUEUE_HELP = "очередь обращений сейчас"
CLI_QUEUE_TITLE = "Открытых обращений: {open}; ждут назначения: {waiting}; дольше всех — {oldest}"
CLI_QUEUE_BY_LINE = "По линиям:"
CLI_QUEUE_BY_SPECIALIST = "По специалистам (назначенные):"
CLI_QUEUE_LINE = "  {name:<40} {count}"
CLI_QUEUE_NO_LINE = "(без линии)"
CLI_SYNC_HELP = "синхронизация с внешними системами"
CLI_SYNC_CONNECT_HELP = "забрать открытые обращения из API 1С-Коннект (connect_url, connect_token)"
CLI_SYNC_ONCE_HELP = "один раз и выйти (иначе — повторять, пока не остановят Ctrl+C)"
CLI_SYNC_INTERVAL_HELP = "пауза между запросами, секунд"
CLI_SYNC_NO_URL = "не задан адрес API 1С-Коннект (настройка connect_url)"
CLI_SYNC_FAILED = "Не удалось получить данные из {url}: {reason}"
CLI_SYNC_DONE = "{at}: открытых обращений {rows}, изменено {imported}, отклонено {rejected}."
CLI_SYNC_STOPPED = "Синхронизация остановлена."
