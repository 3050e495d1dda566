"""The audit log in Russian (issue 14, item 8): a name for every action any module records and for
every detail it stores («создано: 9, задач: 6», not «created: 9, tasks: 6»)."""

from __future__ import annotations

from ui.texts import AUDIT_ACTIONS, CALLBACKS_REASONS, MONITOR_ALERT_KINDS, ROLE_NAMES
from ui.texts import deals as deal_texts
from ui.texts import equipment as equipment_texts
from ui.texts import shopper as shopper_texts

AUDIT_ACTIONS.update(
    {
        "campaign.create": "Создана кампания оценки звонков",
        "client.update": "Изменены данные клиента",
        "deal.activity": "Записано действие по сделке",
        "deal.move": "Сделка переведена на другой этап",
        "deal.reasons": "Изменён список причин отказа",
        "deal.refused": "Изменение сделки отклонено",
        "deal.stage_map": "Сохранено сопоставление этапов CRM",
        "deal.target": "Изменён норматив проверки отказов",
        "deal.task": "Поставлена задача по сделке",
        "deal.task_done": "Задача по сделке выполнена",
        "deal.update": "Изменена сделка",
        "deal.verify": "Проверка отказа",
        "dispute.decide": "Решение по оспариванию оценки",
        "dispute.open": "Оценка оспорена",
        "evaluation.acknowledge": "Оценка звонка просмотрена",
        "evaluation.create": "Звонок оценён",
        "evaluation.delete": "Оценка звонка удалена",
        "evaluation.edit": "Оценка звонка изменена",
        "extension.set": "Назначен внутренний номер",
        "job.period": "Изменён период фоновой задачи",
        "job.run": "Фоновая задача запущена вручную",
        "listening.reminder": "Напоминание о плане прослушивания",
        "shopper.letter": "Письмо партнёру об итогах оценки",
        "template.create": "Создан чек-лист оценки",
        "template.edit": "Изменён чек-лист оценки",
        "template.version": "Новая версия чек-листа оценки",
        "user.mail": "Изменены уведомления пользователя",
    }
)
SYSTEM_LOGIN = "system"
SYSTEM_NAME = "система (фоновые задачи)"
YES, NO = "да", "нет"
PAIR = "{name}: {value}"

# detail key -> Russian name; a key missing here is shown as it is (a test checks every key written)
DETAIL_NAMES = {
    "accept": "принято", "address": "адрес", "addresses": "адреса", "amount_kop": "сумма",
    "area": "раздел", "assignee": "кому", "attempted": "попытка", "behind": "отстают",
    "bytes": "байт", "call": "звонок", "call_day": "день звонка", "calls": "звонков",
    "campaign": "кампания", "client": "клиент", "client_reason": "причина со слов клиента",
    "code": "код", "competitor": "конкурент", "components": "комплектующие",
    "contact": "контакт", "contacts": "контакты", "count": "количество", "created": "создано",
    "day": "день", "days": "дней", "decision": "решение", "digest": "сводка",
    "duplicates": "повторов", "email": "e-mail", "events": "события", "file": "файл",
    "flagged": "с замечаниями", "from": "было", "imported": "загружено",
    "industry": "отрасль", "intervals": "интервалы", "keys": "настройки", "kind": "вид",
    "last_repair": "последний ремонт", "lead_source": "источник", "letter_on": "письмо",
    "lines": "линии", "manager": "менеджер", "mapping": "сопоставление", "mark": "отметка",
    "marks": "отметки", "name": "имя", "opportunity": "возможность", "org_id": "организация",
    "outcome": "итог", "overdue": "просрочено", "owner": "владелец", "phone": "телефон",
    "product": "товар", "queued": "в очереди", "raised": "поднято", "reason": "причина",
    "reasons": "причины", "rejected": "отклонено", "replace": "замена", "request": "обращение",
    "requests": "обращений", "responsible": "ответственный", "role": "роль", "rows": "строк",
    "seconds": "секунд", "seed": "зерно", "segment": "сегмент", "serial": "серийный номер",
    "service_contract_until": "сервисный договор до", "staff_id": "сотрудник",
    "stage": "этап", "stored": "сохранено", "task": "задача", "tasks": "задач",
    "template": "чек-лист", "title": "название", "to": "стало", "until": "до",
    "updated_at": "изменено", "verdict": "вердикт", "version": "версия",
    "warranty_end_set": "окончание гарантии", "woken": "возобновлено", "written": "записано",
    "year_made": "год выпуска",
}  # fmt: skip
# detail key -> its coded values in Russian (free text, numbers and dates stay as they are)
DETAIL_VALUES: dict[str, dict[str, str]] = {
    "role": {"": "—", **ROLE_NAMES},
    "stage": deal_texts.STAGES,
    "outcome": {"confirmed": "отказ подтверждён", "returned": "возвращена в работу",
                **equipment_texts.OUTCOMES},
    "verdict": shopper_texts.VERDICTS,
    "decision": shopper_texts.DECISIONS,
    "mark": shopper_texts.MARKS,
    "assignee": equipment_texts.TM_ASSIGNEES,
    "kind": {**MONITOR_ALERT_KINDS, **deal_texts.ACTIVITY_KINDS},
    "reason": {"bad_password": "неверный пароль", "unknown_user": "нет такого пользователя",
               "disabled": "пользователь отключён", "throttled": "слишком много попыток",
               **CALLBACKS_REASONS},
    "code": {**deal_texts.RULES},
    "owner": equipment_texts.OWNERS,
}  # fmt: skip
