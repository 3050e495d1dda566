"""The app served for a test or `make bench`: `streamlit run server.py` on a database of its own,
on a free loopback port, its output in a log file, stopped at the end. One copy for
tests/browser, tests/server and bench/browser.py (each had its own free-port and /healthz poll).
A top-level module beside server.py: bench may not import tests, and tests import it as they
import the app's own modules."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The first start imports pandas/altair on a busy 2-core machine: give it room.
STARTUP_LIMIT_S = 120


@dataclass(frozen=True)
class AppServer:
    """A running app: its address and its process (a test may stop it early)."""

    url: str
    process: subprocess.Popen[bytes]


class ServerDidNotStart(RuntimeError):
    """The server exited or did not answer /healthz in time; the message holds its log."""


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    """Whether Streamlit answers its health check."""
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def app_env(db_file: Path, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without QC_*/STREAMLIT_* settings, on `db_file`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QC_", "STREAMLIT_"))}
    env["QC_DB"] = str(db_file)
    env.update(extra_env or {})
    return env


def streamlit_command() -> list[str]:
    script = ROOT / ".venv" / "bin" / "streamlit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "streamlit"]


@contextmanager
def serve_app(
    db_file: Path,
    log_file: Path,
    extra_env: dict[str, str] | None = None,
    limit_s: float = STARTUP_LIMIT_S,
) -> Iterator[AppServer]:
    """Serve the app on `db_file` until the block ends; yields it once /healthz answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        *streamlit_command(), "run", "server.py", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        # A developer's own secrets.toml with [auth] would switch the app to OIDC.
        "--secrets.files", str(log_file.with_suffix(".no-secrets.toml")),
    ]  # fmt: skip
    with open(log_file, "wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=app_env(db_file, extra_env), stdout=log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + limit_s
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise ServerDidNotStart(log_file.read_text(errors="replace"))
            time.sleep(0.3)
        yield AppServer(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
