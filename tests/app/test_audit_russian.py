"""The audit log reads in Russian (issue 14, item 8): every action any module records has a name,
every detail key it stores has a name, and coded values are said in words."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from ui import texts
from ui.audit import details_text, login_name
from ui.texts import audit as T

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("db", "core", "commands", "ui", "app_pages", "importers", "worker.py", "webhook.py",
           "server.py", "cli.py")  # fmt: skip


def audit_calls() -> list[ast.Call]:
    """Every write_audit(...) call in the application's code."""
    files = [p for name in SOURCES for p in ([ROOT / name] if name.endswith(".py")
             else (ROOT / name).rglob("*.py"))]  # fmt: skip
    return [
        node
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "write_audit"
    ]


def test_every_audit_action_written_has_a_russian_name() -> None:
    actions = {
        call.args[2].value
        for call in audit_calls()
        if len(call.args) > 2 and isinstance(call.args[2], ast.Constant)
    }
    assert len(actions) > 40  # the scan finds the calls
    assert sorted(actions - set(texts.AUDIT_ACTIONS)) == []


def test_every_audit_detail_key_written_has_a_russian_name() -> None:
    keys = {
        kw.arg for call in audit_calls() for kw in call.keywords if kw.arg not in (None, "when")
    }
    assert len(keys) > 40
    assert sorted(keys - set(T.DETAIL_NAMES)) == []


def test_audit_details_are_said_in_russian() -> None:
    assert details_text(json.dumps({"created": 9, "tasks": 6})) == "создано: 9, задач: 6"
    assert details_text(json.dumps({"role": "manager", "outcome": "returned", "amount_kop": 4590000,
                                    "accept": True})) == (
        f"роль: {texts.ROLE_NAMES['manager']}, итог: возвращена в работу, "
        "сумма: 45\u00a0900,00\u00a0₽, принято: да"
    )  # fmt: skip
    assert details_text(json.dumps({"keys": ["smtp_security"]})) == (
        f"настройки: {texts.SETTING_LABELS['smtp_security']}"
    )
    assert login_name("system") == T.SYSTEM_NAME
    assert login_name("head") == "head"
