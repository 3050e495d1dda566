"""Support requests from a spreadsheet or CSV export (DESIGN §5.2, §6): 1C-Connect's
«Статистика работы с обращениями», a helpdesk export, or a hand-made table.

Columns are found by aliases (Russian, English, 1C-Connect names) and, for headers nobody listed,
by word stems. Rejected rows (row, column, reason code, raw values): no id, no creation time, a bad
date, a rating outside 1–5, closed before created, an id repeated inside the file. A request is
closed when it has a close time or its status says so, else open.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from core.imports import (
    DUPLICATE_IN_FILE,
    MISSING_VALUE,
    TIME_ORDER,
    ImportResult,
    Problem,
)
from core.requests import RequestBatch, RequestRecord
from core.timeutil import DEFAULT_TZ
from importers.kinds import (
    DATE,
    DURATION,
    ID,
    MOMENT,
    RATING,
    TEXT,
    Field,
    ImportKind,
    ReadOptions,
    read_import,
    register_kind,
)
from importers.tabular import Detection, Table, match_columns, normalize
from importers.tabular import apply_mapping as apply_hand_mapping
from importers.values import (
    aware_column,
    duration_column,
    id_column,
    joined_moment_column,
    looks_like_durations,
    moment_column,
    rating_column,
    text_column,
)

DEFAULT_SOURCE = "file"

REQUEST_ALIASES: dict[str, list[str]] = {
    "id": [
        "Номер", "Номер обращения", "№ обращения", "№", "Номер заявки",
        "Номер тикета", "Номер запроса", "Обращение", "Идентификатор", "Идентификатор обращения",
        "Код обращения", "Код", "ID", "ID обращения", "Id", "Ticket", "Ticket ID", "Request ID",
        "Number", "ServiceTreatmentID", "TreatmentID", "treatment_id", "request_id", "ticket_id",
    ],
    "created": [
        "Создано", "Создан", "Создана", "Дата создания", "Время создания", "Дата и время создания",
        "Дата обращения", "Время обращения", "Дата и время обращения", "Начало", "Начато",
        "Начало обращения", "Дата начала", "Время начала", "Поступило", "Дата поступления",
        "Время поступления", "Дата регистрации", "Зарегистрировано", "Открыто", "Дата открытия",
        "Инициировано", "Дата инициации", "Время инициации",
        "Initialized", "initialized_at", "created", "created_at", "Created", "Opened", "opened_at",
        "start", "started_at",
    ],
    "assigned": [
        "Назначен ответственный", "Время назначения ответственного", "Назначено", "Назначен",
        "Дата назначения", "Время назначения", "Назначение ответственного",
        "Назначение специалиста", "Время назначения специалиста", "Принято в работу",
        "Взято в работу", "Дата принятия", "SpecAppointed", "assigned", "assigned_at",
        "appointed_at",
    ],
    "first_reply": [
        "Первый ответ специалиста", "Первый ответ", "Реакция специалиста", "Время реакции",
        "Время реакции специалиста", "Время первого ответа", "Дата первого ответа", "Реакция",
        "Начало реакции", "ReactionStarted", "first_reply", "first_reply_at", "first_response",
        "first_response_at", "responded_at",
    ],
    "closed": [
        "Закрыто", "Закрыт", "Закрыта", "Дата закрытия", "Время закрытия",
        "Дата и время закрытия", "Завершено", "Дата завершения", "Время завершения", "Решено",
        "Дата решения", "Время решения", "Окончание", "Дата окончания", "Closed", "closed_at",
        "resolved_at", "finished_at", "end",
    ],
    "rating": [
        "Оценка", "Оценка клиента", "Оценка качества", "Оценка обращения", "Балл", "Rating",
        "quality", "score", "Оценка пользователя",
    ],
    "rating_comment": [
        "Комментарий к оценке", "Комментарий", "Комментарий клиента", "Отзыв", "Отзыв клиента",
        "Комментарий пользователя", "rating_comment", "quality_comment", "comment",
    ],
    "specialist": [
        "Специалист", "Ответственный", "Ответственный специалист", "Исполнитель", "Сотрудник",
        "Оператор", "Консультант", "CurrentSpecialist", "current_specialist", "specialist",
        "specialist_id", "assignee", "agent",
    ],
    "line": [
        "Линия", "Услуга", "Линия консультации", "Линия поддержки", "Линия консультаций",
        "Очередь", "Направление", "ServiceID", "line_id", "line", "service", "queue",
    ],
    "client": [
        "Клиент", "Пользователь", "Абонент", "Контакт", "Заявитель", "Контактное лицо",
        "ClientID", "client", "client_id", "user_id", "customer",
    ],
    "org": [
        "Организация", "Партнер", "Партнёр", "Организация клиента", "Компания", "Контрагент",
        "Юрлицо", "org", "organization", "organisation", "company", "partner",
    ],
    "status": ["Статус", "Состояние", "Статус обращения", "status", "state"],
    "source": ["Источник", "Канал", "Канал обращения", "Способ обращения", "source", "channel"],
}  # fmt: skip

# Duration-only columns: the wait in the queue, added to the creation time when the file has no
# assignment time (not offered for hand mapping: REQUEST_ALIASES lists the fields a person maps).
WAIT_ALIASES: dict[str, list[str]] = {
    "wait": ["Время ожидания", "Ожидание", "Время в очереди", "Ожидание в очереди",
             "Время ожидания в очереди", "Время ожидания ответственного", "wait", "wait_time"],
}  # fmt: skip

# Stems for headers nobody listed, tried in this order on the normalized header
# (lower case, letters and digits only); the comment and time columns go before the people.
REQUEST_STEMS: list[tuple[str, str]] = [
    ("wait", r"ожидан|вочеред|waittime|^wait"),
    ("rating_comment", r"коммент|отзыв|comment"),
    ("rating", r"оценк|балл|rating|quality|score"),
    ("first_reply", r"реакц|первыйответ|первогоответ|firstrepl|firstrespons|reaction"),
    ("assigned", r"назнач|принят|взятовработ|appoint|assign"),
    ("closed", r"закры|заверш|решен|окончан|close|resolv|finish"),
    (
        "created",
        r"созда|поступ|регистр|начал|открыт|иници|^датаобращ|^времяобращ|^дата$|creat|open|init",
    ),
    ("specialist", r"специалист|ответствен|исполнител|сотрудник|оператор|консультант|specialist"),
    ("line", r"лини|услуг|очеред|направлен|групп|отдел|line|service|queue"),
    ("org", r"организац|партн[её]р|компан|контрагент|юрлиц|org|company"),
    ("client", r"клиент|пользовател|абонент|заявител|контакт|client|user|customer"),
    ("status", r"статус|состоян|status|state"),
    ("source", r"источник|канал|source|channel"),
    ("id", r"^номер(?!пп$)|^n$|^no$|идентиф|^id|id$|^код|ticket|number"),
]

REQUIRED = ("id", "created")
_TIME_FIELDS = ("created", "assigned", "first_reply", "closed")
_PART_WORDS = (("дата", "время"), ("date", "time"))  # normalized header words of a split moment
_CLOSED_STATUS = re.compile(r"закры|заверш|решен|выполн|отклон|отмен|closed|done|resolved|finished")


def status_from_text(value: str) -> str | None:
    """'closed' or 'open' from a status cell (закрыто/завершено… vs открыто/в работе/в очереди…)."""
    normalized = value.strip().lower().replace("ё", "е")
    if not normalized:
        return None
    if normalized.startswith(("не ", "not ", "un")):
        return "open"
    return "closed" if _CLOSED_STATUS.search(normalized) else "open"


def detect_columns(header: list[str]) -> dict[str, int]:
    """Field -> column index for a requests table header (aliases, then stems)."""
    return match_columns(header, {**REQUEST_ALIASES, **WAIT_ALIASES}, REQUEST_STEMS)


def with_time_parts(columns: Mapping[str, int], header: list[str]) -> dict[str, int]:
    """The columns plus `<field>_time` for a time field split over two columns, «Дата X» and
    «Время X» (or «X date» and «X time»): the field takes the date column, `_time` the clock."""
    found = dict(columns)
    names = [normalize(c) for c in header]
    for field in _TIME_FIELDS:
        index = found.get(field)
        if index is None or index >= len(names):
            continue
        name = names[index]
        for date_word, time_word in _PART_WORDS:
            if date_word in name and time_word not in name:
                partner = name.replace(date_word, time_word)
            elif time_word in name and date_word not in name:
                partner = name.replace(time_word, date_word)
            else:
                continue
            taken = set(found.values())
            others = [i for i, n in enumerate(names) if n == partner and i not in taken]
            if others:
                date_at, time_at = (index, others[0]) if date_word in name else (others[0], index)
                found[field], found[f"{field}_time"] = date_at, time_at
                break
    return found


def _column_reader(rows: list[list[Any]]) -> Callable[[int | None], list[Any]]:
    """A function giving one column's cells by index ('' past a short row's end, all '' for no
    column); when every row has the same width, one C-level transpose serves every column."""
    n = len(rows)
    transposed = list(map(list, zip(*rows, strict=True))) if len(set(map(len, rows))) == 1 else []

    def column(index: int | None) -> list[Any]:
        if index is None:
            return [""] * n
        if transposed:
            return transposed[index] if index < len(transposed) else [""] * n
        return [r[index] if index < len(r) else "" for r in rows]

    return column


def _raw_values(table: Table, row: list[Any]) -> dict[str, Any]:
    values = {}
    for index, name in enumerate(table.header):
        if index < len(row):
            cell = row[index]
            values[name or f"#{index + 1}"] = (
                cell if isinstance(cell, str | int | float) else str(cell)
            )
    return values


def _after(starts: list[datetime | None], lengths: list[timedelta | None]) -> list[datetime | None]:
    return [
        start + length if start is not None and length is not None else None
        for start, length in zip(starts, lengths, strict=True)
    ]


def _add_durations(
    moments: dict[str, list[datetime | None]], durations: dict[str, list[timedelta | None]]
) -> None:
    """Turn duration columns into moments (DESIGN §5.2): wait from creation, reaction and
    resolution from the assignment (or from creation when nobody was assigned)."""
    created = moments["created"]
    if "assigned" in durations:
        moments["assigned"] = _after(created, durations["assigned"])
    elif "wait" in durations and not any(moments["assigned"]):
        moments["assigned"] = _after(created, durations["wait"])
    start = [a if a is not None else c for a, c in zip(moments["assigned"], created, strict=True)]
    for field in ("first_reply", "closed"):
        if field in durations:
            moments[field] = _after(start, durations[field])


def apply_mapping(
    detected: Mapping[str, int], header: list[str], mapping: Mapping[str, int | str | None] | None
) -> dict[str, int]:
    """Detected columns overridden by a hand-made mapping: a mapped field takes its column from
    the person (and no other field keeps that column); a field mapped to None is dropped."""
    detection = Detection(dict(detected), dict.fromkeys(detected, "alias"))
    return apply_hand_mapping(detection, header, mapping).columns


def read_requests(
    data: bytes,
    file_name: str,
    tz: str = DEFAULT_TZ,
    mapping: Mapping[str, int | str | None] | None = None,
    sheet: str | int | None = None,
) -> ImportResult[RequestRecord]:
    """Requests from a .xlsx/.xls/.ods/.csv file; `mapping` (field -> column index, header text,
    or None to leave the field out) overrides detection when a person maps columns by hand.

    Raises TableError(unreadable | no_header | missing_column) when the file cannot be used at all.
    """
    options = ReadOptions(file_name=file_name, tz=tz, sheet=sheet, mapping=mapping)
    return read_import(REQUESTS_KIND, data, options)


def _requests_from_table(
    table: Table, columns: dict[str, int], options: ReadOptions
) -> ImportResult[RequestRecord]:
    return requests_from_table(table, with_time_parts(columns, table.header), options.tz)


def requests_from_table(
    table: Table, columns: Mapping[str, int], tz: str = DEFAULT_TZ
) -> ImportResult[RequestRecord]:
    """Turn the rows of an already-read table into requests and rejects, a column at a time.

    The records come back as a RequestBatch (columns; reads as a list of RequestRecord) with
    their times as the file gives them, naive local or aware.
    """
    rows = table.rows
    n = len(rows)
    header = table.header
    col = {f: columns.get(f) for f in (*REQUEST_ALIASES, *WAIT_ALIASES)}
    names = {f: (header[i] if i is not None and i < len(header) else f) for f, i in col.items()}
    clock = {f: columns[f"{f}_time"] for f in _TIME_FIELDS if f"{f}_time" in columns}
    names.update({f"{f}_time": header[i] for f, i in clock.items()})

    column = _column_reader(rows)
    ids = id_column(column(col["id"]))
    moments: dict[str, list[datetime | None]] = {}
    errors: dict[int, tuple[str, str]] = {}  # row position -> (field, code), first problem wins
    durations: dict[str, list[timedelta | None]] = {}
    for field in (*_TIME_FIELDS, "wait"):
        if col[field] is None:
            moments[field] = [None] * n
            continue
        cells = column(col[field])
        if field in clock:
            moments[field], bad, bad_clock = joined_moment_column(cells, column(clock[field]), tz)
            for position, code in bad_clock.items():
                errors.setdefault(position, (f"{field}_time", code))
        elif field != "created" and (field == "wait" or looks_like_durations(cells)):
            durations[field], bad = duration_column(cells)
            moments[field] = [None] * n
        else:
            moments[field], bad = moment_column(cells, tz)
        for position, code in bad.items():
            errors.setdefault(position, (field, code))
    _same_kind(moments, tz)
    _add_durations(moments, durations)
    ratings, bad = rating_column(column(col["rating"]))
    for position, code in bad.items():
        errors.setdefault(position, ("rating", code))
    texts = {
        f: text_column(column(col[f])) if col[f] is not None else [""] * n
        for f in ("specialist", "line", "client", "org", "rating_comment", "status", "source")
    }
    status_of = {v: status_from_text(v) for v in set(texts["status"])}

    problems = []
    seen: set[str] = set()
    created, closed = moments["created"], moments["closed"]
    for position, (request_id, start, end) in enumerate(zip(ids, created, closed, strict=True)):
        if not request_id:
            failed = ("id", MISSING_VALUE)
        elif position in errors:
            failed = errors[position]
        elif start is None:
            failed = ("created", MISSING_VALUE)
        elif end is not None and end < start:
            failed = ("closed", TIME_ORDER)
        elif request_id in seen:
            failed = ("id", DUPLICATE_IN_FILE)
        else:
            seen.add(request_id)
            continue
        field, code = failed
        problems.append((position, Problem(table.row_numbers[position], names[field], code,
                                           _raw_values(table, rows[position]))))  # fmt: skip
    batch = RequestBatch(
        {
            "id": ids,
            "source": [v or DEFAULT_SOURCE for v in texts["source"]],
            "created_at": created,
            "org": texts["org"],
            "line": texts["line"],
            "client": texts["client"],
            "specialist": texts["specialist"],
            "assigned_at": moments["assigned"],
            "first_reply_at": moments["first_reply"],
            "closed_at": closed,
            "rating": ratings,
            "rating_comment": [v or None for v in texts["rating_comment"]],
            "status": [
                "closed" if end is not None else (status_of[v] or "open")
                for v, end in zip(texts["status"], closed, strict=True)
            ],
        }
    )
    if problems:
        rejected = {position for position, _ in problems}
        batch = batch.take([i for i in range(n) if i not in rejected])
    return ImportResult(records=batch, problems=[p for _, p in problems], rows=n)


def _same_kind(moments: dict[str, list[datetime | None]], tz: str) -> None:
    """Make every time column aware when some are aware and some naive, so they compare."""
    kinds = set()
    for column in moments.values():
        first = next((m for m in column if m is not None), None)
        if first is not None:
            kinds.add(first.tzinfo is None)
    if len(kinds) > 1:
        for field, times in moments.items():
            moments[field] = aware_column(times, tz)


_TYPES = {"id": ID, "created": DATE, "assigned": MOMENT, "first_reply": MOMENT, "closed": MOMENT,
          "rating": RATING, "wait": DURATION}  # fmt: skip
_STEMS = dict(REQUEST_STEMS)
_STEM_ORDER = {name: rank for rank, (name, _) in enumerate(REQUEST_STEMS)}
REQUEST_FIELDS = tuple(
    Field(
        name,
        tuple(aliases),
        _TYPES.get(name, TEXT),
        required=name in REQUIRED,
        stem=_STEMS.get(name, ""),
        from_groups=name == "org",
        stem_order=_STEM_ORDER.get(name, 0),
    )
    for name, aliases in {**REQUEST_ALIASES, **WAIT_ALIASES}.items()
)

REQUESTS_KIND = register_kind(
    ImportKind(
        code="requests",
        texts="ui.texts.imports:KIND_REQUESTS",
        store="db.imports:store_request_import",
        fields=REQUEST_FIELDS,
        from_table=_requests_from_table,
        order=10,
    )
)
