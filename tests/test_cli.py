"""The CLI contract (DESIGN §7): exit 0 done, 1 refused, 2 unreadable file, a one-line reason."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from core.demo import DEMO_PASSWORD
from db.connection import connect
from db.users import authenticate, get_user
from ui import texts

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    """Run cli.py in a separate process, as cron or an admin would (stdin is not a terminal)."""
    return subprocess.run(
        [sys.executable, "cli.py", "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / "cli.sqlite"


@pytest.fixture
def password_file(tmp_path: Path):
    def write(password: str, name: str = "password.txt") -> str:
        path = tmp_path / name
        path.write_text(password + "\nignored second line\n", encoding="utf-8")
        return str(path)

    return write


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- init --------------------------------------------------------------------------------------
def test_init_with_a_password_file_creates_the_admin(target, password_file):
    result = run_cli("init", "--password-file", password_file("first-admin-pass"), db=target)

    assert result.returncode == 0, result.stderr
    assert texts.CLI_ADMIN_PASSWORD_SET.format(login="admin") in result.stdout
    db = connect(target)
    assert get_user(db, "admin")["role"] == "admin"
    assert authenticate(db, "admin", "first-admin-pass").actor is not None


def test_init_again_with_a_new_file_changes_the_admin_password(capsys, target, password_file):
    assert (
        cli(capsys, "--db", str(target), "init", "--password-file", password_file("one-pass-1"))[0]
        == 0
    )
    assert (
        cli(
            capsys, "--db", str(target), "init", "--password-file", password_file("two-pass-2", "b")
        )[0]
        == 0
    )

    db = connect(target)
    assert authenticate(db, "admin", "one-pass-1").actor is None
    assert authenticate(db, "admin", "two-pass-2").actor is not None


def test_init_refuses_a_short_password_with_exit_1(capsys, target, password_file):
    code, _, err = cli(
        capsys, "--db", str(target), "init", "--password-file", password_file("short")
    )

    assert code == 1
    assert texts.USER_ERRORS["weak_password"].format(min=8) in err
    assert get_user(connect(target), "admin") is None


@pytest.mark.parametrize("kind", ["missing", "empty", "directory"])
def test_an_unreadable_password_file_exits_2_naming_the_file(tmp_path, target, kind):
    path = {
        "missing": tmp_path / "nope.txt",
        "empty": tmp_path / "empty.txt",
        "directory": tmp_path,
    }[kind]
    if kind == "empty":
        path.write_text("", encoding="utf-8")

    result = run_cli("init", "--password-file", str(path), db=target)

    assert result.returncode == 2
    assert str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


# ---- demo --------------------------------------------------------------------------------------
def test_demo_fills_an_empty_database_and_prints_the_demo_logins(target):
    result = run_cli("demo", "--seed", "1", db=target)

    assert result.returncode == 0, result.stderr
    assert texts.CLI_DEMO_DONE.format(seed=1) in result.stdout
    assert DEMO_PASSWORD in result.stdout
    db = connect(target)
    assert authenticate(db, "manager", DEMO_PASSWORD).actor is not None
    assert db.execute("SELECT COUNT(*) FROM clients").fetchone()[0] > 100


def test_demo_refuses_a_database_with_real_users_with_exit_1(capsys, target, password_file):
    assert (
        cli(capsys, "--db", str(target), "init", "--password-file", password_file("admin-pass-1"))[
            0
        ]
        == 0
    )
    users_add = ["users", "add", "ivanova", "--role", "qc", "--name", "Иванова"]
    assert (
        cli(
            capsys,
            "--db",
            str(target),
            *users_add,
            "--password-file",
            password_file("ivanova-pass"),
        )[0]
        == 0
    )

    result = run_cli("demo", db=target)

    assert result.returncode == 1
    assert texts.CLI_DEMO_REFUSED in result.stderr
    db = connect(target)
    assert db.execute("SELECT COUNT(*) FROM clients").fetchone()[0] == 0
    assert authenticate(db, "admin", "admin-pass-1").actor is not None


def test_demo_if_empty_leaves_a_filled_database_alone(capsys, demo_file):
    db = connect(demo_file)
    db.execute("UPDATE clients SET name = 'Отмеченный клиент' WHERE id = 1")

    code, out, _ = cli(capsys, "--db", str(demo_file), "demo", "--if-empty")

    assert code == 0
    assert DEMO_PASSWORD in out
    assert db.execute("SELECT name FROM clients WHERE id = 1").fetchone()[0] == "Отмеченный клиент"


# ---- users -------------------------------------------------------------------------------------
def test_users_add_list_passwd_and_disable(capsys, target, password_file):
    db_arg = ["--db", str(target)]
    code, out, _ = cli(capsys, *db_arg, "users", "add", "Petrov", "--role", "head",
                       "--name", "Петров Иван", "--password-file", password_file("petrov-pass"))  # fmt: skip
    assert code == 0 and texts.CLI_USER_ADDED.format(login="Petrov") in out

    code, out, _ = cli(capsys, *db_arg, "users", "list", "--json")
    listed = {row["login"]: row for row in json.loads(out)}
    assert code == 0 and listed["petrov"]["role"] == "head" and listed["petrov"]["active"] == 1
    assert "password_hash" not in listed["petrov"]

    code, _, _ = cli(capsys, *db_arg, "users", "passwd", "petrov", "--password-file",
                     password_file("petrov-new-pass", "new"))  # fmt: skip
    assert code == 0
    assert authenticate(connect(target), "petrov", "petrov-new-pass").actor is not None

    code, out, _ = cli(capsys, *db_arg, "users", "disable", "petrov")
    assert code == 0 and texts.CLI_USER_DISABLED.format(login="petrov") in out
    assert get_user(connect(target), "petrov")["active"] == 0
    code, out, _ = cli(capsys, *db_arg, "users", "list")
    assert "(отключён)" in next(line for line in out.splitlines() if line.startswith("petrov"))


def test_users_add_without_a_terminal_creates_a_user_without_a_password(target):
    result = run_cli(
        "users", "add", "sso.user", "--role", "viewer", "--name", "Единый вход", db=target
    )

    assert result.returncode == 0, result.stderr
    assert get_user(connect(target), "sso.user")["password_hash"] is None


def test_users_add_refuses_a_duplicate_and_passwd_an_unknown_user(capsys, target, password_file):
    db_arg = ["--db", str(target)]
    add = [*db_arg, "users", "add", "petrov", "--role", "qc", "--name", "Петров"]
    assert cli(capsys, *add, "--password-file", password_file("petrov-pass"))[0] == 0

    code, _, err = cli(capsys, *add, "--password-file", password_file("petrov-pass"))
    assert code == 1 and texts.USER_ERRORS["duplicate_login"] in err

    code, _, err = cli(capsys, *db_arg, "users", "passwd", "ghost", "--password-file",
                       password_file("ghost-pass"))  # fmt: skip
    assert code == 1 and texts.USER_ERRORS["unknown_user"] in err


def test_users_add_with_an_unknown_role_is_a_usage_error(capsys, target):
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(target), "users", "add", "x", "--role", "emperor", "--name", "X"])
    assert stopped.value.code == 2


# ---- backup ------------------------------------------------------------------------------------
def test_backup_makes_a_readable_copy_while_another_connection_holds_the_database(
    tmp_path, demo_file
):
    holder = sqlite3.connect(demo_file)
    holder.execute("BEGIN")
    users = holder.execute("SELECT COUNT(*) FROM users").fetchone()[0]
    copy_path = tmp_path / "backups" / "copy.sqlite"

    result = run_cli("backup", str(copy_path), db=demo_file)
    holder.rollback()
    holder.close()

    assert result.returncode == 0, result.stderr
    assert texts.CLI_BACKUP_DONE.format(path=copy_path) in result.stdout
    copy = sqlite3.connect(copy_path)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT COUNT(*) FROM users").fetchone()[0] == users
    assert copy.execute("SELECT COUNT(*) FROM clients").fetchone()[0] > 100
    copy.close()


def test_backup_to_a_place_that_cannot_be_written_exits_2(tmp_path, demo_file):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")

    result = run_cli("backup", str(blocker / "copy.sqlite"), db=demo_file)

    assert result.returncode == 2
    assert "a-file" in result.stderr and "Traceback" not in result.stderr


def test_the_clis_own_help_and_usage_errors_are_in_russian(target):
    helped = run_cli("--help", db=target)
    assert helped.returncode == 0
    assert texts.ARGPARSE_TEXTS["show this help message and exit"] in helped.stdout
    assert helped.stdout.startswith(texts.ARGPARSE_TEXTS["usage: "])
    assert "show this help" not in helped.stdout and "options:" not in helped.stdout

    wrong = run_cli("report", "nonsense", db=target)
    assert wrong.returncode == 2
    assert "недопустимое значение 'nonsense'" in wrong.stderr
    assert "invalid choice" not in wrong.stderr and "error:" not in wrong.stderr
