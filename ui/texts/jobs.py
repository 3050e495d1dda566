"""Russian texts of background jobs (issue 10): job names, results, the «Фоновые задачи» page,
the mail check and the jobs/settings commands."""

from __future__ import annotations

# ---- jobs (worker.py JobSpec titles and run summaries) --------------------------------------
JOB_ALERTS = "Оповещения монитора и задачи на обратный звонок"
JOB_CONNECT = "Загрузка открытых обращений из 1С-Коннект"
JOB_SEND_MAIL = "Отправка почтовых уведомлений"
JOB_DIGEST = "Ежедневная сводка уведомлений"
JOB_PURGE_SESSIONS = "Удаление завершённых сеансов"
JOB_BACKUP = "Ночная резервная копия"

RESULT_ALERTS = "оповещений: {alerts}, задач на звонок: {tasks}, снято предупреждений: {resolved}"
RESULT_CONNECT_OFF = "не настроено (нет адреса API 1С-Коннект)"
RESULT_CONNECT = "строк: {rows}, новых или изменённых: {imported}, отклонено: {rejected}"
RESULT_MAIL_OFF = "почта не настроена (нет SMTP-сервера); писем ждёт: {waiting}"
RESULT_MAIL_NONE = "писем к отправке нет"
RESULT_MAIL = "отправлено: {sent}, отложено: {retry}, отклонено сервером: {failed}"
RESULT_DIGEST = "сводок: {digests}, уведомлений в них: {messages}"
RESULT_PURGE = "удалено сеансов: {sessions}"
RESULT_BACKUP = "копия {file} ({size} МБ), удалено старых: {removed}"

ERROR_MAIL = "SMTP-сервер {host}:{port} недоступен или отказал: {reason}"
ERROR_CONNECT = "1С-Коннект {url}: {reason}"

# ---- admin page «Фоновые задачи» -------------------------------------------------------------
PAGE_ADMIN_JOBS = "Фоновые задачи"
JOBS_TITLE = "Фоновые задачи"
JOBS_CAPTION = (
    "Задачи выполняет сам сервер, даже когда ни одна страница не открыта. "
    "Если запущено несколько серверов с одной базой, каждую задачу в каждый момент выполняет "
    "только один из них."
)
JOBS_COL_JOB = "Задача"
JOBS_COL_PERIOD = "Период"
JOBS_COL_LAST = "Последний запуск"
JOBS_COL_DURATION = "Длительность, с"
JOBS_COL_NEXT = "Следующий запуск"
JOBS_COL_RESULT = "Результат"
JOBS_COL_ERROR = "Ошибка"
JOBS_COL_STATE = "Состояние"
JOBS_STATE_RUNNING = "выполняется"
JOBS_STATE_OK = "в порядке"
JOBS_STATE_FAILING = "ошибка (неудачных запусков подряд: {failures})"
JOBS_STATE_NEW = "ещё не запускалась"
JOBS_PERIOD_DAILY = "ежедневно в {hour:02d}:00"
JOBS_PERIOD_SECONDS = "{text}"
JOBS_RUN_NOW = "Запустить сейчас"
JOBS_RUN_DONE = "Задача «{title}» выполнена: {result}"
JOBS_RUN_FAILED = "Задача «{title}» завершилась ошибкой:"
JOBS_RUN_BUSY = "Задача «{title}» уже выполняется (другим процессом). Попробуйте позже."
JOBS_PERIOD_LABEL = "Период, секунд"
JOBS_PERIOD_SAVE = "Сохранить период"
JOBS_PERIOD_SAVED = "Период задачи «{title}» изменён."
JOBS_SELECT = "Задача"
JOBS_OUTBOX = "Почтовые уведомления"
JOBS_OUTBOX_COUNTS = (
    "В очереди: {pending}, ждут сводки: {held}, отправлено: {sent}, отклонено сервером: {failed}"
)
JOBS_OUTBOX_EMPTY = "Писем ещё не было."
OUTBOX_COL_CREATED = "Создано"
OUTBOX_COL_EVENT = "Событие"
OUTBOX_COL_TO = "Кому"
OUTBOX_COL_SUBJECT = "Тема"
OUTBOX_COL_STATUS = "Статус"
OUTBOX_COL_ATTEMPTS = "Попыток"
OUTBOX_COL_ERROR = "Ошибка"
OUTBOX_STATUSES = {
    "pending": "ждёт отправки",
    "held": "ждёт сводки",
    "sent": "отправлено",
    "digested": "вошло в сводку",
    "failed": "отклонено",
}
DIGEST_EVENT = "Сводка за день"

# ---- admin settings: mail check ---------------------------------------------------------------
MAIL_CHECK_TITLE = "Почта для уведомлений"
MAIL_CHECK_HINT = (
    "Сервер, порт, защита соединения и отправитель задаются в настройках выше. "
    "Проверочное письмо уходит сразу, минуя очередь."
)
MAIL_CHECK_TO = "Кому отправить проверочное письмо"
MAIL_CHECK_BUTTON = "Проверить почту"
MAIL_CHECK_OK = "Письмо принято сервером {host}:{port} для {to}."
MAIL_CHECK_FAILED = "Не удалось отправить письмо. Ответ сервера:"
MAIL_CHECK_NO_HOST = "Сначала укажите SMTP-сервер в настройках."
MAIL_CHECK_NO_TO = "Укажите адрес получателя."

# ---- users page: e-mail and chosen events -----------------------------------------------------
USERS_MAIL_TITLE = "Уведомления по почте"
USERS_MAIL_EMAIL = "Адрес электронной почты"
USERS_MAIL_EVENTS = "Какие уведомления присылать"
USERS_MAIL_DIGEST = "Раз в день одной сводкой (вместо отдельных писем)"
USERS_MAIL_SAVE = "Сохранить уведомления"
USERS_MAIL_SAVED = "Уведомления пользователя «{login}» сохранены."
USERS_COL_EMAIL = "Эл. почта"

# ---- CLI ------------------------------------------------------------------------------------
CLI_JOBS_HELP = "фоновые задачи: список и запуск"
CLI_JOBS_LIST_HELP = "задачи, их период, последний и следующий запуск, результат и ошибка"
CLI_JOBS_RUN_HELP = "выполнить задачу один раз сейчас (для cron или второго сервера)"
CLI_JOBS_UNKNOWN = "неизвестная задача «{name}»; есть: {names}"
CLI_JOBS_BUSY = "задача «{name}» уже выполняется другим процессом"
CLI_JOBS_FAILED = "задача «{name}» завершилась ошибкой: {error}"
CLI_JOBS_DONE = "{name}: {result}"
CLI_JOBS_LINE = "{name:<20} {period:>8}  последний: {last:<19}  следующий: {next:<19}  {state}"
CLI_SETTINGS_HELP = "настройки: list | get KEY | set KEY VALUE (секреты скрыты)"
CLI_SETTINGS_UNKNOWN = "неизвестная настройка «{key}»"
CLI_SETTINGS_SET = "{key} = {value}"
CLI_ALERTS_HELP = "оповещения монитора: вид, обращение, когда, квитировано ли"
SECRET_MASK = "********"
NEVER = "—"
PERMISSION_DENIED_JOB = "Запускать задачи и менять их период может только администратор."
JOBS_DAILY_HINT = (
    "Ночная копия и ежедневная сводка выполняются раз в день в час, заданный на странице "
    "«Настройки»; папка копий и сколько их хранить — там же."
)
USERS_MAIL_BAD_EMAIL = "Адрес электронной почты указан неверно."
PAGE_MY_MAIL = "Мои уведомления"
MY_MAIL_TITLE = "Мои уведомления"
MY_MAIL_CAPTION = (
    "Письма приходят о событиях, выбранных ниже. Пока вы ничего не меняли, действует выбор по "
    "вашей роли. Ссылка в письме ведёт на страницу приложения."
)
JOBS_CARD_LINE = "{period} · {state} · последний запуск: {last} · следующий: {next}"
JOBS_RESULT_LINE = "Результат: {result}"
JOBS_ERROR_LINE = "Ошибка: {error}"
JOBS_TABLE = "Все задачи таблицей"
