"""`cli.py users unlock`: the admin's way to forget a login's failed attempts from every address."""

from __future__ import annotations

from pathlib import Path

from core.roles import SYSTEM
from core.timeutil import utcnow
from db.connection import connect
from db.users import add_user, authenticate
from tests.test_cli import run_cli
from ui.texts import security as ST

PASSWORD = "correct-horse"


def test_users_unlock_lets_a_slowed_login_straight_back_in(tmp_path: Path) -> None:
    db_file = tmp_path / "unlock.sqlite"
    db = connect(db_file)
    add_user(db, SYSTEM, "ivanov", "Иванов", "manager", PASSWORD)
    now = utcnow()
    for address in ("10.0.0.1", "10.0.0.2"):
        for _ in range(8):
            authenticate(db, "ivanov", "guess", now=now, address=address)
    assert authenticate(db, "ivanov", PASSWORD, now=now, address="10.0.0.1").problem == "throttled"
    db.close()

    result = run_cli("users", "unlock", "IVANOV", db=db_file)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ST.CLI_UNLOCKED.format(login="IVANOV", count=2)
    db = connect(db_file)
    assert authenticate(db, "ivanov", PASSWORD, now=now, address="10.0.0.1").actor is not None
    audit = db.execute("SELECT login, action, target FROM audit_log WHERE action = 'user.unlock'")
    assert [tuple(r) for r in audit] == [("system", "user.unlock", "ivanov")]
