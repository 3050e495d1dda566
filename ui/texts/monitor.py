"""Texts of the 1C-Connect monitor work (issue 14): histories, stale closes, remote sessions,
the directory, SLA, drill-down, the wall screen."""

from __future__ import annotations

from ui.texts import AUDIT_ACTIONS, SETTING_LABELS

SETTING_LABELS["stale_after_days"] = "Закрывать как зависшие обращения без событий, дней"
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
