"""The audit log as people read it: action names, the system's own login, and details in Russian
(«создано: 9, задач: 6»), from ui/texts/audit.py."""

from __future__ import annotations

import json
from typing import Any

from ui import texts
from ui.fmt import fmt_money
from ui.texts import audit as T


def action_name(action: str) -> str:
    """A Russian name for an audit action code (the code itself when none is known)."""
    return texts.AUDIT_ACTIONS.get(action, action)


def login_name(login: str | None) -> str:
    """Who did it: a login as typed, the background jobs' «system» in Russian."""
    return T.SYSTEM_NAME if login == T.SYSTEM_LOGIN else login or ""


def _value(key: str, value: Any) -> str:
    """One detail value: coded values named, yes/no, money in rubles, lists joined."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return T.YES if value else T.NO
    if key == "amount_kop" and isinstance(value, int):
        return fmt_money(value)
    if key == "attempted" and isinstance(value, str):
        return action_name(value)
    if key == "keys" and isinstance(value, list):
        return ", ".join(texts.SETTING_LABELS.get(str(item), str(item)) for item in value)
    if isinstance(value, list):
        return ", ".join(_value(key, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{name} → {_value(key, item)}" for name, item in value.items())
    return T.DETAIL_VALUES.get(key, {}).get(str(value), str(value))


def details_text(raw: str | None) -> str:
    """Details JSON as short «name: value» pairs in Russian."""
    if not raw:
        return ""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    if not isinstance(data, dict):
        return str(data)
    return ", ".join(
        T.PAIR.format(name=T.DETAIL_NAMES.get(key, key), value=_value(key, value))
        for key, value in data.items()
    )
