"""Every Russian string of the app, as constants with named placeholders (tests use the same ones).

Sections: common, login, roles, navigation, overview, admin, CLI, demo. Module issues append
their own sections at the end; keep one constant per visible text.
"""

from __future__ import annotations

# ---- common --------------------------------------------------------------------------------
APP_TITLE = "Контроль качества продаж и сервиса"
APP_SHORT = "QC Dashboard"
NO_ACCESS = "У вашей роли нет доступа к этому разделу."
NO_ACCESS_BACK = "Вернуться на главную"
NOT_LOGGED_IN = "Вы не вошли в систему."
GO_TO_LOGIN = "Войти"
LOGOUT = "Выйти"
SIGNED_IN_AS = "Вы вошли как **{name}** ({role})"
DOWNLOAD_XLSX = "Скачать Excel"
UPLOAD_BUTTON = "Выбрать файл"  # the file uploader's button
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
    "last_admin": "Нельзя отключить или понизить последнего администратора.",
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
    "smtp_host": "Почтовый сервер (SMTP) для уведомлений",
    "smtp_port": "Порт SMTP",
    "smtp_security": "Защита соединения SMTP",
    "smtp_user": "Логин SMTP (пусто — без входа)",
    "smtp_password": "Пароль SMTP",
    "smtp_from": "Адрес отправителя уведомлений",
    "app_url": "Адрес приложения для ссылок в письмах (https://…)",
    "backup_dir": "Папка ночных резервных копий (пусто — папка рядом с базой данных)",
    "backup_keep": "Сколько последних резервных копий хранить",
    "backup_hour": "Час ночной резервной копии (местное время)",
    "digest_hour": "Час отправки ежедневной сводки уведомлений (местное время)",
    "import_max_rows": "Импорт: строк в файле, не больше",
    "import_max_unpacked_mb": "Импорт: книга Excel после распаковки, МБ, не больше",
    "import_rejects_kept": "Импорт: отклонённых строк хранить полностью, не больше",
    "listening_per_week": "Прослушать звонков каждого менеджера в неделю",
    "dispute_window_days": "Срок оспаривания оценки, рабочих дней",
    "recordings_folder": "Папка с записями звонков (файлы по ID звонка)",
    "shopper_public_ranking": "Показывать менеджерам общий рейтинг",
}
# how a setting's fixed choices read in its select box (the stored value stays as it is)
SETTING_CHOICE_NAMES = {
    "smtp_security": {"none": "без защиты", "starttls": "STARTTLS", "ssl": "SSL/TLS"},
}
SETTING_ERRORS = {
    "unknown_setting": "Неизвестная настройка «{key}».",
    "not_a_number": "«{label}»: нужно целое число.",
    "out_of_range": "«{label}»: значение вне допустимых пределов.",
    "unknown_timezone": "«{label}»: неизвестный часовой пояс.",
    "bad_inn": "«{label}»: ИНН не проходит проверку контрольных цифр.",
    "bad_choice": "«{label}»: недопустимое значение.",
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
CLI_DEMO_STALE = "Демо-данные устарели (очередь старше 6 часов) — загружаю заново."
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
    "calendar": "особые дни рабочего календаря: праздники, сокращённые и рабочие (csv, xlsx)",
}
CLI_IMPORT_JSON_HELP = "вывести итог в JSON"
CLI_IMPORT_AS_HELP = "от имени пользователя (по умолчанию — системный администратор)"
CLI_IMPORT_DONE = (
    "Импорт «{file}»: строк {rows}, загружено {imported}, без изменений {duplicates}, "
    "отклонено {rejected}."
)
CLI_IMPORT_PROGRESS = "Записано строк: {done} из {total}"
CLI_IMPORT_REJECT_LINE = "  строка {row}, столбец «{column}»: {reason} — {values}"
CLI_IMPORT_MORE_REJECTS = "  … и ещё {count} (полный список: --json)"
CLI_UNKNOWN_ACTOR = "пользователь «{login}» не найден или отключён"
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
CLI_STATS_RATINGS = "Оценок: {count}, средняя {average}; недовольных (1–3): {unhappy} ({share})"
CLI_REPORT_SAVED = "Отчёт сохранён: {path}"
CLI_QUEUE_HELP = "очередь обращений сейчас"
CLI_QUEUE_TITLE = "Открытых обращений: {open}; ждут назначения: {waiting}; дольше всех — {oldest}"
CLI_QUEUE_BY_LINE = "По линиям:"
CLI_QUEUE_BY_SPECIALIST = "По специалистам (назначенные):"
CLI_QUEUE_LINE = "  {name:<40} {count}"
CLI_QUEUE_NO_LINE = "(без линии)"
QUEUE_SHEET_NOW = "Очередь сейчас"
QUEUE_SHEET_LINES = "По линиям"
QUEUE_SHEET_SPECIALISTS = "По специалистам"
QUEUE_XLSX_FIGURES = ("Показатель", "Значение")
QUEUE_XLSX_LINES = ("Линия", "Открыто")
QUEUE_XLSX_SPECIALISTS = ("Специалист", "Открыто (назначено)")
QUEUE_XLSX_OPEN = "Открытых обращений"
QUEUE_XLSX_WAITING = "Ждут назначения ответственного"
QUEUE_XLSX_OLDEST = "Дольше всех ждёт, мин"
CLI_SYNC_HELP = "синхронизация с внешними системами"
CLI_SYNC_CONNECT_HELP = "забрать открытые обращения из API 1С-Коннект (connect_url, connect_token)"
CLI_SYNC_ONCE_HELP = "один раз и выйти (иначе — повторять, пока не остановят Ctrl+C)"
CLI_SYNC_INTERVAL_HELP = "пауза между запросами, секунд"
CLI_SYNC_NO_URL = "не задан адрес API 1С-Коннект (настройка connect_url)"
CLI_SYNC_FAILED = "Не удалось получить данные из {url}: {reason}"
CLI_SYNC_DONE = "{at}: открытых обращений {rows}, изменено {imported}, отклонено {rejected}."
CLI_SYNC_STOPPED = "Синхронизация остановлена."
AUDIT_ACTIONS["import"] = "Загрузка данных (обращения, 1С-Коннект)"
AUDIT_ACTIONS["import.failed"] = "Загрузка данных не удалась"

# ---- monitor (H5) --------------------------------------------------------------------------
PAGE_MONITOR = "Онлайн-монитор"
MONITOR_TITLE = "Онлайн-монитор"
MONITOR_CAPTION = (
    "Очередь обращений в реальном времени. Данные на {at}, обновление каждые {seconds} с."
)
MONITOR_REFRESH = "Обновлять монитор каждые, секунд"
MONITOR_REFRESH_HELP = "Только для этого окна; по умолчанию — из настроек."
MONITOR_EMPTY = "Обращений пока нет: загрузите их или подключите 1С-Коннект."
MONITOR_OPEN = "Открыто сейчас"
MONITOR_WAITING = "Ждут ответственного"
MONITOR_OLDEST = "Дольше всех ждёт"
MONITOR_MISSED_TODAY = "Пропущено сегодня"
MONITOR_LOW_TODAY = "Низких оценок сегодня"
MONITOR_CREATED_TODAY = "Поступило сегодня"
MONITOR_CLOSED_TODAY = "Закрыто сегодня"
MONITOR_AVERAGE_TODAY = "Оценка сегодня"
MONITOR_OPEN_ALERTS = "Уведомлений"
MONITOR_LEADS_PENDING = (
    "Заявки с витрины ждут первого звонка дольше {minutes} мин: {count}; дольше всех — {oldest}."
)
MONITOR_LEADS_LINK = "Открыть витрину"
MONITOR_WAITING_TITLE = "Ждут назначения ответственного"
MONITOR_NO_WAITING = "Все обращения разобраны — никто не ждёт."
MONITOR_COL_ID = "Обращение"
MONITOR_COL_LINE = "Линия"
MONITOR_COL_CLIENT = "Клиент"
MONITOR_COL_SPECIALIST = "Специалист"
MONITOR_COL_CREATED = "Поступило"
MONITOR_COL_ASSIGNED = "Назначено"
MONITOR_COL_WAIT = "Ожидание"
MONITOR_COL_WAIT_MIN = "Ожидание, мин"
MONITOR_COL_STATE = "Состояние"
MONITOR_COL_KIND = "Уведомление"
MONITOR_COL_RATING = "Оценка"
MONITOR_COL_COMMENT = "Комментарий"
MONITOR_STATES = {
    "waiting": "ждёт",
    "warning": "ждёт долго",
    "missed": "пропущено",
    "in_work": "в работе",
}
MONITOR_NO_LINE = "(без линии)"
MONITOR_LOAD_LINES = "По линиям"
MONITOR_LOAD_SPECIALISTS = "По специалистам"
MONITOR_CHART_COUNT = "Обращений"
MONITOR_CHART_SERIES = "Состояние"
MONITOR_SERIES_WAITING = "ждут"
MONITOR_SERIES_IN_WORK = "в работе"
MONITOR_NO_LOAD = "Открытых обращений нет."
MONITOR_ALERTS = "Уведомления"
MONITOR_NO_ALERTS = "Новых уведомлений нет."
MONITOR_ALERTS_SHOWN = "Показаны последние {shown} из {total}."
MONITOR_ALERT_KINDS = {
    "wait_warning": "Долгое ожидание",
    "missed": "Пропущенное обращение",
    "low_rating": "Низкая оценка",
    "lead_pending": "Заявка без ответа",
}
MONITOR_ALERT_HEAD = "**{kind}** · {request} · {at}"
MONITOR_ALERT_CLIENT = "Клиент: {client}"
MONITOR_ALERT_SPECIALIST = "Специалист: {specialist}"
MONITOR_ALERT_WAIT = "Ожидание: {wait}"
MONITOR_ALERT_RATING = "Оценка: {rating}"
MONITOR_ALERT_COMMENT = "Комментарий: «{comment}»"
MONITOR_ACK = "Принято"
MONITOR_ACK_DONE = "Уведомление принято."
MONITOR_ACK_GONE = "Уведомление уже принято или удалено."
MONITOR_EXPORT = "Скачать очередь (Excel)"
MONITOR_EXPORT_FILE = "ochered-obrashcheniy.xlsx"
MONITOR_SHEET_QUEUE = "Очередь"
MONITOR_SHEET_ALERTS = "Уведомления"
OVERVIEW_MONITOR = "Онлайн-монитор: сегодня"
OVERVIEW_MONITOR_LINK = "Открыть онлайн-монитор"
# Webhook /hooks/1c-connect answers (JSON "message"); without a secret in the settings it is off.
HOOK_MESSAGES = {
    "disabled": "Приём событий 1С-Коннект выключен: задайте «Секрет для входящих событий» в настройках.",
    "bad_secret": "Неверный секрет.",
    "bad_json": "Тело запроса — не события 1С-Коннект в JSON.",
    "too_large": "Запрос больше 1 МБ.",
    "no_events": "В запросе нет ни одного пригодного события 1С-Коннект.",
    "ok": "Принято событий: {stored}.",
}
FEED_HELP = "поток демо-обращений для онлайн-монитора"
FEED_DEMO_HELP = "демо-поток (другого источника у команды нет)"
FEED_RATE_HELP = "событий в минуту"
FEED_DURATION_HELP = "остановиться через столько секунд"
FEED_COUNT_HELP = "остановиться после стольких событий"
FEED_SEED_HELP = "зерно случайности (одинаковое зерно — одинаковый поток)"
FEED_BAD_RATE = "--rate должно быть больше нуля (событий в минуту)"
FEED_ONLY_DEMO = "поддерживается только демо-поток: запустите feed --demo"
FEED_NOT_DEMO_DB = "база не в демо-режиме: демо-поток смешал бы выдуманные обращения с рабочими"
FEED_STARTED = "Демо-поток: {rate} событий в минуту. Остановить — Ctrl+C."
FEED_EVENTS = {
    "new": "{at} новое обращение {request} ({line}, {client})",
    "assign": "{at} {request} назначено: {specialist}",
    "reply": "{at} {request} первый ответ специалиста",
    "close": "{at} {request} закрыто",
    "rate": "{at} {request} оценка {rating}",
}
FEED_ALERTS = "{at} новых уведомлений: {count}"
FEED_DONE = "Демо-поток остановлен: событий {events}, новых обращений {created}, закрыто {closed}."
AUDIT_ACTIONS["alert.ack"] = "Уведомление монитора принято"
AUDIT_ACTIONS["alerts.scan"] = "Созданы уведомления монитора"
AUDIT_ACTIONS["hook.connect"] = "Получены события 1С-Коннект"

# ---- leads and demo (H7) -------------------------------------------------------------------
PAGE_LEADS = "Витрина"
LEADS_CAPTION = (
    "Заказы клиентов на предложения Витрины 1С-Коннект: как быстро менеджеры связываются "
    "с клиентами и сколько заказов доходит до сделки."
)
LEAD_STATUS_NAMES = {"new": "Новая", "in_work": "В работе", "done": "Исполнена", "refused": "Отказ"}
LEADS_FILTER_ORG = "Организация"
LEADS_BAD_PERIOD = "Дата «по» должна быть позже даты «с»."
LEADS_FIG_NEW = "Новые"
LEADS_FIG_IN_WORK = "В работе"
LEADS_FIG_DONE = "Исполнены"
LEADS_FIG_REFUSED = "Отказ"
LEADS_FIG_CONVERSION = "Конверсия из решённых"
LEADS_FIG_CONVERSION_ALL = "Конверсия из всех"
LEADS_FIG_CONTACT = "Первый контакт (медиана)"
LEADS_FIG_WAITING = "Ждут первого звонка"
LEADS_PENDING = "Заявки ждут первого контакта дольше {threshold}: {count}"
LEADS_PENDING_ORG = "{org} — {count}"
LEADS_PENDING_LINE = "№ {id} — «{offer}», {client} ({org}) — ждёт {waiting}"
LEADS_PENDING_MORE = "…и ещё {count}, дольше ждущих, — см. таблицу ниже (статус «Новая»)."
LEADS_BY_ORG = "Исполненные и неисполненные заявки по организациям"
LEADS_SERIES = {"done": "Исполнена", "refused": "Отказ", "pending": "На рассмотрении"}
LEADS_AXIS_ORG = "Организация"
LEADS_AXIS_COUNT = "Заявок"
LEADS_AXIS_STATE = "Состояние"
LEADS_ORG_COL_ORG = "Организация"
LEADS_ORG_COL_TOTAL = "Заявок"
LEADS_ORG_COL_DONE = "Исполнено"
LEADS_ORG_COL_REFUSED = "Отказ"
LEADS_ORG_COL_PENDING = "На рассмотрении"
LEADS_ORG_COL_CONVERSION = "Конверсия из всех"
LEADS_ORG_COL_PENDING_SHARE = "На рассмотрении, %"
LEADS_TABLE = "Заявки"
LEADS_COL_ID = "№"
LEADS_COL_CREATED = "Создана"
LEADS_COL_OFFER = "Предложение"
LEADS_COL_CLIENT = "Клиент"
LEADS_COL_ORG = "Организация"
LEADS_COL_MANAGER = "Менеджер"
LEADS_COL_STATUS = "Статус"
LEADS_COL_CONTACT = "Первый контакт"
LEADS_COL_CONTACT_AFTER = "До контакта"
LEADS_SHOWN = "Показано заявок: {count}"
LEADS_LIMIT_REACHED = "Показаны только последние {count} заявок — сузьте период."
LEADS_ACTIONS = "Обработка заявки"
LEADS_SELECT = "Открытая заявка"
LEADS_SELECT_LINE = "№ {id} · {status} · «{offer}» · {client} · {org}"
LEADS_ACTION_LABELS = {"in_work": "Взять в работу", "done": "Исполнена", "refused": "Отказ"}
LEADS_MOVED = "Заявка № {id}: статус «{status}»."
LEADS_NO_OPEN = "Открытых заявок нет."
LEADS_VIEW_ONLY = "Ваша роль может только просматривать заявки."
LEADS_NOBODY = "не назначен"
LEADS_ERRORS = {
    "bad_transition": "Заявку в статусе «{current}» нельзя перевести в «{target}».",
    "unknown_status": "Неизвестный статус заявки.",
    "not_found": "Заявка № {id} не найдена — возможно, её уже удалили.",
}
OVERVIEW_LEADS = "Витрина"
OVERVIEW_LEADS_PERIOD = "За последние {days} дней"
OVERVIEW_LEADS_TOTAL = "Заявок"
OVERVIEW_LEADS_CONVERSION = "Конверсия из всех"
OVERVIEW_LEADS_PENDING = "На рассмотрении"
OVERVIEW_LEADS_WAITING = "Ждут первого звонка сейчас"
OVERVIEW_LEADS_LINK = "Открыть витрину"
AUDIT_ACTIONS["lead.move"] = "Заявка с витрины: смена статуса"

# ---- statistics, ratings, calendar, imports (H6) -------------------------------------------
PAGE_REQUEST_STATS = "Статистика обращений"
PAGE_RATINGS = "Оценки"
PAGE_ADMIN_CALENDAR = "Рабочий календарь"
PAGE_IMPORTS = "Импорт данных"
# Filters shared by the statistics and ratings pages.
STATS_FILTER_ORG = "Организация"
STATS_FILTER_LINE = "Линия"
STATS_FILTER_SPECIALIST = "Специалист"
STATS_BAD_PERIOD = "Дата «по» должна быть позже даты «с»."
STATS_PERIOD_CAPTION = (
    "Закрытые обращения, созданные с {start} по {end} включительно (время — {tz})."
)
STATS_NO_DATA = "За выбранный период закрытых обращений нет."
STATS_NO_REQUESTS = "Обращений пока нет: загрузите их на странице «Импорт данных»."
# Request statistics page.
STATS_TITLE = "Статистика обращений"
STATS_WORKING = "В рабочих минутах"
STATS_WORKING_HELP = (
    "Считать ожидание, реакцию и решение только в рабочее время по рабочему календарю "
    "(праздники, сокращённые дни, обед). По умолчанию — астрономическое время, как в 1С-Коннект."
)
STATS_WORKING_ON = "Длительности — в рабочих минутах по календарю: {week}."
STATS_WORKING_DEFAULT = (
    "календарь не настроен, взят стандартный: пн–пт 09:00–18:00, обед 13:00–14:00"
)
STATS_WORKING_CUSTOM = "{hours} рабочих часов в неделю, особых дней: {days}"
STATS_TOTAL = "Закрыто обращений"
STATS_AVERAGE = "Средняя оценка"
STATS_RATED = "С оценкой"
STATS_UNHAPPY = "Недовольны (1–3), доля от оценённых"
STATS_TREE_TITLE = "Распределение обращений"
STATS_TREE_CAPTION = (
    "Ожидание в очереди → реакция специалиста → решение вопроса, в каждой ячейке — "
    "оценки 1–3, без оценки и 4–5."
)
STATS_WAIT_HEADER = "Ожидание в очереди {bucket}: {count}"
STATS_COL_REACTION = "Реакция специалиста"
STATS_COL_REACTION_TOTAL = "Обращений"
STATS_COL_RESOLUTION = "Решение вопроса"
STATS_COL_RESOLUTION_TOTAL = "Решено"
STATS_COL_WAIT = "Ожидание в очереди"
STATS_COL_RATING = "Оценка"
STATS_COL_COUNT = "Обращений"
STATS_RATING_COLUMNS = {"1-3": "Оценка 1–3", "none": "Без оценки", "4-5": "Оценка 4–5"}
STATS_BUCKETS = {
    "wait": {"<5m": "< 5 мин", "5-60m": "5–60 мин", "60m+": "60+ мин", "": "нет назначения"},
    "reaction": {"<5m": "< 5 мин", "5-60m": "5–60 мин", "60m+": "60+ мин", "": "нет ответа"},
    "resolution": {"<1h": "< 60 мин", "1-24h": "1–24 ч", "24h+": "24+ ч", "": "нет данных"},
    "rating": {"1-3": "1–3", "none": "без оценки", "4-5": "4–5"},
}
STATS_SUMMARY_TITLE = "Работа с обращениями"
STATS_SUMMARY_ROWS = {
    "<1h": "Закрыто в течение часа",
    "1-24h": "Закрыто в течение 1–24 часов",
    "24h+": "Закрыто в течение 24+ часов",
    "": "Время решения неизвестно",
}
STATS_SUMMARY_TOTAL = "Всего"
STATS_COL_CLOSED = "Закрыто"
STATS_COL_SHARE = "Доля от закрытых"
STATS_COL_UNHAPPY = "Недовольны"
STATS_COL_NO_RATING = "Без оценок"
STATS_COL_HAPPY = "Довольны"
STATS_COL_SHARE_OF = "{column}, доля от закрытых"
STATS_COL_ORG = "Организация"
STATS_COL_AVERAGE = "Средняя оценка"
STATS_CHART_TITLE = "Время решения и оценки"
STATS_CHART_COMPARE_TITLE = "Время решения по организациям"
STATS_COMPARE_TITLE = "Сравнение организаций"
STATS_COMPARE_LIMIT = "Показаны первые {count} организаций — выберите нужные в фильтре."
STATS_NO_ORG = "(без организации)"
STATS_SHEET_TREE = "Распределение"
STATS_SHEET_SUMMARY = "Работа с обращениями"
STATS_SHEET_COMPARE = "По организациям"
STATS_FILE = "statistika-obrashcheniy_{start}_{end}.xlsx"
# Ratings page.
RATINGS_TITLE = "Оценки пользователей"
RATINGS_AVERAGE = "Средняя оценка"
RATINGS_RATED = "Работ с оценками"
RATINGS_NO_RATING = "Без оценки, доля от закрытых"
RATINGS_LOW = "Низких оценок (≤ {max})"
RATINGS_NO_RATINGS = "За период оценок нет."
RATINGS_DISTRIBUTION = "Распределение оценок"
RATINGS_COL_MARK = "Оценка"
RATINGS_COL_COUNT = "Количество"
RATINGS_COL_SHARE = "Доля от оценённых"
RATINGS_TREND = "По неделям"
RATINGS_COL_WEEK = "Неделя с"
RATINGS_COL_CLOSED = "Закрыто"
RATINGS_COL_RATED = "С оценкой"
RATINGS_COL_AVERAGE = "Средняя"
RATINGS_SERIES = "Показатель"
RATINGS_LOW_TITLE = "Низкие оценки (не выше {max})"
RATINGS_LOW_NONE = "Низких оценок за период нет."
RATINGS_LOW_LIMIT = "Показаны последние {count} низких оценок — сузьте период."
RATINGS_COL_ID = "Обращение"
RATINGS_COL_CREATED = "Создано"
RATINGS_COL_CLOSED_AT = "Закрыто"
RATINGS_COL_ORG = "Организация"
RATINGS_COL_LINE = "Линия"
RATINGS_COL_CLIENT = "Клиент"
RATINGS_COL_SPECIALIST = "Специалист"
RATINGS_COL_RATING = "Оценка"
RATINGS_COL_COMMENT = "Комментарий"
RATINGS_SHEET_DISTRIBUTION = "Распределение"
RATINGS_SHEET_TREND = "По неделям"
RATINGS_SHEET_LOW = "Низкие оценки"
RATINGS_FILE = "otsenki_{start}_{end}.xlsx"
# Business calendar (admin).
CALENDAR_TITLE = "Рабочий календарь"
CALENDAR_HINT = (
    "Рабочие интервалы недели (можно несколько в день: обед, раздельные смены), праздники и "
    "сокращённые дни. По календарю статистика обращений считается в рабочих минутах."
)
CALENDAR_DEFAULT_NOTE = (
    "Календарь ещё не сохранён — действует стандартный: пн–пт 09:00–18:00, обед 13:00–14:00."
)
CALENDAR_WEEK = "Рабочая неделя"
CALENDAR_WEEK_TOTAL = "Рабочих часов в неделю: {hours}"
CALENDAR_COL_WEEKDAY = "День недели"
CALENDAR_COL_START = "Начало"
CALENDAR_COL_END = "Конец"
CALENDAR_WEEKDAYS = (
    "Понедельник",
    "Вторник",
    "Среда",
    "Четверг",
    "Пятница",
    "Суббота",
    "Воскресенье",
)
CALENDAR_SAVE_WEEK = "Сохранить неделю"
CALENDAR_WEEK_SAVED = "Рабочая неделя сохранена: интервалов {count}."
CALENDAR_ROW_INCOMPLETE = "Строка {row}: укажите день недели, начало и конец."
CALENDAR_ERRORS = {
    "bad_interval": "Неверный интервал {value}: начало должно быть раньше конца, время — от 00:00 до 24:00.",
    "overlap": "Интервалы одного дня пересекаются (около {value}).",
    "bad_kind": "Неизвестный тип дня «{value}».",
}
CALENDAR_DAYS = "Праздники и особые дни"
CALENDAR_UPLOAD = "Файл дней (CSV или Excel)"
CALENDAR_UPLOAD_HELP = (
    "Столбцы: дата; тип — праздник/выходной, сокращённый или рабочий (перенос); "
    "необязательно — интервалы «09:00-13:00,14:00-18:00». Сокращённый день без интервалов "
    "короче обычного на час."
)
CALENDAR_REPLACE = "Заменить все загруженные дни (иначе — добавить и обновить по датам)"
CALENDAR_LOAD = "Загрузить дни"
CALENDAR_DAYS_LOADED = "Загружено дней: {count}; отклонено строк: {rejected}."
CALENDAR_NOTHING_TO_LOAD = "В файле нет ни одного годного дня."
CALENDAR_NO_DAYS = "Особых дней нет: праздники не учитываются."
CALENDAR_CLEAR = "Удалить все особые дни"
CALENDAR_CLEARED = "Удалено особых дней: {count}."
CALENDAR_COL_DAY = "Дата"
CALENDAR_COL_WEEKDAY_SHORT = "День"
CALENDAR_COL_KIND = "Тип"
CALENDAR_COL_INTERVALS = "Рабочее время"
CALENDAR_COL_HOURS = "Рабочих часов"
CALENDAR_KINDS = {"holiday": "Выходной / праздник", "short": "Сокращённый", "workday": "Рабочий"}
CALENDAR_DERIVED = "как обычно"
CALENDAR_DAYS_FILE = "rabochiy-kalendar.xlsx"
CALENDAR_SHEET_WEEK = "Неделя"
CALENDAR_SHEET_DAYS = "Особые дни"
# Imports page.
IMPORTS_TITLE = "Импорт данных"
IMPORTS_KIND = "Что загружаем"
IMPORTS_KINDS = {
    "requests": "Обращения (CSV/XLSX)",
    "connect-open": "1С-Коннект: открытые обращения",
    "connect-events": "1С-Коннект: события",
}
IMPORTS_KIND_HELP = {
    "requests": (
        "Выгрузка «Статистика работы с обращениями» 1С-Коннект или любая таблица обращений: "
        "номер, время создания, назначения, первого ответа, закрытия, оценка, специалист, линия."
    ),
    "connect-open": "Ответ API 1С-Коннект со списком открытых обращений (SOAP XML или JSON).",
    "connect-events": "События 1С-Коннект в JSON (по одному в строке или массивом).",
}
IMPORTS_NONE_ALLOWED = "Для вашей роли нет доступных видов импорта."
IMPORTS_FILE = "Файл"
IMPORTS_LIMIT = "Не больше {mb} МБ."
IMPORTS_FILE_HINT = "Форматы: {types}. Не больше {mb} МБ."
IMPORTS_TOO_LARGE = (
    "Файл «{name}» весит {size} МБ — больше допустимых {mb} МБ. Разделите его на части."
)
IMPORTS_RUN = "Загрузить"
IMPORTS_READING = "Читаем файл…"
IMPORTS_SAVING = "Сохраняем {count} строк…"
IMPORTS_PROGRESS = "Обработано строк: {done} из {total}"
IMPORTS_DONE = "Файл «{name}» загружен."
IMPORTS_SAME_FILE = "Этот файл уже загружался {at} — повторная загрузка ничего не изменит."
IMPORTS_ROWS = "Строк в файле"
IMPORTS_IMPORTED = "Загружено и обновлено"
IMPORTS_DUPLICATES = "Без изменений"
IMPORTS_REJECTED = "Отклонено"
IMPORTS_REJECTS_TITLE = "Отклонённые строки"
IMPORTS_REJECTS_FILE = "otklonennye-stroki.xlsx"
IMPORTS_COL_ROW = "Строка"
IMPORTS_COL_COLUMN = "Столбец"
IMPORTS_COL_REASON = "Причина"
IMPORTS_COL_VALUES = "Значения"
IMPORTS_FAILED = "Файл не загружен: {reason}"
IMPORTS_MISSING_COLUMNS = "Не найдены обязательные столбцы: {columns}. Укажите их вручную ниже."
IMPORTS_MAPPING = "Сопоставление столбцов"
IMPORTS_MAPPING_HINT = "Выберите, в каком столбце файла лежит каждое поле. Обязательные отмечены *."
IMPORTS_MAPPING_NONE = "— нет —"
IMPORTS_MAPPING_RUN = "Загрузить с этим сопоставлением"
IMPORTS_FIELDS = {
    "id": "Номер обращения *",
    "created": "Создано *",
    "assigned": "Назначен ответственный",
    "first_reply": "Первый ответ специалиста",
    "closed": "Закрыто",
    "rating": "Оценка",
    "rating_comment": "Комментарий к оценке",
    "specialist": "Специалист",
    "line": "Линия",
    "client": "Клиент",
    "org": "Организация",
    "status": "Статус",
    "source": "Источник",
}
IMPORTS_HISTORY = "Журнал загрузок"
IMPORTS_HISTORY_EMPTY = "Загрузок ещё не было."
IMPORTS_HISTORY_FILE = "zhurnal-zagruzok.xlsx"
IMPORTS_COL_AT = "Когда"
IMPORTS_COL_KIND = "Что"
IMPORTS_COL_FILE = "Файл"
IMPORTS_COL_LOGIN = "Кто"
IMPORT_PROBLEMS = {
    "unreadable": "файл не читается (не таблица, повреждён или пустой)",
    "no_header": "не найдена строка заголовков",
    "missing_column": "нет обязательного столбца",
    "missing_value": "не заполнено обязательное поле",
    "bad_date": "неверная дата или время",
    "bad_number": "неверное число",
    "bad_rating": "оценка должна быть от 1 до 5",
    "bad_inn": "ИНН не проходит проверку контрольных цифр",
    "time_order": "время закрытия раньше времени создания",
    "duplicate_in_file": "такая запись уже есть в этом файле выше",
    "bad_json": "строка не является JSON",
    "unknown_event": "неизвестный тип события",
    "bad_kind": "неизвестный тип дня (нужно: праздник, выходной, сокращённый, рабочий)",
    "bad_interval": "неверные интервалы рабочего времени (нужно «09:00-13:00,14:00-18:00»)",
    "overlap": "интервалы рабочего времени пересекаются",
    # issue 11: evaluations and call logs
    "unknown_mark": "неизвестная отметка (нужно 1, +, да / 0, -, нет / н/п или пусто)",
    "no_organisation": "не указан партнёр (организация)",
    "no_criteria": "нет ни одного столбца с критерием (код G1… или название критерия)",
    "bad_cdr": "строка не похожа на запись CDR Asterisk",
}
AUDIT_ACTIONS["calendar.weekly"] = "Изменена рабочая неделя"
AUDIT_ACTIONS["calendar.days"] = "Загружены особые дни календаря"
AUDIT_ACTIONS["calendar.clear"] = "Удалены особые дни календаря"

# ---- QC callbacks (lead) -------------------------------------------------------------------
PAGE_CALLBACKS = "Обзвон ОКК"
CALLBACKS_TITLE = "Обзвон ОКК: перезвонить клиенту"
CALLBACKS_CAPTION = (
    "Пропущенное обращение или низкая оценка открывает задачу отделу контроля качества: "
    "перезвонить клиенту, выяснить, что пошло не так, и записать итог."
)
CALLBACKS_OPEN = "Ждут звонка"
CALLBACKS_DONE_TAB = "Выполненные"
CALLBACKS_NONE = "Открытых задач нет."
CALLBACKS_NONE_DONE = "Выполненных задач пока нет."
CALLBACKS_REASONS = {"missed": "пропущенное обращение", "low_rating": "низкая оценка"}
CALLBACKS_COL_TASK = "Задача"
CALLBACKS_COL_OPENED = "Открыта"
CALLBACKS_COL_REQUEST = "Обращение"
CALLBACKS_COL_REASON = "Причина"
CALLBACKS_COL_CLIENT = "Клиент"
CALLBACKS_COL_SPECIALIST = "Специалист"
CALLBACKS_COL_LINE = "Линия"
CALLBACKS_COL_RATING = "Оценка"
CALLBACKS_COL_COMMENT = "Комментарий клиента"
CALLBACKS_COL_RESULT = "Итог звонка"
CALLBACKS_COL_BY = "Кто звонил"
CALLBACKS_PICK = "Задача"
CALLBACKS_OUTCOME = "Итог звонка"
CALLBACKS_OUTCOME_HELP = "Что сказал клиент и что сделано."
CALLBACKS_SUBMIT = "Отметить выполненной"
CALLBACKS_SAVED = "Задача {task} закрыта."
CALLBACKS_ALREADY = "Задача {task} уже была закрыта."
CALLBACKS_OUTCOME_REQUIRED = "Запишите итог звонка."
CALLBACKS_FILE = "obzvon-okk.xlsx"
AUDIT_ACTIONS["callback.done"] = "Звонок ОКК выполнен"

# the monitor's (issue 14), the equipment module's (issue 13) and security's (issue 8) own texts
# add their settings and audit names to the tables above
from ui.texts import equipment as _equipment  # noqa: E402, F401
from ui.texts import monitor as _monitor  # noqa: E402, F401
from ui.texts import security as _security  # noqa: E402, F401

# argparse's own words in the CLI (usage, help, errors), keyed by argparse's English message ids
ARGPARSE_TEXTS = {
    "usage: ": "использование: ",
    "positional arguments": "аргументы",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "не хватает обязательных аргументов: %s",
    "one of the arguments %s is required": "нужен один из аргументов: %s",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "недопустимое значение %(value)r (можно: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r",
    "expected one argument": "нужно одно значение",
    "expected at most one argument": "нужно не больше одного значения",
    "expected at least one argument": "нужно хотя бы одно значение",
    "not allowed with argument %s": "нельзя вместе с %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "неоднозначный параметр %(option)s: подходят %(matches)s"
    ),
    "unexpected option string: %s": "неожиданный параметр: %s",
}
