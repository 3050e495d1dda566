"""Checklists and verdicts (DESIGN §5.1, seeds 000 and 001): templates, marks, the verdict rule,
the weighted score, repeat errors, the listening goal and agreement between evaluators (Cohen's
and Fleiss' kappa). Pure: the database keeps what these functions compute.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

DONE, MISSED, NA = "done", "missed", "na"
MARKS = (DONE, MISSED, NA)
GROSS, ERROR = "gross", "error"
SEVERITIES = (GROSS, ERROR)
PASS, PASS_WITH_IMPROVEMENTS, FAIL = "pass", "pass_with_improvements", "fail"
VERDICTS = (PASS, PASS_WITH_IMPROVEMENTS, FAIL)

# Problem codes (Russian texts in ui/texts/shopper.py).
UNKNOWN_MARK = "unknown_mark"
NO_ORGANISATION = "no_organisation"
NO_CRITERIA = "no_criteria"

# Organisation statuses of seed 000's mystery-shopper programme.
ORG_PASSED, ORG_FAILED = "passed", "failed"
ORG_RECHECK_REQUESTED, ORG_RECHECKED = "recheck_requested", "rechecked"
ORG_STATUSES = (ORG_PASSED, ORG_FAILED, ORG_RECHECK_REQUESTED, ORG_RECHECKED)

_DONE_SPELLINGS = frozenset({"1", "+", "да", "yes", "y", "д", "done", "выполнено", "v", "✓", "✔"})
_MISSED_SPELLINGS = frozenset(
    {"0", "-", "−", "–", "нет", "no", "n", "н", "missed", "ошибка", "не выполнено", "невыполнено"}
)
_NA_SPELLINGS = frozenset(
    {"", "н/п", "нп", "н.п.", "н/п.", "н/а", "n/a", "na", "не применимо", "неприменимо", "—"}
)


class UnknownMark(ValueError):
    """A cell that is none of the mark spellings; `raw` is the cell as given."""

    def __init__(self, raw: object) -> None:
        super().__init__(f"{UNKNOWN_MARK}: {raw!r}")
        self.code = UNKNOWN_MARK
        self.raw = raw


def parse_mark(raw: object) -> str:
    """`1`/`+`/`да` done, `0`/`-`/`нет` missed, `н/п` or empty not applicable, any case."""
    if raw is None:
        return NA
    if isinstance(raw, bool):
        return DONE if raw else MISSED
    if isinstance(raw, int | float):
        if raw == 1:
            return DONE
        if raw == 0:
            return MISSED
        raise UnknownMark(raw)
    value = " ".join(str(raw).strip().lower().replace("ё", "е").split())
    if value in _NA_SPELLINGS:
        return NA
    if value in _DONE_SPELLINGS or value in ("1.0", "1,0"):
        return DONE
    if value in _MISSED_SPELLINGS or value in ("0.0", "0,0"):
        return MISSED
    raise UnknownMark(raw)


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    severity: str
    group: str = ""
    weight: float = 1.0


@dataclass(frozen=True)
class Rule:
    """The verdict rule: fail at `fail_gross` gross errors or `fail_errors` errors; pass with
    improvements on any error below that; pass on none."""

    fail_gross: int = 1
    fail_errors: int = 3


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    criteria: tuple[Criterion, ...]
    rule: Rule = Rule()
    version: int = 1

    def criterion(self, code: str) -> Criterion | None:
        """The criterion with this code, or None."""
        return next((c for c in self.criteria if c.code == code), None)

    def groups(self) -> list[tuple[str, list[Criterion]]]:
        """Criteria by group, in template order."""
        result: dict[str, list[Criterion]] = {}
        for criterion in self.criteria:
            result.setdefault(criterion.group, []).append(criterion)
        return list(result.items())


@dataclass(frozen=True)
class Outcome:
    gross: int
    errors: int
    verdict: str
    score: float | None  # weighted share of done among the applicable criteria, 0..1


def count_errors(criteria: Iterable[Criterion], marks: Mapping[str, str]) -> tuple[int, int]:
    """(gross, errors): each missed criterion is one error of its severity; na never counts."""
    gross = errors = 0
    for criterion in criteria:
        if marks.get(criterion.code) == MISSED:
            if criterion.severity == GROSS:
                gross += 1
            else:
                errors += 1
    return gross, errors


def verdict_of(gross: int, errors: int, rule: Rule = Rule()) -> str:
    """Fail on gross >= rule.fail_gross or errors >= rule.fail_errors; pass with improvements on
    fewer errors; pass on none."""
    if gross >= rule.fail_gross or errors >= rule.fail_errors:
        return FAIL
    if errors or gross:
        return PASS_WITH_IMPROVEMENTS
    return PASS


def score_of(criteria: Iterable[Criterion], marks: Mapping[str, str]) -> float | None:
    """The weighted share of done criteria; na (and unmarked) criteria leave their weight out."""
    done = total = 0.0
    for criterion in criteria:
        mark = marks.get(criterion.code, NA)
        if mark == NA:
            continue
        total += criterion.weight
        if mark == DONE:
            done += criterion.weight
    return done / total if total else None


def evaluate(template: Template, marks: Mapping[str, str]) -> Outcome:
    """Counts, verdict and score of one evaluation's marks under its template."""
    gross, errors = count_errors(template.criteria, marks)
    return Outcome(
        gross, errors, verdict_of(gross, errors, template.rule), score_of(template.criteria, marks)
    )


# ---------------------------------------------------------------- built-in templates

MYSTERY_KEY, CALL_KEY, LETTER_KEY, CRM_KEY = "mystery_shopper", "call", "letter", "crm"

_G_SALES = "Выявление потребностей и предложение"
_G_CONTACT = "Контакт с клиентом"
_G_OFFER = "Предложение"
_G_FOLLOW = "Следующий шаг"

MYSTERY_SHOPPER = Template(
    MYSTERY_KEY,
    "Тайный покупатель ЦС",
    (
        Criterion("G1", "Выяснил сферу деятельности клиента", GROSS, _G_SALES),
        Criterion("G2", "Выявил дополнительные потребности клиента", GROSS, _G_SALES),
        Criterion(
            "G3",
            "Позиционировал ИТС как комплексную поддержку (не «обновления и сервисы», не «налог»)",
            GROSS,
            _G_OFFER,
        ),
        Criterion("G4", "Предложил 1С-Отчетность для нескольких юр. лиц", GROSS, _G_OFFER),
        Criterion("G5", "Выяснил, как обращаться к клиенту", GROSS, _G_CONTACT),
        Criterion("G6", "Взял контакты клиента", GROSS, _G_CONTACT),
        Criterion("G7", "Перезвонил, как обещал", GROSS, _G_FOLLOW),
        Criterion("G8", "Рассказал о договоре ИТС и сервисах", GROSS, _G_OFFER),
        Criterion("G9", "Подвёл итоги, договорился о следующем шаге", GROSS, _G_FOLLOW),
        Criterion("E1", "Представился", ERROR, _G_CONTACT),
        Criterion("E2", "Прислал КП в обещанный срок", ERROR, _G_FOLLOW),
        Criterion("E3", "Объяснил назначение сервисов, а не перечислил их", ERROR, _G_OFFER),
        Criterion(
            "E4",
            "Предложил договор уровня ПРОФ / Ритейл ПРОФ, а не сразу самый дешёвый",
            ERROR,
            _G_OFFER,
        ),
        Criterion(
            "E5", "Предложил сервисы сверх ИТС (ОФД, ЭП, доп. 1С-Отчетность)", ERROR, _G_OFFER
        ),
        Criterion("E6", "Отработал возражения клиента", ERROR, _G_SALES),
        Criterion("E7", "Не сводил разговор к отправке КП", ERROR, _G_SALES),
        Criterion("E8", "Правильно подобрал программный продукт", ERROR, _G_OFFER),
        Criterion("E9", "Предложил 1СПАРК Риски", ERROR, _G_OFFER),
        Criterion(
            "E10", "Не обесценивал предложение («после года ПРОФ возьмёте ТЕХНО»)", ERROR, _G_OFFER
        ),
        Criterion("E11", "Договорился о времени следующего контакта", ERROR, _G_FOLLOW),
        Criterion("E12", "Обеспечил условия разговора (связь не прерывалась)", ERROR, _G_CONTACT),
    ),
)

CALL_CHECK = Template(
    CALL_KEY,
    "Контроль звонка",
    (
        Criterion("K1", "Поздоровался и представился", ERROR, "Начало разговора"),
        Criterion("K2", "Обратился к клиенту по имени", ERROR, "Начало разговора"),
        Criterion("K3", "Узнал, в чём бизнес клиента (если ещё не знаем)", GROSS, "Потребности"),
        Criterion(
            "K4",
            "Задал вопрос о задаче более крупного уровня, если применимо",
            ERROR,
            "Потребности",
        ),
        Criterion("K5", "Подвёл итоги разговора и озвучил следующие шаги", GROSS, "Завершение"),
        Criterion("K6", "Записал в CRM, о чём говорили", ERROR, "Завершение"),
        Criterion("K7", "Следовал скрипту, если он применим", ERROR, "Завершение"),
    ),
)

LETTER_CHECK = Template(
    LETTER_KEY,
    "Контроль письма",
    (
        Criterion("L1", "Именное приветствие", ERROR, "Оформление"),
        Criterion("L2", "Подпись по стандарту", ERROR, "Оформление"),
        Criterion("L3", "Лаконично: нечего убрать без потерь", ERROR, "Содержание"),
        Criterion("L4", "Понятно третьему при пересылке всей ветки", ERROR, "Содержание"),
        Criterion("L5", "Без грамматических ошибок", ERROR, "Содержание"),
        Criterion(
            "L6", "Призыв к действию: ясно, что нужно от адресата и когда", GROSS, "Содержание"
        ),
    ),
)

CRM_CHECK = Template(
    CRM_KEY,
    "Качество ведения CRM",
    (
        Criterion(
            "R1",
            "Данные о клиенте актуальны (имя, роль, телефон, e-mail, отрасль, сегмент)",
            ERROR,
            "Данные",
        ),
        Criterion(
            "R2",
            "Данные о сделках актуальны (этап, следующий шаг, сумма, спецификация, источник)",
            GROSS,
            "Данные",
        ),
        Criterion("R3", "Нет просроченных задач", ERROR, "Дисциплина"),
        Criterion(
            "R4",
            "Есть комментарии о ходе работы (итоги разговоров, писем, встреч)",
            ERROR,
            "Дисциплина",
        ),  # fmt: skip
        Criterion("R5", "Нет клиентов без контакта дольше нормы", ERROR, "Дисциплина"),
    ),
)

BUILTIN_TEMPLATES = (MYSTERY_SHOPPER, CALL_CHECK, LETTER_CHECK, CRM_CHECK)

# Seed 000's «Понравилось» table: the tags an evaluator can tick.
LIKED_TAGS = (
    "Предложили 8+4",
    "Спросили, откуда узнали о компании",
    "Предложили рассмотреть приобретение специализированного (отраслевого) ПП",
    "Предложили дополнительные ПП (автоматизация других направлений)",
    "Хорошо рассказали о том, зачем нужен партнер, и как он будет сопровождать",
    "Бодрый позитивный голос",
    "Когда клиент хотел «сорваться с крючка», предложили 2 часа бесплатного обучения",
)


def template_changes_criteria(old: Template, new: Template) -> bool:
    """True when an edit changes what an evaluation means (criteria, severities, weights, rule)."""
    return old.criteria != new.criteria or old.rule != new.rule


# ---------------------------------------------------------------- organisations (seed 000)


def org_status(verdicts_in_order: Sequence[str], letter_after_last_fail: bool) -> str | None:
    """An organisation's status from its evaluations, oldest first: passed when the latest is not
    a fail and none failed before, re-checked when an earlier fail was followed by a pass,
    re-check requested when the latest failed and a letter came after it, else failed."""
    if not verdicts_in_order:
        return None
    latest = verdicts_in_order[-1]
    if latest != FAIL:
        return ORG_RECHECKED if FAIL in verdicts_in_order[:-1] else ORG_PASSED
    return ORG_RECHECK_REQUESTED if letter_after_last_fail else ORG_FAILED


def out_of_recommended(status: str | None) -> bool:
    """A failed organisation leaves the recommended list until a re-check passes."""
    return status in (ORG_FAILED, ORG_RECHECK_REQUESTED)


# ---------------------------------------------------------------- repeat errors, Pareto


def repeat_errors(history: Sequence[tuple[str, str, frozenset[str]]]) -> Counter[tuple[str, str]]:
    """(subject, criterion) -> how many times the subject missed it again in the evaluation right
    after one where it was missed. `history` is (subject, evaluation key, missed codes) in time
    order."""
    last: dict[str, frozenset[str]] = {}
    repeats: Counter[tuple[str, str]] = Counter()
    for subject, _key, missed in history:
        for code in missed & last.get(subject, frozenset()):
            repeats[(subject, code)] += 1
        last[subject] = missed
    return repeats


def pareto_order(rows: Iterable[tuple[str, str, int]]) -> list[tuple[str, str, int, float]]:
    """(code, severity, missed) sorted gross first, then by missed, with the cumulative share of
    all misses of each severity block, for the Pareto chart."""
    ordered = sorted(rows, key=lambda r: (r[1] != GROSS, -r[2], _code_key(r[0])))
    total = sum(r[2] for r in ordered) or 1
    result, running = [], 0
    for code, severity, missed in ordered:
        running += missed
        result.append((code, severity, missed, running / total))
    return result


def _code_key(code: str) -> tuple[str, int]:
    prefix = code.rstrip("0123456789")
    digits = code[len(prefix) :]
    return prefix, int(digits) if digits else 0


def criterion_sort_key(code: str) -> tuple[str, int]:
    """G1, G2, …, G9, E1, …, E12 in template order rather than text order."""
    prefix, number = _code_key(code)
    return ("0" if prefix == "G" else prefix), number


# ---------------------------------------------------------------- listening plan (seed 001)

NEW_HIRE_DAYS = 90


def weekly_goal(
    base: int, hired_on: date | None, today: date, recent_verdicts: Sequence[str]
) -> int:
    """Calls to evaluate for a manager this week: the base (3), more for those hired under 90
    days ago and for those whose latest verdict failed (seed 001: «новичков и тех, кто не делает
    план, слушаем больше»)."""
    goal = base
    if hired_on is not None and (today - hired_on).days < NEW_HIRE_DAYS:
        goal += 2
    if recent_verdicts and recent_verdicts[-1] == FAIL:
        goal += 2
    return goal


# ---------------------------------------------------------------- agreement


def agreement(a: Sequence[str], b: Sequence[str]) -> float | None:
    """The share of items two raters put in the same category (None with no items)."""
    if len(a) != len(b):
        raise ValueError("raters must rate the same items")
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a) if a else None


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two raters over the same items: (po − pe) / (1 − pe); None when it is
    undefined (no items, or both raters put everything in one and the same category)."""
    if len(a) != len(b):
        raise ValueError("raters must rate the same items")
    n = len(a)
    if not n:
        return None
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if pe == 1:
        return None
    return (po - pe) / (1 - pe)


def fleiss_kappa(items: Sequence[Sequence[str]]) -> float | None:
    """Fleiss' kappa: each item lists the categories its raters gave (every item the same number
    of raters, at least two); None when undefined."""
    items = [list(i) for i in items if i]
    if not items:
        return None
    raters = len(items[0])
    if raters < 2 or any(len(i) != raters for i in items):
        raise ValueError("every item needs the same number of raters, two or more")
    n_items = len(items)
    totals: Counter[str] = Counter()
    p_bar = 0.0
    for item in items:
        counts = Counter(item)
        totals.update(counts)
        p_bar += (sum(c * c for c in counts.values()) - raters) / (raters * (raters - 1))
    p_bar /= n_items
    pe = sum((t / (n_items * raters)) ** 2 for t in totals.values())
    if pe == 1:
        return None
    return (p_bar - pe) / (1 - pe)


@dataclass
class PairAgreement:
    a: str
    b: str
    items: int
    kappa: float | None
    agreement: float | None


@dataclass
class Calibration:
    """Agreement of evaluators who scored the same calls."""

    calls: int
    pairs: list[PairAgreement] = field(default_factory=list)
    criteria: list[tuple[str, float | None]] = field(default_factory=list)
    gross_kappa: dict[str, list[PairAgreement]] = field(default_factory=dict)
    fleiss: float | None = None


def calibrate(
    verdicts: Mapping[str, Mapping[str, str]],
    marks: Mapping[str, Mapping[str, Mapping[str, str]]],
    reference: Mapping[str, str],
    gross_codes: Sequence[str],
    codes: Sequence[str],
) -> Calibration:
    """Agreement over calibration calls. `verdicts`: call -> evaluator -> verdict; `marks`: call
    -> evaluator -> code -> mark; `reference`: call -> the reference evaluator. Pairs are every
    two evaluators over the calls both scored (kappa and agreement on the verdict, and per gross
    criterion); criteria give the share of marks equal to the reference's; Fleiss' kappa on the
    verdict covers the calls scored by the usual number of evaluators."""
    evaluators = sorted({e for by in verdicts.values() for e in by})
    result = Calibration(calls=len(verdicts))
    for i, first in enumerate(evaluators):
        for second in evaluators[i + 1 :]:
            shared = [c for c, by in verdicts.items() if first in by and second in by]
            if not shared:
                continue
            va = [verdicts[c][first] for c in shared]
            vb = [verdicts[c][second] for c in shared]
            result.pairs.append(
                PairAgreement(first, second, len(shared), cohen_kappa(va, vb), agreement(va, vb))
            )
            for code in gross_codes:
                ma = [marks[c][first].get(code, NA) for c in shared]
                mb = [marks[c][second].get(code, NA) for c in shared]
                result.gross_kappa.setdefault(code, []).append(
                    PairAgreement(
                        first, second, len(shared), cohen_kappa(ma, mb), agreement(ma, mb)
                    )
                )
    for code in codes:
        same = total = 0
        for call, by in marks.items():
            ref = reference.get(call)
            if ref not in by:
                continue
            for evaluator, evaluator_marks in by.items():
                if evaluator == ref:
                    continue
                total += 1
                same += evaluator_marks.get(code, NA) == by[ref].get(code, NA)
        result.criteria.append((code, same / total if total else None))
    sizes = Counter(len(by) for by in verdicts.values())
    if sizes:
        usual = max(sizes, key=lambda s: (sizes[s], s))
        if usual >= 2:
            result.fleiss = fleiss_kappa(
                [list(by.values()) for by in verdicts.values() if len(by) == usual]
            )
    return result


# ---------------------------------------------------------------- imported rows


@dataclass
class EvaluationRecord:
    """One scored call as an importer or the form gives it (marks by criterion code)."""

    row: int | None
    day: date
    org: str
    marks: dict[str, str]
    round: int = 1
    city: str = ""
    manager: str = ""
    evaluator: str = ""
    call_ref: str = ""
    comment: str = ""
    comments: dict[str, str] = field(default_factory=dict)  # per missed criterion
    liked: tuple[str, ...] = ()
    pickup_s: int | None = None
    kp_promised: str = ""
    kp_sent: str = ""
    called_back: bool | None = None
    recording: str = ""
    reference: bool = False  # calibration: this evaluator is the reference
    campaign: str = ""  # imports: the campaign the file goes to (--campaign)
    calibration: bool = False  # imports: a calibration workbook (--calibration)


def dispute_deadline(start: date, working_days: int) -> date:
    """The last day a manager may dispute: `working_days` Monday–Friday days after `start`."""
    day, left = start, working_days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day
