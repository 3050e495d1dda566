"""Russian texts of e-mail notifications (issue 10): event names, subjects and bodies.

A module adds its event's title to EVENT_TITLES; when it queues with db.notify.notify_event it
also adds EVENT_MAIL[code] = (subject, body) with the {placeholders} of its params.
"""

from __future__ import annotations

EVENT_TITLES = {
    "missed_request": "Пропущенное обращение",
    "low_rating": "Низкая оценка клиента",
    "callback_task": "Назначена задача на обратный звонок",
    "import_rejects": "Импорт завершён с отклонёнными строками",
    "equipment_reminder": "Напоминание о ТО и окончании гарантии оборудования клиента",
    "deal_returned": "Сделка возвращена вам в работу после контрольного звонка",
    "refusals_late": "Условные отказы ждут проверки дольше норматива",
    # module issues: append "code": "Название" here
    "evaluation_new": "Мой звонок оценён",
    "dispute_decided": "Решение по моему спору об оценке",
    "listening_behind": "Кто отстаёт от плана прослушивания звонков",
}

EVENT_MAIL = {
    "missed_request": (
        "Пропущенное обращение {request_id}: {client}",
        "Обращение {request_id} ждало ответственного {wait_minutes} мин.\n"
        "Клиент: {client}\nЛиния: {line}\n\n"
        "Отделу контроля качества открыта задача перезвонить клиенту.",
    ),
    "low_rating": (
        "Низкая оценка {rating} по обращению {request_id}: {client}",
        "Клиент поставил оценку {rating}.\n"
        "Обращение: {request_id}\nКлиент: {client}\nСпециалист: {specialist}\n"
        "Линия: {line}\nКомментарий клиента: {comment}\n\n"
        "Отделу контроля качества открыта задача перезвонить клиенту.",
    ),
    "callback_task": (
        "Задача на обратный звонок: обращение {request_id}",
        "Открыта задача перезвонить клиенту {client} по обращению {request_id} "
        "(причина: {reason}).",
    ),
    "import_rejects": (
        "Импорт «{file}»: отклонено строк — {rejected}",
        "Загрузка «{file}» ({kind}) завершена.\n"
        "Строк в файле: {rows}\nЗагружено: {imported}\nПовторы: {duplicates}\n"
        "Отклонено: {rejected}\nЗагрузил: {login}\n\n"
        "Причины отклонения — на странице «Импорт данных».",
    ),
}
EVENT_MAIL["evaluation_new"] = (
    "Ваш звонок оценён: {verdict}",
    "Отдел контроля качества оценил ваш звонок от {day} ({campaign}).\n"
    "Вердикт: {verdict}. Грубых ошибок: {gross}, ошибок: {errors}.\n\n"
    "Откройте «Мои оценки», чтобы ознакомиться; не согласны с критерием — оспорьте его там.",
)
EVENT_MAIL["dispute_decided"] = (
    "Решение по оспоренному критерию {code}: {decision}",
    "По вашему звонку от {day} рассмотрен спор о критерии {code}.\n"
    "Решение: {decision}. Вердикт теперь: {verdict}.\n{comment}",
)
EVENT_MAIL["deal_returned"] = (
    "Сделка {id} возвращена вам в работу",
    "Контроль качества перезвонил клиенту и вернул сделку {id} «{title}» ({client}) в работу.\n"
    "Причина отказа, которую указал менеджер: {reason}\n"
    "Причина со слов клиента: {client_reason}\n"
    "Комментарий контроля качества: {comment}",
)
EVENT_MAIL["refusals_late"] = (
    "Условные отказы ждут проверки дольше норматива: {overdue}",
    "В очереди проверки {awaiting} условных отказов, из них {overdue} ждут дольше норматива "
    "({target} раб. дн.). Самый старый ждёт {oldest} раб. дн.",
)
EVENT_MAIL["listening_behind"] = (
    "План прослушивания: отстают {count}",
    "На неделе с {week} отстают от плана прослушивания звонков: {names}.",
)
CALLBACK_REASONS = {"missed": "пропущенное обращение", "low_rating": "низкая оценка"}

MAIL_LINK = "Открыть в приложении: {url}"
MAIL_FOOTER = (
    "—\nПисьмо отправлено приложением «Контроль качества продаж и сервиса». "
    "Какие уведомления приходят и сводка раз в день настраиваются на странице «Пользователи»."
)
MAIL_DEFAULT_FROM = "qc-dashboard@localhost"
DIGEST_SUBJECT = "Сводка уведомлений за {day}: {count}"
DIGEST_INTRO = "Уведомления за прошедшие сутки ({count}):"
DIGEST_LINE = "• {at} — {subject}"
TEST_SUBJECT = "Проверка почты — Контроль качества продаж и сервиса"
TEST_BODY = "Это проверочное письмо. Если вы его читаете, отправка уведомлений настроена верно."
