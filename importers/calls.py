"""The PBX call log (issue 11, item 5): Asterisk's CDR `Master.csv` as cdr_csv writes it, or a
virtual PBX's export with Russian headers.

Master.csv has no header; its columns are positional (Asterisk 12+): accountcode, src, dst,
dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec,
disposition, amaflags, uniqueid, userfield, peeraccount, linkedid, sequence. Legs sharing a
linkedid are one call (older files without it group by uniqueid). Lines are decoded one by one
as UTF-8 or else cp1251, so a caller name written in another encoding survives; bytes neither
reads are kept as \\xNN escapes.
"""

from __future__ import annotations

import csv
import hashlib
import mimetypes
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from core.calls import Call, Leg, call_of, group_legs, is_extension
from core.imports import BAD_DATE, MISSING_VALUE, TOO_MANY_ROWS, ImportResult, Problem, bulk
from core.roles import Action
from importers.kinds import ImportKind, ReadOptions, register_kind
from importers.tabular import TableError, match_columns, read_table, require_columns
from importers.values import BadValue, parse_datetime, parse_duration, parse_int, text

BAD_CDR = "bad_cdr"
CDR_COLUMNS = (
    "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp",
    "lastdata", "start", "answer", "end", "duration", "billsec", "disposition", "amaflags",
    "uniqueid", "userfield", "peeraccount", "linkedid", "sequence",
)  # fmt: skip
_START, _ANSWER, _BILLSEC, _UNIQUEID, _LINKEDID, _SEQUENCE = 9, 10, 13, 16, 19, 20
AUDIO = (".mp3", ".wav", ".ogg", ".m4a", ".opus", ".webm", ".flac")

VPBX_ALIASES: dict[str, list[str]] = {
    "start": ["Время старта", "Начало звонка", "Дата и время", "Время звонка", "Дата звонка"],
    "kind": ["Тип", "Тип звонка", "Направление"],
    "src": ["Откуда", "Кто звонил", "Номер абонента", "Звонящий"],
    "dst": ["Куда", "Кому звонили", "Набранный номер"],
    "answered_by": ["Кто ответил", "Ответивший", "Сотрудник"],
    "duration": ["Длительность звонка", "Длительность", "Общая длительность"],
    "talk": ["Длительность разговора", "Разговор", "Время разговора"],
    "pickup": ["Время ответа", "Ожидание ответа", "Время ожидания"],
    "result": ["Результат вызова", "Результат", "Статус"],
    "extension": ["Внутренний номер", "Добавочный", "Внутренний"],
    "record_id": ["ID записи", "Запись", "Идентификатор записи", "ID звонка"],
}
_KINDS = {"вход": "in", "исход": "out", "внутр": "internal"}


def looks_like_master_csv(data: bytes) -> bool:
    """True when the first line has Asterisk's positional shape (a date in the 10th column)."""
    line = data.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    try:
        row = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return False
    if len(row) < 16:
        return False
    try:
        datetime.fromisoformat(row[_START])
    except ValueError:
        return False
    return True


def decode_lines(data: bytes) -> list[str]:
    """The file's lines as text: UTF-8 where it reads, else cp1251 (bytes neither reads escaped)."""
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        pass
    lines = []
    for raw in data.split(b"\n"):
        raw = raw.rstrip(b"\r")
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1251", errors="backslashreplace"))
    return lines


def read_calls(
    data: bytes, file_name: str, known: frozenset[str] = frozenset()
) -> ImportResult[Call]:
    """Calls from a Master.csv or a virtual PBX export; `known` extensions help tell internal
    numbers from outside ones."""
    if looks_like_master_csv(data):
        return read_master_csv(data, known)
    return read_vpbx(data, file_name, known)


def read_master_csv(data: bytes, known: frozenset[str] = frozenset()) -> ImportResult[Call]:
    """Asterisk CDR legs grouped into calls by linkedid."""
    legs: list[Leg] = []
    problems: list[Problem] = []
    rows = 0
    fromiso = datetime.fromisoformat
    with bulk():
        for number, row in enumerate(csv.reader(decode_lines(data)), start=1):
            if not row or row == [""]:
                continue
            rows += 1
            if len(row) < 16:
                problems.append(Problem(number, None, BAD_CDR, row[:21]))
                continue
            try:
                start = fromiso(row[_START])
                answer = fromiso(row[_ANSWER]) if row[_ANSWER] else None
                billsec = int(row[_BILLSEC] or 0)
            except ValueError:
                problems.append(
                    Problem(number, "start", BAD_DATE, dict(zip(CDR_COLUMNS, row, strict=False)))
                )
                continue
            key = (
                row[_LINKEDID] if len(row) > _LINKEDID and row[_LINKEDID]
                else row[_UNIQUEID] if len(row) > _UNIQUEID and row[_UNIQUEID]
                else f"{row[_START]}|{row[1]}"
            )  # fmt: skip
            sequence = row[_SEQUENCE] if len(row) > _SEQUENCE else ""
            legs.append(
                Leg(key, start, row[1], row[2], row[5], row[6], answer, billsec,
                    int(sequence) if sequence.isdigit() else 0,
                    row[17] if len(row) > 17 and _is_recording(row[17]) else "")
            )  # fmt: skip
        calls = group_legs(legs, known)
    for call in calls:
        call.key = f"asterisk:{call.key}"
    return ImportResult(records=calls, problems=problems, rows=rows)


def _is_recording(userfield: str) -> bool:
    return userfield.lower().endswith(AUDIO) or userfield.startswith(("http://", "https://"))


def read_vpbx(
    data: bytes, file_name: str, known: frozenset[str] = frozenset()
) -> ImportResult[Call]:
    """A virtual PBX's export: one row a call (rows sharing «ID записи» are legs of one call)."""
    table = read_table(data, file_name, VPBX_ALIASES)
    columns = match_columns(table.header, VPBX_ALIASES)
    require_columns(columns, ("start", "src"), table.header)
    result: ImportResult[Call] = ImportResult(
        records=[],
        rows=len(table.rows),
        sheet=table.sheet,
        sheet_reason=table.sheet_reason,
        columns={f: table.header[i] for f, i in columns.items()},
    )
    grouped: dict[str, list[tuple[Leg, str, str]]] = {}
    for number, row in zip(table.row_numbers, table.rows, strict=True):

        def cell(name: str, row: Sequence[Any] = row) -> Any:
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else ""

        try:
            start = parse_datetime(cell("start"))
        except BadValue:
            start, reason = None, BAD_DATE
        else:
            reason = MISSING_VALUE
        if start is None:
            result.problems.append(Problem(number, table.header[columns["start"]], reason,
                                           [text(c) for c in row]))  # fmt: skip
            continue
        talk = _seconds(cell("talk"))
        pickup = _seconds(cell("pickup"))
        answered_by = text(cell("answered_by"))
        extension = text(cell("extension")) or (
            answered_by if is_extension(answered_by, known) else ""
        )
        record_id = text(cell("record_id"))
        key = (
            record_id
            or hashlib.sha256(
                f"{start.isoformat()}|{text(cell('src'))}|{text(cell('dst'))}|{number}".encode()
            ).hexdigest()[:20]
        )
        answer = None
        if talk and pickup is not None:
            answer = start + timedelta(seconds=pickup)
        leg = Leg(key, start, text(cell("src")), text(cell("dst")), "",
                  f"SIP/{extension}-vpbx" if extension else "", answer, talk or 0, number,
                  record_id)  # fmt: skip
        grouped.setdefault(key, []).append((leg, text(cell("kind")).lower(), extension))
    calls: list[Call] = result.records  # type: ignore[assignment]
    for key, items in grouped.items():
        call = call_of(key, [leg for leg, _, _ in items], known)
        kind = next((code for word, code in _KINDS.items() if word in items[0][1]), None)
        if kind is not None:
            call.direction = kind
            if kind != "in":
                call.extension = next((e for _, _, e in items if e), call.extension) or (
                    call.caller if is_extension(call.caller, known) else ""
                )
        call.key = f"vpbx:{key}"
        call.source = "vpbx"
        calls.append(call)
    calls.sort(key=lambda c: c.started)
    return result


def _seconds(value: object) -> int | None:
    """Seconds from '125', '00:02:05', '2 мин 5 с' or a time cell; None when missing."""
    if value is None or value == "":
        return None
    try:
        number = parse_int(value)
    except BadValue:
        number = None
    if number is not None:
        return number
    try:
        span = parse_duration(value)
    except BadValue:
        return None
    return None if span is None else int(span.total_seconds())


def recording_source(recording: str, call_ref: str, folder: str) -> tuple[str | bytes, str] | None:
    """What st.audio plays for a call and its MIME type: its URL, or the bytes of a file in the
    recordings folder named by the recording or starting with the call's id; None when nothing
    is found."""
    recording, call_ref = recording.strip(), call_ref.strip()
    if recording.startswith(("http://", "https://")):
        return recording, _mime(recording)
    if not folder:
        return None
    base = Path(folder)
    if not base.is_dir():
        return None
    if recording:
        candidate = base / Path(recording).name
        if candidate.is_file():
            return candidate.read_bytes(), _mime(candidate.name)
    if call_ref:
        wanted = call_ref.split(":", 1)[-1]
        for path in sorted(base.iterdir()):
            if path.suffix.lower() in AUDIO and path.name.startswith(wanted) and path.is_file():
                return path.read_bytes(), _mime(path.name)
    return None


def _mime(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name.split("?", 1)[0])
    return guessed or "audio/mpeg"


def read_call_file(data: bytes, options: ReadOptions) -> ImportResult[Call]:
    """The registry's reader: a Master.csv by its shape, else a virtual PBX table."""
    if looks_like_master_csv(data):
        if options.limits.max_rows and data.count(b"\n") > options.limits.max_rows:
            raise TableError(TOO_MANY_ROWS, str(options.limits.max_rows))
        return read_master_csv(data)
    return read_vpbx(data, options.file_name, options=options)


register_kind(
    ImportKind(
        code="calls",
        texts="ui.texts.shopper:IMPORT_CALLS",
        store="db.calls:store_call_import",
        read_bytes=read_call_file,
        action=Action.IMPORT_CALLS,
        types=("csv", "txt", "xlsx", "xls", "ods"),
        order=61,
    )
)
