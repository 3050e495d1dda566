"""Tenders, the competitor base and share of wallet (DESIGN §5.4, seed 003).

A stored tender keeps its customer as written and the client it matched (by INN; by normalised
name only flagged for a person to confirm; else a new client), and its winner as a competitor
(our own INN from the settings makes it our win). Items under an OKPD2 group with warranty
months (a setting) become equipment at the customer with an estimated warranty end.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from core.equipment import (
    CUSTOMER_BY_NAME,
    MATCH_NAME,
    OWNER_COMPETITOR,
    OWNER_OURS,
    SOURCE_TENDER,
    EquipmentError,
    add_months,
    discount,
    match_company,
    normalize_company,
    okpd2_group,
    okpd2_months,
    parse_okpd2_months,
    share_of_wallet,
    to_kop,
)
from core.imports import FLAG, Problem
from core.roles import Actor, EquipmentAction
from core.tenders import TenderRecord
from core.timeutil import to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx
from db.equipment import ClientIndex
from db.import_log import store_import
from db.settings import get_setting

_TENDER_COLUMNS = (
    "id", "tender_key", "registry_number", "contract_number", "law", "day", "status",
    "customer_name", "customer_inn", "customer_inn_ok", "customer_kpp", "client_id",
    "client_match", "winner_name", "winner_inn", "winner_inn_ok", "winner_kpp", "competitor_id",
    "ours", "nmck_kop", "price_kop", "import_id",
)  # fmt: skip
_ITEM_COLUMNS = ("tender_id", "line_no", "name", "okpd2", "quantity", "unit", "price_kop",
                 "amount_kop", "alloc_kop", "segment")  # fmt: skip
_PIECE_COLUMNS = ("id", "unit_key", "client_id", "owner", "competitor_id", "name", "quantity",
                  "okpd2", "ship_date", "warranty_months", "warranty_end", "warranty_estimated",
                  "tender_id", "amount_kop", "source", "created_at", "created_by")  # fmt: skip


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})")  # fmt: skip


def _allocations(tender: TenderRecord, price_kop: int | None) -> list[int | None]:
    """Each item's share of the contract price: its own sum, else the price split evenly."""
    sums = [None if i.amount is None else round(i.amount * 100) for i in tender.items]
    if None not in sums or price_kop is None or not tender.items:
        return sums
    known = sum(s for s in sums if s is not None)
    missing = [i for i, s in enumerate(sums) if s is None]
    rest = max(price_kop - known, 0)
    share, extra = divmod(rest, len(missing))
    for n, index in enumerate(missing):
        sums[index] = share + (1 if n < extra else 0)
    return sums


def store_tenders(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    data_hash: str,
    result: Any,
    tz: str = "",
    progress: Any = None,
) -> dict[str, Any]:
    """Store tenders with items, competitors and competitors' equipment, all or nothing.

    A tender already stored (same natural key) is a duplicate and changes nothing. The summary
    adds `tenders`, `items`, `equipment` and `matches` (customers matched by INN / by name to
    confirm / new) to the import JSON; a customer matched by name only is a flagged problem
    (severity FLAG) beside the reader's (no winner, a bad INN).
    """
    extra: dict[str, Any] = {}
    column = result.columns.get("customer_name")

    def write(db: Database, records: Sequence[TenderRecord], import_id: int) -> tuple[int, int]:
        written, unchanged, counts = write_tenders(db, actor, records, import_id, column)
        result.problems.extend(counts.pop("flags"))
        extra.update(counts)
        return written, unchanged

    summary = store_import(db, actor, kind, file_name, data_hash, result, write)
    summary.update(extra)
    return summary


def _name_flag(tender: TenderRecord, column: str | None, client_id: int | None) -> Problem:
    """A tender whose customer matched a client by name only: stored, for a person to confirm."""
    values = {"customer": tender.customer_name, "inn": tender.customer_inn, "client_id": client_id}
    return Problem(tender.rows[0] if tender.rows else None, column, CUSTOMER_BY_NAME, values, FLAG)


def preview_tenders(db: Database, result: Any) -> Any:
    """The dry run's view of what the store would flag: customers a new tender would match by
    name only (read-only; the kind's `preview`)."""
    clients = ClientIndex.load(db)
    known = {k for (k,) in db.execute("SELECT tender_key FROM tenders")}
    column = result.columns.get("customer_name")
    for tender in result.records:
        inn = tender.customer_inn if tender.customer_inn_ok else None
        if tender.key in known or not (tender.customer_name or inn):
            continue
        match = match_company(inn, tender.customer_name, clients.by_inn, clients.by_name)
        if match.how == MATCH_NAME:
            result.problems.append(_name_flag(tender, column, match.client_id))
    return result


def write_tenders(
    db: Database,
    actor: Actor,
    records: Sequence[TenderRecord],
    import_id: int | None,
    column: str | None = None,
) -> tuple[int, int, dict[str, Any]]:
    """Tenders, items, competitors and competitors' pieces inside the caller's transaction:
    (written, unchanged, {tenders, items, equipment, matches, flags}); `flags` are the tenders
    whose customer was matched by name only (FLAG problems at the tender's first row, `column`
    the customer's)."""
    own_inn = str(get_setting(db, "company_inn") or "")
    months = parse_okpd2_months(str(get_setting(db, "tender_warranty_okpd2")))
    now = to_stored(utcnow())
    matches = {"inn": 0, "name": 0, "new": 0}
    flags: list[Problem] = []
    written = unchanged = 0
    known = {k for (k,) in db.execute("SELECT tender_key FROM tenders")}
    clients = ClientIndex.load(db)
    competitors: dict[str, int] = {}
    for cid, inn, key in db.execute("SELECT id, inn, name_key FROM competitors"):
        competitors[f"i:{inn}" if inn else f"n:{key}"] = cid
    next_tender = (db.execute("SELECT MAX(id) FROM tenders").fetchone()[0] or 0) + 1
    next_piece = (db.execute("SELECT MAX(id) FROM equipment").fetchone()[0] or 0) + 1
    tender_rows: list[tuple[Any, ...]] = []
    item_rows: list[tuple[Any, ...]] = []
    piece_rows: list[tuple[Any, ...]] = []
    resolved: dict[tuple[str, str | None, str], tuple[int, str]] = {}
    warranty_of: dict[str, int | None] = {}
    group_of: dict[str, str] = {}
    ends: dict[tuple[date, int], str] = {}
    for tender in records:
        if tender.key in known:
            unchanged += 1
            continue
        known.add(tender.key)
        written += 1
        inn = tender.customer_inn if tender.customer_inn_ok else None
        client_id: int | None = None
        how = None
        if tender.customer_name or tender.customer_inn:
            who = (tender.customer_name, inn, tender.customer_kpp)
            found = resolved.get(who)
            if found is None:
                found = clients.resolve(db, *who, source=SOURCE_TENDER)
                # the same customer again in this file: matched as the first time
                resolved[who] = found
            client_id, how = found
            matches[how] += 1
            if how == MATCH_NAME:
                flags.append(_name_flag(tender, column, client_id))
        ours = bool(own_inn) and tender.winner_inn == own_inn
        competitor = None
        has_winner = tender.has_winner
        if has_winner and not ours:
            competitor = _competitor(db, competitors, tender, now)
        day = tender.day.isoformat() if tender.day else None
        tender_id = next_tender
        next_tender += 1
        price_kop = to_kop(tender.contract_price())
        tender_rows.append((
            tender_id, tender.key, tender.registry_number or None,
            tender.contract_number or None, tender.law or None, day, tender.status or None,
            tender.customer_name or None, tender.customer_inn or None,
            int(tender.customer_inn_ok), tender.customer_kpp or None, client_id, how,
            tender.winner_name or None, tender.winner_inn or None, int(tender.winner_inn_ok),
            tender.winner_kpp or None, competitor, int(ours), to_kop(tender.nmck), price_kop,
            import_id,
        ))  # fmt: skip
        allocations = _allocations(tender, price_kop)
        for line, (item, alloc) in enumerate(zip(tender.items, allocations, strict=True), 1):
            segment = group_of.get(item.okpd2)
            if segment is None:
                segment = group_of[item.okpd2] = okpd2_group(item.okpd2)
            price = item.price
            item_rows.append((tender_id, line, item.name or None, item.okpd2 or None,
                              item.quantity, item.unit or None,
                              None if price is None else round(price * 100),
                              alloc if item.amount is not None else None, alloc,
                              segment or None))  # fmt: skip
            if item.okpd2 in warranty_of:
                warranty = warranty_of[item.okpd2]
            else:
                warranty = warranty_of[item.okpd2] = okpd2_months(item.okpd2, months)
            if warranty is None or not has_winner or client_id is None:
                continue
            end = None
            if tender.day:
                end = ends.get((tender.day, warranty))
                if end is None:
                    end = ends[tender.day, warranty] = add_months(tender.day, warranty).isoformat()
            piece_rows.append((
                next_piece, f"tender:{tender.key}|{line}", client_id,
                OWNER_OURS if ours else OWNER_COMPETITOR, competitor,
                item.name or item.okpd2, item.quantity or 1, item.okpd2, day, warranty, end, 1,
                tender_id,
                alloc, SOURCE_TENDER, now, actor.login,
            ))  # fmt: skip
            next_piece += 1
    db.conn.executemany(_insert_sql("tenders", _TENDER_COLUMNS), tender_rows)
    db.conn.executemany(_insert_sql("tender_items", _ITEM_COLUMNS), item_rows)
    db.conn.executemany(_insert_sql("equipment", _PIECE_COLUMNS), piece_rows)
    counts = {"tenders": written, "items": len(item_rows), "equipment": len(piece_rows),
              "matches": matches, "flags": flags}  # fmt: skip
    return written, unchanged, counts


def _competitor(db: Database, cache: dict[str, int], tender: TenderRecord, now: str) -> int:
    """The winner's competitor id by INN (or name without a valid INN), created when new."""
    inn = tender.winner_inn if tender.winner_inn_ok else ""
    if inn:
        found = cache.get(f"i:{inn}")
        if found is not None:
            return found  # the common case: a winner seen before, by its INN
    name_key = normalize_company(tender.winner_name)
    key = f"i:{inn}" if inn else f"n:{name_key or tender.winner_inn}"
    found = cache.get(key)
    if found is not None:
        return found
    cursor = db.execute(
        "INSERT INTO competitors (name, inn, kpp, name_key, source, created_at) "
        "VALUES (?, ?, ?, ?, 'tender', ?)",
        [tender.winner_name or tender.winner_inn, inn or None, tender.winner_kpp or None,
         name_key or tender.winner_inn, now],
    )  # fmt: skip
    cache[key] = int(cursor.lastrowid or 0)
    return cache[key]


# ---------------------------------------------------------------- reading


def competitor_report(
    db: Database, start: date | None = None, end: date | None = None
) -> list[dict[str, Any]]:
    """Each competitor: wins, contract sums (rubles), customers, segments, average discount from
    НМЦК and wins at customers we also sell to; biggest sums first."""
    where, params = "t.ours = 0", []
    if start is not None:
        where += " AND t.day >= ?"
        params.append(start.isoformat())
    if end is not None:
        where += " AND t.day < ?"
        params.append(end.isoformat())
    rows = list(
        db.query(
            "SELECT k.id, k.inn, k.name, COUNT(*) AS tenders, "
            "COALESCE(SUM(t.price_kop), 0) AS amount_kop, "
            "COUNT(DISTINCT t.client_id) AS customers, "
            "AVG(CASE WHEN t.nmck_kop > 0 AND t.price_kop IS NOT NULL "
            "    THEN (t.nmck_kop - t.price_kop) * 1.0 / t.nmck_kop END) AS discount, "
            "SUM(CASE WHEN t.client_id IN (SELECT client_id FROM shipments UNION "
            "    SELECT client_id FROM tenders WHERE ours = 1) THEN 1 ELSE 0 END) AS against_us "
            "FROM tenders t JOIN competitors k ON k.id = t.competitor_id "
            f"WHERE {where} GROUP BY k.id ORDER BY amount_kop DESC, tenders DESC, k.name",
            params,
        )
    )
    segments: dict[int, list[str]] = {}
    for cid, segment in db.execute(
        "SELECT DISTINCT t.competitor_id, i.segment FROM tender_items i JOIN tenders t "
        f"ON t.id = i.tender_id WHERE {where} AND i.segment IS NOT NULL ORDER BY 2",
        params,
    ):
        segments.setdefault(cid, []).append(segment)
    for row in rows:
        row["amount"] = round(row.pop("amount_kop") / 100, 2)
        row["segments"] = segments.get(row["id"], [])
    return rows


def list_tenders(
    db: Database, client_id: int | None = None, competitor: int | None = None, limit: int = 5000
) -> list[dict[str, Any]]:
    """Tenders newest first, with their customer's match and winner (for pages and the card)."""
    where, params = ["1=1"], []
    if client_id is not None:
        where.append("t.client_id = ?")
        params.append(client_id)
    if competitor is not None:
        where.append("t.competitor_id = ?")
        params.append(competitor)
    rows = list(
        db.query(
            "SELECT t.id, t.registry_number, t.contract_number, t.law, t.day, t.status, "
            "t.customer_name, t.customer_inn, t.customer_inn_ok, t.client_id, t.client_match, "
            "t.match_confirmed, t.winner_name, t.winner_inn, t.winner_inn_ok, t.ours, "
            "t.nmck_kop, t.price_kop, (SELECT COUNT(*) FROM tender_items i "
            "WHERE i.tender_id = t.id) AS items FROM tenders t "
            f"WHERE {' AND '.join(where)} ORDER BY t.day DESC, t.id DESC LIMIT ?",
            [*params, limit],
        )
    )
    for row in rows:
        nmck = row["nmck_kop"]
        price = row["price_kop"]
        row["discount"] = discount(nmck, price)
    return rows


def tender_items(db: Database, tender_id: int) -> list[dict[str, Any]]:
    """The items of one tender."""
    return list(
        db.query(
            "SELECT line_no, name, okpd2, quantity, unit, price_kop, amount_kop FROM tender_items "
            "WHERE tender_id = ? ORDER BY line_no",
            [tender_id],
        )
    )


def matches_to_confirm(db: Database) -> list[dict[str, Any]]:
    """Tenders whose customer met a client by name only: a person confirms or rejects each."""
    return list(
        db.query(
            "SELECT t.id, t.customer_name, t.customer_inn, c.id AS client_id, c.name AS client, "
            "c.inn AS client_inn FROM tenders t JOIN clients c ON c.id = t.client_id "
            "WHERE t.client_match = ? AND t.match_confirmed = 0 ORDER BY t.customer_name",
            [MATCH_NAME],
        )
    )


def confirm_match(db: Database, actor: Actor, tender_id: int, accept: bool) -> None:
    """Confirm a name match, or reject it: the customer then becomes a client of its own."""
    with write_tx(db):
        enforce(db, actor, EquipmentAction.EDIT_EQUIPMENT)  # type: ignore[arg-type]
        row = db.execute(
            "SELECT customer_name, customer_inn, customer_inn_ok, customer_kpp FROM tenders "
            "WHERE id = ?",
            [tender_id],
        ).fetchone()
        if row is None:
            raise EquipmentError("unknown_tender")
        if accept:
            db.execute("UPDATE tenders SET match_confirmed = 1 WHERE id = ?", [tender_id])
        else:
            cursor = db.execute(
                "INSERT INTO clients (name, inn, kpp, source) VALUES (?, ?, ?, 'tender')",
                [row[0], row[1] if row[2] else None, row[3]],
            )
            client = int(cursor.lastrowid or 0)
            db.execute(
                "UPDATE tenders SET client_id = ?, client_match = 'new', match_confirmed = 1 "
                "WHERE id = ?",
                [client, tender_id],
            )
            db.execute(
                "UPDATE equipment SET client_id = ? WHERE tender_id = ?", [client, tender_id]
            )
        write_audit(db, actor.login, "tender.match", str(tender_id), accept=accept)


# ---------------------------------------------------------------- share of wallet


def share_of_wallet_report(
    db: Database, start: date, end: date, client_id: int | None = None
) -> list[dict[str, Any]]:
    """Per client and segment over [start, end): our sales (shipments and our tender wins),
    competitors' contracts, and our share = ours / (ours + competitors')."""
    client_clause, extra = ("AND client_id = ?", [client_id]) if client_id is not None else ("", [])
    params = [start.isoformat(), end.isoformat(), *extra]
    sql = f"""
    WITH parts AS (
        SELECT s.client_id, COALESCE(NULLIF(substr(p.okpd2, 1, 5), ''), p.kind, '') AS segment,
               s.amount_kop AS ours, 0 AS theirs
        FROM shipments s JOIN products p ON p.id = s.product_id
        WHERE s.doc_date >= ? AND s.doc_date < ? {client_clause.replace("client_id", "s.client_id")}
        UNION ALL
        SELECT t.client_id, COALESCE(i.segment, ''),
               CASE WHEN t.ours = 1 THEN i.alloc_kop ELSE 0 END,
               CASE WHEN t.ours = 0 THEN i.alloc_kop ELSE 0 END
        FROM tender_items i JOIN tenders t ON t.id = i.tender_id
        WHERE t.day >= ? AND t.day < ? AND t.client_id IS NOT NULL
              AND (t.ours = 1 OR t.competitor_id IS NOT NULL)
              {client_clause.replace("client_id", "t.client_id")}
    )
    SELECT c.id AS client_id, c.name AS client, c.inn AS client_inn, parts.segment,
           COALESCE(SUM(parts.ours), 0) AS ours_kop, COALESCE(SUM(parts.theirs), 0) AS theirs_kop
    FROM parts JOIN clients c ON c.id = parts.client_id
    GROUP BY c.id, parts.segment
    ORDER BY c.name, parts.segment
    """
    rows = list(db.query(sql, params * 2))
    for row in rows:
        row["ours"] = round(row.pop("ours_kop") / 100, 2)
        row["competitors"] = round(row.pop("theirs_kop") / 100, 2)
        row["share"] = share_of_wallet(row["ours"], row["competitors"])
    return rows
