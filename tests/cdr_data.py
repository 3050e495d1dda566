"""A generated Asterisk Master.csv with ring-group legs, and the truth about its calls."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

RING_GROUP = ("101", "102", "103")


def _q(value: object) -> str:
    return '"' + str(value).replace('"', '""') + '"'


def _line(leg: dict[str, object]) -> bytes:
    """One CDR row as cdr_csv writes it (text quoted, numbers bare), clid in cp1251 when asked."""
    fields = [
        _q(""), _q(leg["src"]), _q(leg["dst"]), _q(leg["context"]), "{clid}", _q(leg["channel"]),
        _q(leg["dstchannel"]), _q("Dial"), _q("SIP/x,30"), _q(leg["start"]), _q(leg["answer"]),
        _q(leg["end"]), str(leg["duration"]), str(leg["billsec"]), _q(leg["disposition"]),
        _q("DOCUMENTATION"), _q(leg["uniqueid"]), _q(""), _q(""), _q(leg["linkedid"]),
        str(leg["sequence"]),
    ]  # fmt: skip
    text = ",".join(fields)
    clid = _q(leg["clid"]).encode(str(leg["clid_encoding"]))
    before, after = text.split("{clid}")
    return before.encode() + clid + after.encode() + b"\n"


def master_csv(calls: int = 200, seed: int = 3) -> tuple[bytes, dict[str, int]]:
    """(file bytes, truth) — truth counts calls, answered, missed and legs."""
    rng = random.Random(seed)
    moment = datetime(2026, 11, 2, 9, 0, 0)
    lines: list[bytes] = []
    truth = {"calls": 0, "answered": 0, "missed": 0, "legs": 0}
    sequence = 0
    for n in range(calls):
        moment += timedelta(seconds=rng.randint(30, 600))
        linkedid = f"{1762070400 + n}.{n}"
        kind = rng.choice(["ring", "ring", "ring_missed", "direct", "out", "internal"])
        external = f"79{rng.randint(100000000, 999999999)}"
        name, encoding = rng.choice(
            [("Иванов Пётр", "cp1251"), ("Сидорова", "utf-8"), ("", "utf-8")]
        )
        clid = f'"{name}" <{external}>' if name else external
        legs = []
        answered = False
        if kind in ("ring", "ring_missed"):
            winner = rng.choice(RING_GROUP) if kind == "ring" else None
            for ext in RING_GROUP:
                ring = rng.randint(3, 20)
                talk = rng.choice([8, 25, 35, 64, 180, 420]) if ext == winner else 0
                legs.append({"src": external, "dst": "600", "context": "from-trunk",
                             "channel": "SIP/trunk-0000", "dstchannel": f"SIP/{ext}-{n:08x}",
                             "talk": talk, "ring": ring})  # fmt: skip
            answered = winner is not None
        elif kind == "direct":
            talk = rng.choice([0, 1, 45, 90])
            legs.append({"src": external, "dst": "101", "context": "from-trunk",
                         "channel": "SIP/trunk-0000", "dstchannel": f"SIP/101-{n:08x}",
                         "talk": talk, "ring": 5})  # fmt: skip
            answered = talk >= 1
        elif kind == "out":
            talk = rng.choice([0, 30, 150])
            ext = rng.choice(RING_GROUP)
            legs.append({"src": ext, "dst": external, "context": "from-internal",
                         "channel": f"SIP/{ext}-{n:08x}", "dstchannel": "SIP/trunk-0001",
                         "talk": talk, "ring": 7})  # fmt: skip
            answered = talk >= 1
            clid = f'"Менеджер" <{ext}>'
        else:
            talk = rng.choice([0, 20])
            legs.append({"src": "101", "dst": "102", "context": "from-internal",
                         "channel": "SIP/101-0000", "dstchannel": "SIP/102-0000", "talk": talk,
                         "ring": 4})  # fmt: skip
            answered = talk >= 1
        truth["calls"] += 1
        truth["answered"] += answered
        truth["missed"] += kind in ("ring", "ring_missed", "direct") and not answered
        for leg in legs:
            sequence += 1
            truth["legs"] += 1
            start = moment
            answer = start + timedelta(seconds=leg["ring"]) if leg["talk"] else None
            end = (answer or start + timedelta(seconds=leg["ring"])) + timedelta(
                seconds=leg["talk"]
            )
            lines.append(_line({
                "src": leg["src"], "dst": leg["dst"], "context": leg["context"], "clid": clid,
                "clid_encoding": encoding, "channel": leg["channel"],
                "dstchannel": leg["dstchannel"], "start": start.isoformat(" "),
                "answer": answer.isoformat(" ") if answer else "", "end": end.isoformat(" "),
                "duration": int((end - start).total_seconds()), "billsec": leg["talk"],
                "disposition": "ANSWERED" if leg["talk"] else "NO ANSWER",
                "uniqueid": f"{linkedid}{sequence}", "linkedid": linkedid, "sequence": sequence,
            }))  # fmt: skip
    return b"".join(lines), truth
