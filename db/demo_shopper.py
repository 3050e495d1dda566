"""Demo data of shopper and call QC (issue 11, item 10): a mystery-shopper campaign of two rounds
across partner centres shaped like seed 000 (round 1: 26 fails, 1 pass, 16 with improvements;
round 2: 9 fails, 5 passes), internal call checks of the own managers over their call log, a
calibration session and disputes."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlite_utils import Database

from core.calls import IN, OUT, Call
from core.demo import DemoWorld
from core.shopper import (
    CALL_KEY,
    DONE,
    FAIL,
    GROSS,
    LIKED_TAGS,
    MISSED,
    MYSTERY_KEY,
    NA,
    PASS,
    PASS_WITH_IMPROVEMENTS,
    EvaluationRecord,
    Template,
)
from core.timeutil import to_stored, utcnow
from db.calls import insert_calls
from db.settings import get_setting
from db.shopper import (
    _insert_evaluation,
    _rescore,
    campaign_id,
    current_template_id,
    load_template,
)

SHOPPER_TABLES = ("evaluations", "calls")
MYSTERY_CAMPAIGN = "Тайный покупатель ЦС"
INTERNAL_CAMPAIGN = "Контроль звонков отдела продаж"
AGENCY = "Агентство «Контрольный звонок»"
PASSED_ROUND_1 = (("Камин", "Калуга"),)
PASSED_ROUND_2 = (("1С:Первый Бит", "Воронеж"), ("1С:Первый Бит", "Новосибирск"),
                  ("1С:Сервистренд", "Москва"), ("Глобал Софт", "Краснодар"), ("Сан-Сити", "Сочи"))  # fmt: skip
OTHER_CENTRES = (
    ("Инфо-Бухгалтер", "Тула"), ("Софт-Сервис", "Казань"), ("Учёт-Центр", "Самара"),
    ("Прикладные решения", "Пермь"), ("Сибирь-Софт", "Омск"), ("Деловой партнёр", "Томск"),
    ("Бизнес-Автоматизация", "Уфа"), ("Компас", "Курск"), ("Эксперт-Учёт", "Тверь"),
    ("Северо-Запад Софт", "Псков"), ("Волга-Инфо", "Саратов"), ("Ярсофт", "Ярославль"),
    ("Балтика-1С", "Калининград"), ("Поморье-Софт", "Архангельск"), ("Вятка-Учёт", "Киров"),
    ("Удмурт-Софт", "Ижевск"), ("Чувашия-Бизнес", "Чебоксары"), ("Оренбург-Учёт", "Оренбург"),
    ("Кузбасс-Софт", "Кемерово"), ("Алтай-Бизнес", "Барнаул"), ("Байкал-1С", "Иркутск"),
)  # fmt: skip
EXTENSIONS = ("101", "102", "103", "104", "105", "106")
CALL_DAYS = 35


def clear_demo_shopper(db: Database) -> None:
    """Remove this module's rows (before the directory they point at goes)."""
    for table in ("evaluation_disputes", "evaluation_marks", "evaluations", "calibration_sessions",
                  "shopper_letters", "shopper_campaigns", "phone_extensions", "calls"):  # fmt: skip
        db.execute(f"DELETE FROM [{table}]")


def marks_for(rng: random.Random, template: Template, verdict: str) -> dict[str, str]:
    """Marks that give the verdict under the default rule, with a few criteria not applicable."""
    marks = {c.code: DONE for c in template.criteria}
    for code in rng.sample(list(marks), 2):
        marks[code] = NA
    gross = [c.code for c in template.criteria if c.severity == GROSS and marks[c.code] != NA]
    errors = [c.code for c in template.criteria if c.severity != GROSS and marks[c.code] != NA]
    # seed 000's most common misses first: positioning of ИТС, services listed, ПРОФ not offered
    weights = {"G3": 5, "G2": 4, "G1": 3, "G4": 3, "E3": 5, "E4": 5, "E5": 4, "E11": 4, "E7": 3}
    if verdict == FAIL:
        if gross and rng.random() < 0.65:
            for code in _weighted(rng, gross, weights, rng.randint(1, 2)):
                marks[code] = MISSED
        else:
            for code in _weighted(rng, errors, weights, rng.randint(3, 5)):
                marks[code] = MISSED
    elif verdict == PASS_WITH_IMPROVEMENTS:
        for code in _weighted(rng, errors, weights, rng.randint(1, 2)):
            marks[code] = MISSED
    return marks


def _weighted(rng: random.Random, codes: list[str], weights: dict[str, int], k: int) -> list[str]:
    pool = [code for code in codes for _ in range(weights.get(code, 1))]
    chosen: list[str] = []
    while len(chosen) < min(k, len(codes)):
        code = rng.choice(pool)
        if code not in chosen:
            chosen.append(code)
    return chosen


def fill_demo_shopper(db: Database, world: DemoWorld, seed: int, today: date) -> None:
    """The whole module's demo, inside fill_demo's transaction."""
    rng = random.Random(seed * 1000 + 11)
    own = str(get_setting(db, "company_name"))
    tz = str(get_setting(db, "timezone"))
    people = {
        r["login"]: r for r in db.query(
            "SELECT u.login, u.name, u.role, u.staff_id FROM users u ORDER BY u.login")
    }  # fmt: skip
    qc_name = people.get("qc", {}).get("name", "Контроль качества")
    head_name = people.get("head", {}).get("name", "Руководитель")
    _mystery_campaign(db, rng, today, own)
    managers = [r for r in people.values() if r["role"] == "manager" and r["staff_id"]]
    for ext, person in zip(EXTENSIONS, managers, strict=False):
        db.execute("INSERT INTO phone_extensions (extension, staff_id) VALUES (?, ?)",
                   [ext, person["staff_id"]])  # fmt: skip
    calls = _call_log(rng, today, [e for e, _ in zip(EXTENSIONS, managers, strict=False)])
    insert_calls(db, calls, tz)
    _internal_checks(db, rng, today, own, managers, qc_name)
    _calibration(db, rng, today, own, managers, [qc_name, head_name, "Внешний эксперт"])


def _mystery_campaign(db: Database, rng: random.Random, today: date, own: str) -> None:
    camp = campaign_id(db, MYSTERY_CAMPAIGN, MYSTERY_KEY, "shopper")
    template_id = current_template_id(db, MYSTERY_KEY)
    template = load_template(db, template_id)
    plan = [(1, FAIL)] * 26 + [(1, PASS)] + [(1, PASS_WITH_IMPROVEMENTS)] * 16
    plan += [(2, FAIL)] * 9 + [(2, PASS)] * 5
    failed_round_1: list[tuple[str, str]] = []
    for index, (rnd, verdict) in enumerate(plan):
        if rnd == 1 and verdict == PASS:
            org = PASSED_ROUND_1[0]
        elif rnd == 2 and verdict == PASS:
            org = PASSED_ROUND_2[index % len(PASSED_ROUND_2)]
        elif rnd == 1:
            org = (*OTHER_CENTRES, *PASSED_ROUND_2)[index % (len(OTHER_CENTRES) + 5)]
        else:
            org = OTHER_CENTRES[index % len(OTHER_CENTRES)]
        if rnd == 1 and verdict == FAIL:
            failed_round_1.append(org)
        day = today - timedelta(days=70 - index) if rnd == 1 else today - timedelta(days=76 - index)
        liked = tuple(rng.sample(LIKED_TAGS, rng.choice([0, 0, 1, 1, 2])))
        record = EvaluationRecord(
            row=None, day=day, org=org[0], city=org[1], round=rnd,
            marks=marks_for(rng, template, verdict), manager=_manager_name(rng),
            evaluator=AGENCY, call_ref=f"ТП-{index + 1:03d}", liked=liked,
            pickup_s=rng.randint(3, 40), kp_promised="в течение часа",
            kp_sent=rng.choice(["через 40 минут", "на следующий день", "не прислали"]),
            called_back=rng.random() < 0.4,
            comment="Сервисы перечислены без пояснений" if verdict == FAIL else "",
        )  # fmt: skip
        _insert_evaluation(db, record, campaign=camp, template_id=template_id, template=template,
                           login="system", own_name=own, natural_key=None)  # fmt: skip
    # two failed centres wrote the letter asking for a re-check (seed 000, measure 4)
    for name, city in failed_round_1[:2]:
        org = db.execute("SELECT id FROM organisations WHERE name = ? OR name = ?",
                         [name, f"{name}, г. {city}"]).fetchone()  # fmt: skip
        db.execute("INSERT OR IGNORE INTO shopper_letters (org_id, campaign_id, letter_on) "
                   "VALUES (?, ?, ?)", [org[0], camp, (today - timedelta(days=3)).isoformat()])  # fmt: skip
    db.execute("UPDATE evaluations SET created_at = call_day || ' 12:00:00', "
               "updated_at = call_day || ' 12:00:00' WHERE campaign_id = ?", [camp])  # fmt: skip


_FIRST = ("Анна", "Ольга", "Ирина", "Дмитрий", "Сергей", "Алексей", "Мария", "Павел")
_LAST = ("Кузнецов", "Попов", "Васильев", "Петров", "Смирнов", "Орлов", "Егоров", "Титов")


def _manager_name(rng: random.Random) -> str:
    first = rng.choice(_FIRST)
    last = rng.choice(_LAST)
    return f"{last}{'а' if first in ('Анна', 'Ольга', 'Ирина', 'Мария') else ''} {first}"


def _call_log(rng: random.Random, today: date, extensions: list[str]) -> list[Call]:
    """Five weeks of a sales line: ring-group inbound calls, outbound ones, a few missed."""
    calls: list[Call] = []
    regulars = [f"79{rng.randint(100000000, 999999999)}" for _ in range(60)]
    for back in range(CALL_DAYS, -1, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5 or not extensions:
            continue
        for n in range(rng.randint(18, 30)):
            start = datetime.combine(day, datetime.min.time()) + timedelta(
                hours=9, seconds=rng.randint(0, 9 * 3600)
            )
            inbound = rng.random() < 0.65
            caller = (
                rng.choice(regulars) if rng.random() < 0.6 else f"79{rng.randint(10**8, 10**9 - 1)}"
            )
            ext = rng.choice(extensions)
            talk = (
                rng.choice([0, 0, 12, 25, 35, 48, 75, 110, 180, 260, 420])
                if inbound
                else rng.choice([0, 30, 65, 140, 300])
            )
            answered = talk >= 1
            key = f"{day:%Y%m%d}.{n:03d}"  # a PBX call id is a number, as Asterisk's uniqueid
            if inbound:
                calls.append(Call(key, start, IN, caller, "74950000000", answered, talk,
                                  rng.randint(2, 25) if answered else None,
                                  ext if answered else "", tuple(sorted(rng.sample(extensions, min(2, len(extensions))))) if not answered else (ext,),
                                  3 if not answered else rng.randint(1, 3),
                                  f"{key}.mp3" if talk >= 60 else "", "demo"))  # fmt: skip
            else:
                calls.append(Call(key, start, OUT, ext, caller, answered, talk, None, ext, (), 1,
                                  f"{key}.mp3" if talk >= 60 else "", "demo"))  # fmt: skip
    return calls


def _internal_checks(
    db: Database, rng: random.Random, today: date, own: str, managers: list, qc_name: str
) -> None:
    """QC listened to calls of a minute or more: about two a manager a week (plan: three), so
    some managers are behind; the demo manager has a dispute open and one decided."""
    camp = campaign_id(db, INTERNAL_CAMPAIGN, CALL_KEY, "internal")
    template_id = current_template_id(db, CALL_KEY)
    template = load_template(db, template_id)
    monday = today - timedelta(days=today.weekday())
    for person in managers:
        staff_name = db.execute(
            "SELECT name FROM staff WHERE id = ?", [person["staff_id"]]
        ).fetchone()[0]
        ext = db.execute("SELECT extension FROM phone_extensions WHERE staff_id = ?",
                         [person["staff_id"]]).fetchone()  # fmt: skip
        if ext is None:
            continue
        candidates = list(db.execute(
            "SELECT id, day, key, recording FROM calls WHERE extension = ? AND talk_s >= 60 "
            "AND answered = 1 ORDER BY day, id", [ext[0]]))  # fmt: skip
        picked = [c for c in candidates if c[1] < monday.isoformat()]
        picked = rng.sample(picked, min(len(picked), 8))
        this_week = [c for c in candidates if c[1] >= monday.isoformat()]
        # the demo manager and two colleagues are on plan this week, the others behind
        wanted = {"manager": 1, "manager2": 3, "manager3": 5}.get(person["login"], 1)
        picked += this_week[:wanted]
        for call_id, day, key, recording in sorted(picked, key=lambda c: c[1]):
            verdict = rng.choices([PASS, PASS_WITH_IMPROVEMENTS, FAIL], [3, 4, 2])[0]
            record = EvaluationRecord(
                row=None, day=date.fromisoformat(day), org=own, manager=staff_name,
                marks=marks_for(rng, template, verdict), evaluator=qc_name, call_ref=key,
                recording=recording, comment="Разбор один на один проведён" if verdict == FAIL else "",
            )  # fmt: skip
            stored = _insert_evaluation(db, record, campaign=camp, template_id=template_id,
                                        template=template, login="qc", own_name=own,
                                        natural_key=None, call_id=call_id)  # fmt: skip
            created = date.fromisoformat(day) + timedelta(days=1)
            db.execute("UPDATE evaluations SET created_at = ?, updated_at = ?, acknowledged_at = ? "
                       "WHERE id = ?", [f"{min(created, today)} 10:00:00"] * 2
                       + [f"{min(created, today)} 15:00:00" if created < today - timedelta(days=7)
                          else None, stored.id])  # fmt: skip
    _disputes(db, today)


def _disputes(db: Database, today: date) -> None:
    """The demo manager disputes a missed criterion of their latest evaluation (open) and had an
    earlier one decided in their favour."""
    rows = db.execute(
        "SELECT e.id FROM evaluations e JOIN users u ON u.staff_id = e.staff_id "
        "WHERE u.login = 'manager' AND e.calibration_id IS NULL ORDER BY e.call_day DESC, e.id DESC"
    ).fetchall()
    now = to_stored(utcnow())
    for position, (evaluation_id,) in enumerate(rows[:2]):
        missed = db.execute("SELECT code FROM evaluation_marks WHERE evaluation_id = ? "
                            "AND mark = 'missed' ORDER BY code LIMIT 1", [evaluation_id]).fetchone()  # fmt: skip
        if missed is None:
            db.execute("UPDATE evaluation_marks SET mark = 'missed' WHERE evaluation_id = ? "
                       "AND code = 'K6'", [evaluation_id])  # fmt: skip
            _rescore(db, evaluation_id, {}, {})
            missed = ("K6",)
        if position == 0:
            db.execute("UPDATE evaluations SET created_at = ?, acknowledged_at = NULL WHERE id = ?",
                       [now, evaluation_id])  # fmt: skip
            db.execute("INSERT INTO evaluation_disputes (evaluation_id, code, comment, opened_by, "
                       "opened_at) VALUES (?, ?, ?, 'manager', ?)",
                       [evaluation_id, missed[0], "Итоги подвёл в конце разговора, послушайте "
                        "последнюю минуту записи.", now])  # fmt: skip
        else:
            _rescore(db, evaluation_id, {missed[0]: DONE}, {})
            db.execute("INSERT INTO evaluation_disputes (evaluation_id, code, comment, opened_by, "
                       "opened_at, decision, new_mark, decided_by, decided_at, decision_comment) "
                       "VALUES (?, ?, ?, 'manager', ?, 'accept', 'done', 'qc', ?, ?)",
                       [evaluation_id, missed[0], "Запись в CRM сделана сразу после звонка.", now,
                        now, "Проверили CRM — запись есть, ошибка снята."])  # fmt: skip


def _calibration(
    db: Database, rng: random.Random, today: date, own: str, managers: list, evaluators: list[str]
) -> None:
    """One calibration session a call, six calls, three evaluators; QC's marks are the
    reference; the others differ on a criterion now and then."""
    camp = campaign_id(db, INTERNAL_CAMPAIGN, CALL_KEY, "internal")
    template_id = current_template_id(db, CALL_KEY)
    template = load_template(db, template_id)
    calls = list(db.execute("SELECT id, key, day, extension FROM calls WHERE talk_s >= 180 "
                            "AND answered = 1 ORDER BY id LIMIT 6"))  # fmt: skip
    for index, (_call_id, key, day, ext) in enumerate(calls):
        cursor = db.execute(
            "INSERT INTO calibration_sessions (name, call_ref, campaign_id, created_at, created_by) "
            "VALUES (?, ?, ?, ?, 'qc')",
            [f"Калибровка {index + 1}: звонок {key}", key, camp, to_stored(utcnow())],
        )
        session = int(cursor.lastrowid or 0)
        base = marks_for(rng, template, (PASS, PASS_WITH_IMPROVEMENTS, FAIL)[index % 3])
        staff = db.execute("SELECT s.name FROM phone_extensions p JOIN staff s ON s.id = p.staff_id "
                           "WHERE p.extension = ?", [ext]).fetchone()  # fmt: skip
        for n, evaluator in enumerate(evaluators):
            marks = dict(base)
            if n:
                for code in rng.sample(list(marks), rng.choice([0, 0, 1, 2])):
                    marks[code] = DONE if marks[code] == MISSED else MISSED
            record = EvaluationRecord(row=None, day=date.fromisoformat(day), org=own,
                                      manager=staff[0] if staff else "", marks=marks,
                                      evaluator=evaluator, call_ref=key, reference=n == 0)  # fmt: skip
            _insert_evaluation(db, record, campaign=camp, template_id=template_id,
                               template=template, login="qc", own_name=own, natural_key=None,
                               calibration_id=session)  # fmt: skip
