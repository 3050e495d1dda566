"""Real servers (streamlit run server.py, worker included) on a shared demo database, no browser."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, STARTUP_LIMIT_S, _free_port, _healthy, _streamlit_command


@contextmanager
def serve(db_file: Path, log_file: Path) -> Iterator[str]:
    """One `streamlit run server.py` on `db_file` (the worker starts with it); yields its URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QC_", "STREAMLIT_"))}
    env["QC_DB"] = str(db_file)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        *_streamlit_command(), "run", "server.py", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--secrets.files", str(log_file.with_suffix(".no-secrets.toml")),
    ]  # fmt: skip
    with open(log_file, "wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_S
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server did not start:\n{log_file.read_text(errors='replace')}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_demo(db_file: Path) -> None:
    """A demo database, as `make run` makes it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QC_", "STREAMLIT_"))}
    env["QC_DB"] = str(db_file)
    subprocess.run(
        [sys.executable, "cli.py", "demo"], cwd=ROOT, env=env, check=True, capture_output=True
    )


@contextmanager
def servers(tmp: Path, count: int = 1) -> Iterator[tuple[Path, list[str]]]:
    """`count` servers on one fresh demo database: (its file, their URLs)."""
    db_file = tmp / "qc.sqlite"
    make_demo(db_file)
    with ExitStack() as stack:
        urls = [stack.enter_context(serve(db_file, tmp / f"server{i}.log")) for i in range(count)]
        yield db_file, urls
