"""Real servers (streamlit run server.py, worker included) on a shared demo database, no browser."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from devserver import ROOT, ServerDidNotStart, app_env, serve_app


@contextmanager
def serve(db_file: Path, log_file: Path) -> Iterator[str]:
    """One `streamlit run server.py` on `db_file` (the worker starts with it); yields its URL."""
    try:
        with serve_app(db_file, log_file) as app:
            yield app.url
    except ServerDidNotStart as error:
        pytest.fail(f"server did not start:\n{error}")


def make_demo(db_file: Path) -> None:
    """A demo database, as `make run` makes it."""
    subprocess.run(
        [sys.executable, "cli.py", "demo"],
        cwd=ROOT,
        env=app_env(db_file),
        check=True,
        capture_output=True,
    )


@contextmanager
def servers(tmp: Path, count: int = 1) -> Iterator[tuple[Path, list[str]]]:
    """`count` servers on one fresh demo database: (its file, their URLs)."""
    db_file = tmp / "qc.sqlite"
    make_demo(db_file)
    with ExitStack() as stack:
        urls = [stack.enter_context(serve(db_file, tmp / f"server{i}.log")) for i in range(count)]
        yield db_file, urls
