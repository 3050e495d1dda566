"""`make bench` runs end to end on tiny sizes (its timings are checked by people, not by tests)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import main


def test_the_bench_runs_on_small_data_and_writes_every_row(tmp_path: Path, capsys) -> None:
    out = tmp_path / "results.json"
    # (d) opens the page in Chromium: tests/browser/test_bench_page.py runs it on a tiny DB
    args = ["--rows", "2000", "--small", "1000", "--import-rows", "1500", "--repeat", "1",
            "--browser-runs", "0"]  # fmt: skip
    assert main([*args, "--out", str(out)]) == 0
    everything = json.loads(out.read_text(encoding="utf-8"))["results"]
    results = [r for r in everything if not r["operation"].startswith("[equipment]")]
    equipment = [r for r in everything if r["operation"].startswith("[equipment]")]
    assert [r["target"] for r in equipment] == [2.0, 3.0]
    assert all(r["seconds"] > 0 and r["baseline_seconds"] > 0 for r in equipment)
    names = [r["operation"] for r in results]
    prefixes = [n.split()[0] for n in names if n.startswith("(")]
    assert prefixes[:5] == ["(a)", "(b)", "(b)", "(c)", "(c)"]
    assert sum("bare insert" in r["baseline"] for r in results) == 2
    assert all(r["seconds"] > 0 and r["baseline_seconds"] > 0 for r in results)
    assert [r["pass"] is None for r in results][:8] == [
        False,
        False,
        False,
        False,
        True,
        False,
        True,
        True,
    ]
    assert "(a) database" in names[7]
    assert [n[:3] for n in names[8:10]] == ["(i)", "(i)"]  # the import framework's rows
    table = capsys.readouterr().out
    assert all(r["operation"] in table for r in results)
