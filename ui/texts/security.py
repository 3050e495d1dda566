"""Russian texts of issue 8: sessions that end, guarded endpoints, login delays, the webhook's
refusals, and the labels this area adds to the shared settings and audit tables."""

from __future__ import annotations

from ui.texts import AUDIT_ACTIONS, HOOK_MESSAGES, SETTING_LABELS

# ---- login and sessions --------------------------------------------------------------------
LOGIN_THROTTLED = (
    "Слишком много неудачных попыток входа с этого адреса. Повторите через {seconds} с."
)
LOGOUT_CONFIRM = "Выйти из системы?"
LOGOUT_BAD_CSRF = "Форма выхода устарела. Обновите страницу и нажмите «Выйти» ещё раз."
SESSION_ENDED = "Сеанс завершён. Войдите снова."
WRITE_REFUSED = "Сеанс завершён: изменение не сохранено. Войдите снова."

# ---- HTTP refusals (JSON `message`) --------------------------------------------------------
NO_SESSION = "Нужно войти в систему."
UNKNOWN_HOST = "Этот адрес сервера не разрешён в настройках (разрешённые имена хостов)."
UPLOAD_TOO_LARGE = "Файл больше предельного размера загрузки из настроек."

# ---- CLI -----------------------------------------------------------------------------------
CLI_UNLOCK_HELP = "снять задержку входа после неудачных попыток (со всех адресов)"
CLI_UNLOCKED = "Пользователь {login}: задержки входа сняты (адресов: {count})."

# ---- webhook refusals ----------------------------------------------------------------------
HOOK_MESSAGES_SECURITY = {
    "bad_event": "Пакет не принят: в нём есть непригодные события (см. rejects); не сохранено ничего.",
    "too_many": "Слишком много событий в одном запросе.",
}

# ---- labels in shared tables ---------------------------------------------------------------
SETTING_LABELS_SECURITY = {
    "session_max_days": "Завершать любой сеанс через, дней (даже при активной работе)",
    "allowed_hosts": "Разрешённые имена хостов через запятую (кроме localhost)",
}
AUDIT_ACTIONS_SECURITY = {
    "user.unlock": "Сняты задержки входа",
    "session.refused": "Изменение отклонено: сеанс завершён",
}

SETTING_LABELS.update(SETTING_LABELS_SECURITY)
AUDIT_ACTIONS.update(AUDIT_ACTIONS_SECURITY)
HOOK_MESSAGES.update(HOOK_MESSAGES_SECURITY)
