"""An agency's mystery-shopper workbook (issue 11, item 4): one row a call.

Columns `Дата`, `Этап`, `Партнёр`, `Город`, `Менеджер`, optionally `Оценщик`, `ID звонка`,
`Комментарий`, `Что понравилось`, `Эталон`, then one column per criterion by its code (`G1`,
`G1. Выяснил…`) or its name. Marks `1`, `+`, `да` = done, `0`, `-`, `нет` = missed, `н/п` or
empty = not applicable, any case. A row with an unknown mark, no organisation or no readable date
is rejected with its reason; the others land.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from core.imports import BAD_DATE, MISSING_VALUE, ImportResult, Problem
from core.roles import Action
from core.shopper import (
    BUILTIN_TEMPLATES,
    LIKED_TAGS,
    NO_CRITERIA,
    NO_ORGANISATION,
    Criterion,
    EvaluationRecord,
    UnknownMark,
    parse_mark,
)
from importers.kinds import (
    OPTION_BOOL,
    OPTION_CHOICE,
    ImportKind,
    KindOption,
    ReadOptions,
    register_kind,
)
from importers.tabular import (
    TableError,
    match_columns,
    normalize,
    read_table,
    require_columns,
    resolve_mapping,
)
from importers.values import BadValue, parse_datetime, parse_int, text

ALIASES: dict[str, list[str]] = {
    "day": ["Дата", "Дата звонка", "Дата проверки", "Дата и время звонка", "Дата оценки", "date"],
    "round": ["Этап", "Номер этапа", "Волна", "Раунд", "round", "stage"],
    "org": ["Партнёр", "Партнер", "Организация", "ЦС", "Центр сопровождения", "Компания",
            "Название партнера", "partner", "organisation", "organization"],
    "city": ["Город", "Регион", "city"],
    "manager": ["Менеджер", "Сотрудник", "ФИО менеджера", "Менеджер по продажам", "manager"],
    "evaluator": ["Оценщик", "Эксперт", "Проверяющий", "Тайный покупатель", "evaluator"],
    "call_ref": ["ID звонка", "Звонок", "ID записи", "Номер звонка", "Запись", "call_id"],
    "comment": ["Комментарий", "Общий комментарий", "Примечание", "comment"],
    "liked": ["Что понравилось", "Понравилось", "liked"],
    "reference": ["Эталон", "Эталонный оценщик", "reference"],
    "pickup_s": ["Снятие трубки, сек", "Время снятия трубки", "Секунд до ответа", "pickup_s"],
    "recording": ["Запись звонка", "Ссылка на запись", "recording"],
}  # fmt: skip
REQUIRED = ("day", "org")
# headers nobody listed, by how they start (normalized: lower case, no spaces or punctuation)
STEMS = (
    ("day", r"^дата"),
    ("round", r"^(этап|волна|раунд|тур)"),
    ("org", r"^(партнер|организац|компани|центрсопровожд|цс$|наименованиепартн)"),
    ("city", r"^(город|регион|населенн)"),
    ("manager", r"^(менеджер|сотрудник|фиоменеджер|фиосотрудник)"),
    ("evaluator", r"^(оценщик|эксперт|проверяющ|аудитор|тайныйпокупат)"),
    ("call_ref", r"^(idзвонк|номерзвонк|кодзвонк|idзапис|звонок)"),
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_CODE_AT_START = re.compile(r"^\s*([A-Za-zА-Яа-я]{1,2}\d{1,3})(?!\d)(?:\W|$)")
_LATIN = str.maketrans("авекмнорстухг", "abekmhopctyxg")
DEFAULT_CAMPAIGN = "Тайный покупатель"
KNOWN_CRITERIA = tuple(
    {c.code: c for t in reversed(BUILTIN_TEMPLATES) for c in t.criteria}.values()
)


def criterion_columns(
    header: Sequence[str], criteria: Sequence[Criterion], used: set[int]
) -> dict[str, int]:
    """Criterion code -> column: a header that is a code («G1», Cyrillic «Е1» too) or starts with
    one («G1. Выяснил…»), or that names a known criterion. Codes are checked against the
    campaign's template when the evaluations are stored."""
    by_name = {normalize(c.name): c.code for c in criteria}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        if index in used or not cell:
            continue
        raw = str(cell).strip()
        match = _CODE_AT_START.match(raw)
        code = match.group(1).lower().translate(_LATIN).upper() if match else None
        if code is None:
            code = by_name.get(normalize(raw)) or _by_name_start(normalize(raw), by_name)
        if code is not None and code not in found:
            found[code] = index
    return found


def _by_name_start(name: str, by_name: Mapping[str, str]) -> str | None:
    """A criterion whose name starts the header or that the header starts (a shortened or a
    lengthened wording), when exactly one fits and the common part is long enough to mean it."""
    if len(name) < 12:
        return None
    fits = {code for known, code in by_name.items()
            if len(known) >= 12 and (known.startswith(name) or name.startswith(known))}  # fmt: skip
    return fits.pop() if len(fits) == 1 else None


def read_evaluations(
    data: bytes,
    file_name: str,
    criteria: Sequence[Criterion] = KNOWN_CRITERIA,
    calibration: bool = False,
    mapping: Mapping[str, int | str | None] | None = None,
    campaign: str = DEFAULT_CAMPAIGN,
    options: ReadOptions | None = None,
) -> ImportResult[EvaluationRecord]:
    """The workbook's calls as records; rejected rows with row, column, reason and raw values."""
    aliases = {**ALIASES, **{c.code: [c.code, c.name] for c in criteria}}
    options = options or ReadOptions(file_name=file_name)
    table = read_table(data, file_name, aliases, options.sheet, options.limits)
    header = table.header
    columns = match_columns(header, ALIASES, STEMS)
    hand = {k: v for k, v in (mapping or {}).items() if v is not None}
    if hand:
        columns.update({k: v for k, v in resolve_mapping(header, hand).items() if k in ALIASES})
    require_columns(columns, REQUIRED, header)
    marks_at = criterion_columns(header, criteria, set(columns.values()))
    if hand:
        marks_at.update(
            {k: v for k, v in resolve_mapping(header, hand).items() if k not in ALIASES}
        )
    if not marks_at:
        raise TableError(NO_CRITERIA, columns=[NO_CRITERIA], header=header, sheet=table.sheet)
    result: ImportResult[EvaluationRecord] = ImportResult(
        records=[], rows=len(table.rows), sheet=table.sheet, sheet_reason=table.sheet_reason,
        columns={**{f: header[i] for f, i in columns.items()},
                 **{c: header[i] for c, i in marks_at.items()}},
    )  # fmt: skip
    records: list[EvaluationRecord] = result.records  # type: ignore[assignment]
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        record = _read_row(number, row, header, columns, marks_at, calibration)
        if isinstance(record, Problem):
            result.problems.append(record)
        else:
            record.campaign = campaign
            record.calibration = calibration
            records.append(record)
    return result


def read_evaluation_file(data: bytes, options: ReadOptions) -> ImportResult[EvaluationRecord]:
    """The registry's reader: --campaign and --calibration arrive in options.extra."""
    extra = options.extra or {}
    return read_evaluations(
        data, options.file_name, KNOWN_CRITERIA, bool(extra.get("calibration")),
        options.mapping, str(extra.get("campaign") or DEFAULT_CAMPAIGN), options,
    )  # fmt: skip


EVALUATION_OPTIONS = (
    # the campaign the calls belong to: one of the DB's, or a new name (created when new)
    KindOption("campaign", OPTION_CHOICE, required=True, default=DEFAULT_CAMPAIGN,
               choices_from="db.shopper:campaign_names", new_allowed=True, metavar="NAME"),
    KindOption("calibration", OPTION_BOOL),  # several evaluators scored the same calls
)  # fmt: skip


def _cell(row: Sequence[Any], index: int | None) -> Any:
    return row[index] if index is not None and 0 <= index < len(row) else ""


def _raw(row: Sequence[Any], header: Sequence[str]) -> dict[str, str]:
    return {header[i] or str(i + 1): text(c)[:200] for i, c in enumerate(row[: len(header)])}


def _read_row(
    number: int,
    row: Sequence[Any],
    header: Sequence[str],
    columns: Mapping[str, int],
    marks_at: Mapping[str, int],
    calibration: bool,
) -> EvaluationRecord | Problem:
    def value(field: str) -> str:
        return text(_cell(row, columns.get(field)))

    org = value("org")
    if not org:
        return Problem(number, header[columns["org"]], NO_ORGANISATION, _raw(row, header))
    day_cell = _cell(row, columns["day"])
    try:
        moment = parse_datetime(day_cell)
    except BadValue:
        moment = None
        reason = BAD_DATE
    else:
        reason = MISSING_VALUE
    if moment is None:
        return Problem(number, header[columns["day"]], reason, _raw(row, header))
    marks: dict[str, str] = {}
    for code, index in marks_at.items():
        try:
            marks[code] = parse_mark(_cell(row, index))
        except UnknownMark as exc:
            return Problem(number, header[index], exc.code, _raw(row, header))
    evaluator = value("evaluator")
    if calibration and not evaluator:
        column = header[columns["evaluator"]] if "evaluator" in columns else "Оценщик"
        return Problem(number, column, MISSING_VALUE, _raw(row, header))
    round_text = value("round")
    digits = re.search(r"\d+", round_text)
    roman = _ROMAN.get(round_text.lower().replace("этап", "").strip(" .")) if not digits else None
    try:
        pickup = parse_int(_cell(row, columns.get("pickup_s")))
    except BadValue:
        pickup = None
    liked_text = value("liked")
    liked = (
        tuple(t for t in LIKED_TAGS if normalize(t) in normalize(liked_text)) if liked_text else ()
    )
    if liked_text and not liked:
        liked = tuple(p.strip() for p in re.split(r"[;\n]", liked_text) if p.strip())
    reference = value("reference")
    return EvaluationRecord(
        row=number,
        day=moment.date(),
        org=org,
        marks=marks,
        round=int(digits.group()) if digits else roman or 1,
        city=value("city"),
        manager=value("manager"),
        evaluator=evaluator,
        call_ref=value("call_ref"),
        comment=value("comment"),
        liked=liked,
        pickup_s=pickup,
        recording=value("recording"),
        reference=bool(reference) and _truthy(reference),
    )


def _truthy(raw: str) -> bool:
    try:
        return parse_mark(raw) == "done"
    except UnknownMark:
        return False


register_kind(
    ImportKind(
        code="evaluations",
        texts="ui.texts.shopper:IMPORT_EVALUATIONS",
        store="db.shopper:store_evaluation_import",
        read_bytes=read_evaluation_file,
        action=Action.IMPORT_EVALUATIONS,
        types=("xlsx", "xls", "xlsm", "ods", "csv", "txt", "tsv"),
        order=60,
        options=EVALUATION_OPTIONS,
    )
)
