"""The real procurement exports import as tenders with the right counts and sums."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from decimal import Decimal

from cli import main
from core.equipment import MISSING_WINNER
from core.imports import FLAG, file_hash
from core.roles import SYSTEM
from db.connection import connect
from db.tenders import competitor_report, store_tenders
from importers.tenders import read_tenders

COMBINED = "contracts_44fz_jan2018_combined.csv"


def test_the_combined_eis_export_is_146_contracts_with_their_suppliers_sums(realdata, tmp_path):
    path = realdata / "zakupki" / COMBINED
    result = read_tenders(path.read_bytes(), path.name)
    assert len(result.records) == 146 and result.rejected == 0
    missing = [p for p in result.problems if p.reason == MISSING_WINNER and p.severity == FLAG]
    assert len(missing) == 8  # «NA» suppliers: kept and reported, never a competitor
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row["supplier.inn"] != "NA":
            expected[row["supplier.inn"]] += Decimal(row["sumRUR"].replace("NA", "0"))
    db = connect(tmp_path / "t.sqlite")
    summary = store_tenders(db, SYSTEM, "tenders", path.name, file_hash(path.read_bytes()), result)
    assert summary["tenders"] == 146
    report = competitor_report(db)
    assert len(report) == len(expected) == 33
    assert {r["inn"]: Decimal(str(r["amount"])) for r in report} == dict(expected)
    customers = db.execute("SELECT COUNT(DISTINCT client_id) FROM tenders").fetchone()[0]
    unnamed = db.execute("SELECT COUNT(*) FROM tenders WHERE client_id IS NULL").fetchone()[0]
    assert (customers, unnamed) == (38, 7)  # 39 distinct values, one of them «NA»
    assert db.execute("SELECT COUNT(*) FROM clients WHERE inn LIKE '0%'").fetchone()[0] > 0


def test_every_realdata_tender_file_imports_through_the_cli(realdata, tmp_path, capsys):
    db_file = str(tmp_path / "cli.sqlite")
    counts = {}
    for path in sorted((realdata / "zakupki").glob("*.csv")):
        code = main(["--db", db_file, "import", "tenders", str(path), "--json"])
        summary = json.loads(capsys.readouterr().out)
        assert code == 0 and summary["rejected"] == 0
        counts[path.name] = summary["imported"] + summary["duplicates"]
    assert counts == {
        "contract_Bashkortostan_Resp_2018010100_2018020100_007.csv": 39,
        COMBINED: 146,
        "sample_code-26_region-5277339.csv": 156,
        "zakupki_gov_ru_2017-09-04_17-05-36.cp1251.csv": 50,
    }
    cp1251 = (
        connect(db_file)
        .execute(
            "SELECT SUM(price_kop), SUM(nmck_kop > 0) FROM tenders WHERE "
            "import_id = (SELECT MAX(id) FROM imports)"
        )
        .fetchone()
    )
    assert cp1251 == (1137886437, 50)
