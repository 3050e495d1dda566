"""The equipment register (DESIGN §5.4, seed 003): products, shipments, pieces with their control
dates, reminders as tasks, and the reports over them.

Control dates are stored, not computed at read time: `equipment.warranty_end` (the explicit end,
or ship date + warranty months) and `equipment_maintenance.next_due` (last maintenance or ship
date + the kind's interval). Every write that changes their inputs recomputes them, so the
maintenance-due report over a million pieces is two index range scans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import repeat
from typing import Any

from sqlite_utils import Database

from core.equipment import (
    EVENT_MAINTENANCE,
    MATCH_NEW,
    OWNER_COMPETITOR,
    OWNER_OURS,
    OWNERS,
    SOURCE_MANUAL,
    SOURCE_SALE,
    TASK_DONE,
    TASK_OPEN,
    TASK_SNOOZED,
    EquipmentError,
    EquipmentRecord,
    ProductRecord,
    ShipmentRecord,
    equipment_status,
    match_company,
    next_maintenance,
    normalize_company,
    parse_reminder_days,
    reminder_point,
    to_kop,
    warranty_end,
)
from core.imports import ImportResult
from core.roles import Actor, EquipmentAction, Role
from core.timeutil import to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx
from db.import_log import store_import
from db.settings import get_setting


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# ---------------------------------------------------------------- clients and people


@dataclass
class ClientIndex:
    """Our clients by INN and by normalised name, for matching companies in one import."""

    by_inn: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)
    created: set[int] = field(default_factory=set)  # clients this import created

    @classmethod
    def load(cls, db: Database) -> ClientIndex:
        index = cls()
        for client_id, name, inn in db.execute("SELECT id, name, inn FROM clients"):
            if inn:
                index.by_inn[inn] = client_id
            key = normalize_company(name)
            if key:
                index.by_name.setdefault(key, client_id)
        return index

    def resolve(
        self, db: Database, name: str, inn: str | None, kpp: str = "", source: str = SOURCE_SALE
    ) -> tuple[int, str]:
        """(client id, how matched): by INN, else by normalised name, else a new client."""
        match = match_company(inn, name, self.by_inn, self.by_name)
        if match.client_id is not None:
            if match.client_id in self.created:
                return match.client_id, MATCH_NEW  # a company this same file brought in
            return match.client_id, match.how
        cursor = db.execute(
            "INSERT INTO clients (name, inn, kpp, source) VALUES (?, ?, ?, ?)",
            [name or inn or "—", inn or None, kpp or None, source],
        )
        client_id = int(cursor.lastrowid or 0)
        self.created.add(client_id)
        if inn:
            self.by_inn[inn] = client_id
        key = normalize_company(name)
        if key:
            self.by_name.setdefault(key, client_id)
        return client_id, MATCH_NEW


def people_logins(db: Database) -> dict[str, str]:
    """Login by login and by full name (lower case), to turn a «Менеджер» cell into a user."""
    found: dict[str, str] = {}
    for login, name in db.execute("SELECT login, name FROM users"):
        found[login.lower()] = login
        found[(name or "").strip().lower()] = login
    return found


# ---------------------------------------------------------------- products


def _product_ids(db: Database) -> dict[str, int]:
    return {name: pid for pid, name in db.execute("SELECT id, name FROM products")}


def store_products(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    data_hash: str,
    result: ImportResult[ProductRecord],
    tz: str = "",
    progress: Any = None,
) -> dict[str, Any]:
    """Products and their maintenance kinds, all or nothing; control dates of their pieces follow."""
    return store_import(db, actor, kind, file_name, data_hash, result, write_products)


def write_products(
    db: Database, records: Sequence[ProductRecord], import_id: int = 0
) -> tuple[int, int]:
    """Upsert products and kinds inside the caller's transaction: (changed, unchanged)."""
    written = unchanged = 0
    ids = _product_ids(db)
    touched: list[int] = []
    for record in records:
        before = _product_state(db, ids.get(record.name))
        if record.name not in ids:
            cursor = db.execute(
                "INSERT INTO products (name, kind, warranty_months, okpd2) VALUES (?, ?, ?, ?)",
                [record.name, record.kind or None, record.warranty_months,
                 record.okpd2 or None],
            )  # fmt: skip
            ids[record.name] = int(cursor.lastrowid or 0)
        else:
            db.execute(
                "UPDATE products SET kind = COALESCE(NULLIF(?, ''), kind), "
                "warranty_months = COALESCE(?, warranty_months), "
                "okpd2 = COALESCE(NULLIF(?, ''), okpd2) WHERE id = ?",
                [record.kind, record.warranty_months, record.okpd2, ids[record.name]],
            )
        pid = ids[record.name]
        for maintenance, months in record.maintenance.items():
            db.execute(
                "INSERT INTO product_maintenance (product_id, kind, interval_months) "
                "VALUES (?, ?, ?) ON CONFLICT (product_id, kind) DO UPDATE SET "
                "interval_months = excluded.interval_months",
                [pid, maintenance, months],
            )
        if _product_state(db, pid) == before:
            unchanged += 1
        else:
            written += 1
            touched.append(pid)
    if touched:
        refresh_control_dates(db, product_ids=touched)
    return written, unchanged


def _product_state(db: Database, pid: int | None) -> Any:
    if pid is None:
        return None
    row = db.execute(
        "SELECT kind, warranty_months, okpd2 FROM products WHERE id = ?", [pid]
    ).fetchone()
    kinds = db.execute(
        "SELECT kind, interval_months FROM product_maintenance WHERE product_id = ? ORDER BY kind",
        [pid],
    ).fetchall()
    return (tuple(row), tuple(map(tuple, kinds)))


def product_kinds(db: Database, product_id: int) -> dict[str, int]:
    """Maintenance kinds of a product with their intervals in months."""
    return dict(
        db.execute(
            "SELECT kind, interval_months FROM product_maintenance WHERE product_id = ?",
            [product_id],
        ).fetchall()
    )


# ---------------------------------------------------------------- control dates


def refresh_control_dates(
    db: Database,
    product_ids: Sequence[int] | None = None,
    equipment_ids: Sequence[int] | None = None,
) -> int:
    """Recompute warranty ends and next maintenance dates of the pieces named (by product or by
    id) from ship dates, explicit ends, product months and last maintenances; returns pieces."""
    if product_ids is not None:
        where, params = _in("e.product_id", product_ids)
    elif equipment_ids is not None:
        where, params = _in("e.id", equipment_ids)
    else:
        where, params = "1=1", []
    rows = db.execute(
        "SELECT e.id, e.ship_date, e.warranty_end_set, COALESCE(e.warranty_months, "
        "p.warranty_months), e.product_id, e.warranty_end FROM equipment e "
        f"LEFT JOIN products p ON p.id = e.product_id WHERE {where}",
        params,
    ).fetchall()
    kinds_of: dict[int, dict[str, int]] = {}
    updates = []
    for eid, ship, explicit, months, _pid, stored in rows:
        end = _iso(warranty_end(_day(ship), months, _day(explicit)))
        if end != stored:
            updates.append((end, eid))
    db.conn.executemany("UPDATE equipment SET warranty_end = ? WHERE id = ?", updates)
    for eid, ship, _explicit, _months, pid, _stored in rows:
        if pid is None:
            continue
        kinds = kinds_of.get(pid)
        if kinds is None:
            kinds = kinds_of[pid] = product_kinds(db, pid)
        if not kinds:
            continue
        done = dict(
            db.execute(
                "SELECT kind, last_done FROM equipment_maintenance WHERE equipment_id = ?", [eid]
            ).fetchall()
        )
        for kind, interval in kinds.items():
            due = _iso(next_maintenance(_day(done.get(kind)), _day(ship), interval))
            db.execute(
                "INSERT INTO equipment_maintenance (equipment_id, kind, interval_months, "
                "last_done, next_due) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                "interval_months = excluded.interval_months, next_due = excluded.next_due",
                [eid, kind, interval, done.get(kind), due],
            )
    return len(rows)


def _in(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    if not values:
        return "0", []
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


# ---------------------------------------------------------------- shipments


def store_sales(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    data_hash: str,
    result: ImportResult[ShipmentRecord],
    tz: str = "",
    progress: Any = None,
) -> dict[str, Any]:
    """Shipment lines and one register piece per serial number (or unit), all or nothing.

    Natural keys (the line's document, client, product and occurrence; the piece's serial or unit
    number) make a repeated import change nothing. Unknown products are created without warranty
    months (a products import later fills them in and the dates follow).
    """
    made: list[int] = []

    def write(db: Database, records: Sequence[ShipmentRecord], import_id: int) -> tuple[int, int]:
        written, unchanged, pieces = write_sales(db, actor, records, import_id)
        made.append(pieces)
        return written, unchanged

    summary = store_import(db, actor, kind, file_name, data_hash, result, write)
    summary["equipment"] = made[0] if made else 0
    return summary


def write_sales(
    db: Database, actor: Actor, records: Sequence[ShipmentRecord], import_id: int | None = None
) -> tuple[int, int, int]:
    """Shipment lines and their pieces inside the caller's transaction: (lines written, lines
    already stored, pieces created)."""
    written = unchanged = pieces = 0
    now = to_stored(utcnow())
    clients = ClientIndex.load(db)
    products = _product_ids(db)
    people = people_logins(db)
    new_pieces: list[int] = []
    for record in records:
        client_id, _how = clients.resolve(db, record.client_name, record.client_inn,
                                          record.client_kpp)  # fmt: skip
        pid = products.get(record.product)
        if pid is None:
            cursor = db.execute(
                "INSERT INTO products (name, warranty_months) VALUES (?, ?)",
                [record.product, record.warranty_months],
            )
            pid = products[record.product] = int(cursor.lastrowid or 0)
        manager = people.get(record.manager.strip().lower(), record.manager) or None
        cursor = db.execute(
            "INSERT OR IGNORE INTO shipments (line_key, doc_no, doc_date, client_id, "
            "product_id, quantity, amount_kop, manager, serials, import_id) VALUES (?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?)",
            [record.line_key(), record.doc_no, record.doc_date.isoformat(), client_id, pid,
             record.quantity, to_kop(record.amount), manager,
             "\n".join(record.serials) or None, import_id],
        )  # fmt: skip
        if not cursor.rowcount:
            unchanged += 1
            continue
        written += 1
        shipment_id = int(cursor.lastrowid or 0)
        units = record.pieces()
        unit_amount = to_kop(record.amount / len(units)) if record.amount else None
        for serial, unit_key in units:
            cursor = db.execute(
                "INSERT OR IGNORE INTO equipment (unit_key, client_id, owner, product_id, "
                "name, serial, ship_date, warranty_months, manager, responsible, "
                "shipment_id, amount_kop, source, created_at, created_by) VALUES (?, ?, "
                "'ours', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'sale', ?, ?)",
                [unit_key, client_id, pid, record.product, serial or None,
                 record.doc_date.isoformat(), record.warranty_months, manager, manager,
                 shipment_id, unit_amount, now, actor.login],
            )  # fmt: skip
            if cursor.rowcount:
                pieces += 1
                new_pieces.append(int(cursor.lastrowid or 0))
    refresh_control_dates(db, equipment_ids=new_pieces)
    return written, unchanged, pieces


# ---------------------------------------------------------------- pieces by hand or by file


def _own_client(db: Database, actor: Actor, client_id: int) -> bool:
    """A manager's own client: one they sold to or are responsible for equipment of."""
    row = db.execute(
        "SELECT 1 FROM equipment WHERE client_id = ? AND (manager = ? OR responsible = ?) "
        "UNION SELECT 1 FROM shipments WHERE client_id = ? AND manager = ? LIMIT 1",
        [client_id, actor.login, actor.login, client_id, actor.login],
    ).fetchone()
    return row is not None


def _may_edit(db: Database, actor: Actor, client_id: int) -> None:
    enforce(db, actor, EquipmentAction.SEE_EQUIPMENT)  # type: ignore[arg-type]
    enforce(db, actor, EquipmentAction.EDIT_EQUIPMENT)  # type: ignore[arg-type]
    if actor.role == Role.MANAGER and not _own_client(db, actor, client_id):
        write_audit(db, actor.login, "permission.denied", "equipment.edit", client=client_id)
        raise EquipmentError("not_own_client")


def competitor_id(db: Database, name: str, inn: str | None = None, source: str = "manual") -> int:
    """The competitor with this INN (or, without one, this normalised name), created if new."""
    key = normalize_company(name)
    if inn:
        row = db.execute("SELECT id FROM competitors WHERE inn = ?", [inn]).fetchone()
    else:
        row = db.execute(
            "SELECT id FROM competitors WHERE name_key = ? ORDER BY inn IS NOT NULL LIMIT 1", [key]
        ).fetchone()
    if row:
        return int(row[0])
    cursor = db.execute(
        "INSERT INTO competitors (name, inn, name_key, source, created_at) VALUES (?, ?, ?, ?, ?)",
        [name or inn, inn or None, key, source, to_stored(utcnow())],
    )
    return int(cursor.lastrowid or 0)


def add_equipment(
    db: Database, actor: Actor, record: EquipmentRecord, client_id: int | None = None
) -> int:
    """One piece entered by hand (an engineer's or manager's visit): a competitor's needs the
    competitor's name. Returns the new piece's id."""
    if record.owner not in OWNERS:
        raise EquipmentError("bad_owner")
    if record.owner == OWNER_COMPETITOR and not record.competitor.strip():
        raise EquipmentError("competitor_required")
    if not record.product.strip():
        raise EquipmentError("product_required")
    with write_tx(db):
        enforce(db, actor, EquipmentAction.EDIT_EQUIPMENT)  # type: ignore[arg-type]
        how = ""
        if client_id is None:
            client_id, how = ClientIndex.load(db).resolve(
                db, record.client_name, record.client_inn, source=SOURCE_MANUAL
            )
        if how != MATCH_NEW:
            _may_edit(db, actor, client_id)
        piece = _insert_piece(db, actor, record, client_id, SOURCE_MANUAL)
        write_audit(db, actor.login, "equipment.add", str(piece), owner=record.owner,
                    product=record.product, competitor=record.competitor)  # fmt: skip
    return piece


def _insert_piece(
    db: Database, actor: Actor, record: EquipmentRecord, client_id: int, source: str
) -> int:
    products = _product_ids(db)
    pid = products.get(record.product) if record.owner == OWNER_OURS else None
    comp = competitor_id(db, record.competitor) if record.competitor.strip() else None
    unit_key = (
        f"sn:{record.product}|{record.serial}"
        if record.serial
        else f"{source}:{client_id}|{record.product}|{to_stored(utcnow())}|{id(record)}"
    )
    cursor = db.execute(
        "INSERT INTO equipment (unit_key, client_id, owner, competitor_id, product_id, name, kind, "
        "serial, year_made, components, contacts, ship_date, warranty_end_set, last_repair, "
        "responsible, manager, source, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [unit_key, client_id, record.owner, comp, pid, record.product, record.kind or None,
         record.serial or None, record.year_made, record.components or None,
         record.contacts or None, _iso(record.ship_date), _iso(record.warranty_end),
         _iso(record.last_repair), record.responsible or actor.login,
         record.responsible or actor.login, source, to_stored(utcnow()), actor.login],
    )  # fmt: skip
    piece = int(cursor.lastrowid or 0)
    refresh_control_dates(db, equipment_ids=[piece])
    return piece


def store_equipment_file(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    data_hash: str,
    result: ImportResult[EquipmentRecord],
    tz: str = "",
    progress: Any = None,
) -> dict[str, Any]:
    """Pieces from a register file (`import equipment`); a serial already known is a duplicate."""

    def write(db: Database, records: Sequence[EquipmentRecord], import_id: int) -> tuple[int, int]:
        written = unchanged = 0
        clients = ClientIndex.load(db)
        for record in records:
            if (
                record.serial
                and db.execute(
                    "SELECT 1 FROM equipment WHERE unit_key = ?",
                    [f"sn:{record.product}|{record.serial}"],
                ).fetchone()
            ):
                unchanged += 1
                continue
            client_id, _ = clients.resolve(db, record.client_name, record.client_inn,
                                           source="file")  # fmt: skip
            _insert_piece(db, actor, record, client_id, "file")
            written += 1
        return written, unchanged

    return store_import(db, actor, kind, file_name, data_hash, result, write)


EDITABLE = ("warranty_end_set", "last_repair", "responsible", "contacts", "components",
            "year_made", "serial", "kind", "service_contract_until")  # fmt: skip


def update_equipment(db: Database, actor: Actor, piece: int, changes: dict[str, Any]) -> None:
    """Change a piece's card fields (an explicit warranty end recomputes its control dates)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise EquipmentError("unknown_field")
    with write_tx(db):
        row = db.execute("SELECT client_id FROM equipment WHERE id = ?", [piece]).fetchone()
        if row is None:
            raise EquipmentError("unknown_equipment")
        _may_edit(db, actor, int(row[0]))
        values = {k: (_iso(v) if isinstance(v, date) else (v if v != "" else None))
                  for k, v in changes.items()}  # fmt: skip
        if values:
            sets = ", ".join(f"{k} = ?" for k in values)
            db.execute(f"UPDATE equipment SET {sets} WHERE id = ?", [*values.values(), piece])
            refresh_control_dates(db, equipment_ids=[piece])
        write_audit(
            db, actor.login, "equipment.edit", str(piece), **{k: str(v) for k, v in values.items()}
        )


def record_maintenance(db: Database, actor: Actor, piece: int, kind: str, day: date) -> None:
    """A maintenance of one kind done on a day: its next date moves on from there."""
    with write_tx(db):
        row = db.execute("SELECT client_id FROM equipment WHERE id = ?", [piece]).fetchone()
        if row is None:
            raise EquipmentError("unknown_equipment")
        _may_edit(db, actor, int(row[0]))
        found = db.execute(
            "UPDATE equipment_maintenance SET last_done = ? WHERE equipment_id = ? AND kind = ?",
            [day.isoformat(), piece, kind],
        )
        if not found.rowcount:
            raise EquipmentError("unknown_kind")
        db.execute("UPDATE equipment SET last_repair = MAX(COALESCE(last_repair, ''), ?) "
                   "WHERE id = ?", [day.isoformat(), piece])  # fmt: skip
        refresh_control_dates(db, equipment_ids=[piece])
        db.execute(
            "UPDATE equipment_tasks SET status = 'done', done_at = ?, done_by = ?, "
            "note = COALESCE(note, 'maintenance') WHERE equipment_id = ? AND event = ? AND kind = ? "
            "AND status != 'done' AND due <= ?",
            [to_stored(utcnow()), actor.login, piece, EVENT_MAINTENANCE, kind,
             (day + timedelta(days=366)).isoformat()],
        )  # fmt: skip
        write_audit(db, actor.login, "equipment.maintenance", str(piece), kind=kind, day=str(day))


# ---------------------------------------------------------------- reading the register

# A piece's type («Весы», «ККТ»): its own, else its product's. The foundation's catalogue keeps a
# category code in products.kind ('equipment' beside 'software', 'service'): that is no type.
PIECE_KIND = "COALESCE(e.kind, NULLIF(p.kind, 'equipment'))"

REGISTER_SQL = f"""
SELECT e.id, e.owner, e.name AS product, {PIECE_KIND} AS kind, e.serial,
       e.ship_date, e.warranty_end, e.warranty_end_set, e.warranty_estimated,
       e.service_contract_until, e.last_repair, e.responsible, e.manager, e.year_made,
       e.components, e.contacts, e.quantity, e.amount_kop, e.source, e.okpd2,
       c.id AS client_id, c.name AS client, c.inn AS client_inn, c.segment,
       k.name AS competitor, k.inn AS competitor_inn,
       s.doc_no AS sale_doc, s.doc_date AS sale_date,
       t.registry_number AS tender, t.contract_number AS contract,
       (SELECT MIN(m.next_due) FROM equipment_maintenance m WHERE m.equipment_id = e.id)
           AS next_maintenance
FROM equipment e
JOIN clients c ON c.id = e.client_id
LEFT JOIN products p ON p.id = e.product_id
LEFT JOIN competitors k ON k.id = e.competitor_id
LEFT JOIN shipments s ON s.id = e.shipment_id
LEFT JOIN tenders t ON t.id = e.tender_id
"""


@dataclass
class RegisterFilter:
    """The «СТОК» filters: client, type, owner, warranty ending / maintenance due within days,
    overdue; empty fields filter nothing."""

    client_id: int | None = None
    kind: str = ""
    owner: str = ""
    warranty_within: int | None = None
    maintenance_within: int | None = None
    overdue: bool = False
    search: str = ""


def list_equipment(
    db: Database, today: date, flt: RegisterFilter | None = None, limit: int = 20000
) -> list[dict[str, Any]]:
    """The register rows (newest first) with client, competitor, sale document and dates."""
    flt = flt or RegisterFilter()
    where, params = ["1=1"], []
    if flt.client_id is not None:
        where.append("e.client_id = ?")
        params.append(flt.client_id)
    if flt.kind:
        where.append(f"{PIECE_KIND} = ?")
        params.append(flt.kind)
    if flt.owner:
        where.append("e.owner = ?")
        params.append(flt.owner)
    if flt.warranty_within is not None:
        where.append("e.warranty_end BETWEEN ? AND ?")
        params += [today.isoformat(), (today + timedelta(days=flt.warranty_within)).isoformat()]
    if flt.maintenance_within is not None:
        where.append("EXISTS (SELECT 1 FROM equipment_maintenance m WHERE m.equipment_id = e.id "
                     "AND m.next_due BETWEEN ? AND ?)")  # fmt: skip
        params += [today.isoformat(), (today + timedelta(days=flt.maintenance_within)).isoformat()]
    if flt.overdue:
        where.append("EXISTS (SELECT 1 FROM equipment_tasks x WHERE x.equipment_id = e.id "
                     "AND x.status != 'done' AND x.due < ?)")  # fmt: skip
        params.append(today.isoformat())
    if flt.search:
        where.append("(c.name LIKE ? OR e.name LIKE ? OR e.serial LIKE ? OR c.inn LIKE ?)")
        params += [f"%{flt.search}%"] * 4
    sql = REGISTER_SQL + " WHERE " + " AND ".join(where) + " ORDER BY e.id DESC LIMIT ?"
    rows = list(db.query(sql, [*params, limit]))
    for row in rows:
        row["status"] = equipment_status(
            _day(row["warranty_end"]), today, _day(row["service_contract_until"])
        )
    return rows


def equipment_card(db: Database, piece: int, today: date) -> dict[str, Any] | None:
    """Every field of one piece (seed 003's list) with its maintenance kinds and tasks."""
    rows = list(db.query(REGISTER_SQL + " WHERE e.id = ?", [piece]))
    if not rows:
        return None
    card = rows[0]
    card["status"] = equipment_status(
        _day(card["warranty_end"]), today, _day(card["service_contract_until"])
    )
    card["maintenance"] = list(
        db.query(
            "SELECT kind, interval_months, last_done, next_due FROM equipment_maintenance "
            "WHERE equipment_id = ? ORDER BY kind",
            [piece],
        )
    )
    card["tasks"] = list(
        db.query(
            "SELECT id, event, kind, due, assignee, status, snoozed_until FROM equipment_tasks "
            "WHERE equipment_id = ? ORDER BY due",
            [piece],
        )
    )
    return card


def client_control_dates(db: Database, client_id: int) -> list[dict[str, Any]]:
    """Every control date of a client's pieces (warranty ends and next maintenances)."""
    return list(
        db.query(
            "SELECT e.id, e.name, COALESCE(e.serial, '') AS serial, e.owner, 'warranty_end' AS "
            "event, '' AS kind, e.warranty_end AS due FROM equipment e WHERE e.client_id = ? "
            "AND e.warranty_end IS NOT NULL UNION ALL SELECT e.id, e.name, COALESCE(e.serial, ''), "
            "e.owner, 'maintenance', m.kind, m.next_due FROM equipment_maintenance m JOIN "
            "equipment e ON e.id = m.equipment_id WHERE e.client_id = ? AND m.next_due IS NOT NULL "
            "ORDER BY due",
            [client_id, client_id],
        )
    )


def equipment_kinds(db: Database) -> list[str]:
    """Equipment types present in the register, for the filter."""
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT {PIECE_KIND} FROM equipment e LEFT JOIN products p "
        f"ON p.id = e.product_id WHERE {PIECE_KIND} IS NOT NULL ORDER BY 1")]  # fmt: skip


def client_choices(db: Database, limit: int = 5000) -> list[dict[str, Any]]:
    """Clients that have equipment, tenders or shipments, for pickers."""
    return list(
        db.query(
            "SELECT id, name, inn FROM clients WHERE id IN (SELECT client_id FROM equipment "
            "UNION SELECT client_id FROM shipments UNION SELECT client_id FROM tenders "
            "WHERE client_id IS NOT NULL) ORDER BY name LIMIT ?",
            [limit],
        )
    )


# ---------------------------------------------------------------- maintenance-due report

DUE_SQL = """
SELECT e.serial, c.inn AS client_inn, e.name AS product, 'warranty_end' AS event, '' AS kind,
       e.warranty_end AS due, e.id AS equipment_id{extra}
FROM equipment e JOIN clients c ON c.id = e.client_id
WHERE e.warranty_end >= ? AND e.warranty_end < ? {owner}
UNION ALL
SELECT e.serial, c.inn, e.name, 'maintenance', m.kind, m.next_due, e.id{extra}
FROM equipment_maintenance m JOIN equipment e ON e.id = m.equipment_id
JOIN clients c ON c.id = e.client_id
WHERE m.next_due >= ? AND m.next_due < ? {owner}
ORDER BY due, equipment_id, event, kind
"""
DUE_DETAILS = ", c.name AS client, e.owner, e.responsible"


def maintenance_due(
    db: Database, start: date, end: date, owner: str = "", details: bool = False
) -> list[dict[str, Any]]:
    """Every control date in [start, end): each piece's warranty end and the next maintenance of
    each of its kinds — serial, client INN, product, event, kind, due and the piece's id (with
    `details`, also the client's name, the owner and the responsible person)."""
    clause, extra = ("AND e.owner = ?", [owner]) if owner else ("", [])
    sql = DUE_SQL.format(owner=clause, extra=DUE_DETAILS if details else "")
    params = [start.isoformat(), end.isoformat(), *extra] * 2
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    # the dicts built in C (map/zip/dict): at 70k dates a month, a Python loop was a third of it
    return list(map(dict, map(zip, repeat(names), cursor.fetchall())))


# ---------------------------------------------------------------- reminders


@dataclass
class RemindResult:
    """What one reminder run did: tasks created, open tasks raised to a nearer point (both
    notify the assignee), snoozes that ended, and open overdue tasks in all."""

    created: int = 0
    raised: int = 0
    woken: int = 0
    overdue: int = 0
    notified: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"created": self.created, "raised": self.raised, "woken": self.woken,
                "overdue": self.overdue}  # fmt: skip


CANDIDATES_SQL = """
SELECT e.id, 'warranty_end', '', e.warranty_end, COALESCE(e.responsible, e.manager)
FROM equipment e
WHERE e.warranty_end >= ? AND e.warranty_end <= ?
  AND (e.owner = 'ours' OR e.responsible IS NOT NULL)
UNION ALL
SELECT e.id, 'maintenance', m.kind, m.next_due, COALESCE(e.responsible, e.manager)
FROM equipment_maintenance m JOIN equipment e ON e.id = m.equipment_id
WHERE m.next_due >= ? AND m.next_due <= ?
  AND (e.owner = 'ours' OR e.responsible IS NOT NULL)
"""


def run_reminders(
    db: Database,
    today: date,
    points: Iterable[int] | None = None,
    overdue_days: int | None = None,
    mailer: Callable[[Database, list[dict[str, Any]]], None] | None = None,
) -> RemindResult:
    """Raise the tasks of control dates that reached a reminder point (default 30 and 7 days
    before) or passed (overdue): one task per (piece, event, kind, due date), so running it
    twice creates nothing new; an open task moving to a nearer point is raised again once.
    `mailer` queues the e-mails to the assignees inside this transaction."""
    points = (
        tuple(points)
        if points is not None
        else parse_reminder_days(get_setting(db, "reminder_days"))
    )
    if overdue_days is None:
        overdue_days = int(get_setting(db, "reminder_overdue_days"))
    result = RemindResult()
    first = max(points, default=0)
    lo = (today - timedelta(days=overdue_days)).isoformat()
    hi = (today + timedelta(days=first)).isoformat()
    now = to_stored(utcnow())
    with write_tx(db):
        woken = db.execute(
            "UPDATE equipment_tasks SET status = 'open', snoozed_until = NULL "
            "WHERE status = 'snoozed' AND snoozed_until <= ?",
            [today.isoformat()],
        )
        result.woken = woken.rowcount
        existing = {
            (eid, event, kind, due): (tid, status, point)
            for tid, eid, event, kind, due, status, point in db.execute(
                "SELECT id, equipment_id, event, kind, due, status, point FROM equipment_tasks "
                "WHERE due >= ? AND due <= ?",
                [lo, hi],
            )
        }
        for eid, event, kind, due, assignee in db.execute(
            CANDIDATES_SQL, [lo, hi, lo, hi]
        ).fetchall():
            point = reminder_point(date.fromisoformat(due), today, points)
            if point is None:
                continue
            known = existing.get((eid, event, kind, due))
            if known is None:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO equipment_tasks (equipment_id, event, kind, due, "
                    "assignee, status, point, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)",
                    [eid, event, kind, due, assignee, point, now],
                )
                if cursor.rowcount:
                    result.created += 1
                    result.notified.append({"task": cursor.lastrowid, "equipment_id": eid,
                                            "event": event, "kind": kind, "due": due,
                                            "assignee": assignee, "point": point})  # fmt: skip
                continue
            tid, status, old = known
            if status == TASK_OPEN and old is not None and point < old:
                db.execute("UPDATE equipment_tasks SET point = ? WHERE id = ?", [point, tid])
                result.raised += 1
                result.notified.append({"task": tid, "equipment_id": eid, "event": event,
                                        "kind": kind, "due": due, "assignee": assignee,
                                        "point": point})  # fmt: skip
        result.overdue = db.execute(
            "SELECT COUNT(*) FROM equipment_tasks WHERE status = 'open' AND due < ?",
            [today.isoformat()],
        ).fetchone()[0]
        if mailer is not None and result.notified:
            mailer(db, result.notified)
        write_audit(db, "system", "equipment.remind", today.isoformat(), **result.to_json())
    return result


def list_tasks(
    db: Database, today: date, assignee: str | None = None, status: str = "active"
) -> list[dict[str, Any]]:
    """Tasks of one person (or everyone): active (open and snoozed) or done, soonest first."""
    where, params = [], []
    if status == "active":
        where.append("t.status != 'done'")
    else:
        where.append("t.status = 'done'")
    if assignee:
        where.append("t.assignee = ?")
        params.append(assignee)
    rows = list(
        db.query(
            "SELECT t.id, t.event, t.kind, t.due, t.assignee, t.status, t.point, t.snoozed_until, "
            "t.done_at, t.note, e.id AS equipment_id, e.name AS product, e.serial, e.owner, "
            "c.name AS client, c.inn AS client_inn FROM equipment_tasks t "
            "JOIN equipment e ON e.id = t.equipment_id JOIN clients c ON c.id = e.client_id "
            f"WHERE {' AND '.join(where)} ORDER BY t.due, t.id LIMIT 5000",
            params,
        )
    )
    for row in rows:
        row["overdue"] = row["status"] == TASK_OPEN and row["due"] < today.isoformat()
    return rows


def task_counts(db: Database, today: date) -> list[dict[str, Any]]:
    """Per assignee: open, overdue and snoozed tasks (the tasks page's summary)."""
    return list(
        db.query(
            "SELECT COALESCE(assignee, '') AS assignee, "
            "SUM(status = 'open') AS open, SUM(status = 'open' AND due < ?) AS overdue, "
            "SUM(status = 'snoozed') AS snoozed FROM equipment_tasks WHERE status != 'done' "
            "GROUP BY 1 ORDER BY overdue DESC, open DESC",
            [today.isoformat()],
        )
    )


def _task_for_actor(db: Database, actor: Actor, task_id: int) -> dict[str, Any]:
    rows = list(db.query(
        "SELECT t.*, e.client_id FROM equipment_tasks t JOIN equipment e ON e.id = t.equipment_id "
        "WHERE t.id = ?", [task_id]))  # fmt: skip
    if not rows:
        raise EquipmentError("unknown_task")
    task = rows[0]
    enforce(db, actor, EquipmentAction.SEE_EQUIPMENT)  # type: ignore[arg-type]
    if actor.role not in (Role.HEAD, Role.ADMIN) and task["assignee"] != actor.login:
        write_audit(db, actor.login, "permission.denied", "equipment.task", task=task_id)
        raise EquipmentError("not_your_task")
    return task


def complete_task(db: Database, actor: Actor, task_id: int, note: str = "") -> bool:
    """Mark a reminder done (its assignee, the head or an admin); False when it already was."""
    with write_tx(db):
        task = _task_for_actor(db, actor, task_id)
        if task["status"] == TASK_DONE:
            return False
        db.execute(
            "UPDATE equipment_tasks SET status = 'done', done_at = ?, done_by = ?, note = ? "
            "WHERE id = ?",
            [to_stored(utcnow()), actor.login, note or None, task_id],
        )
        write_audit(db, actor.login, "equipment.task.done", str(task_id))
    return True


def snooze_task(db: Database, actor: Actor, task_id: int, until: date) -> None:
    """Put a reminder off until a day: it leaves the overdue count and comes back then."""
    with write_tx(db):
        task = _task_for_actor(db, actor, task_id)
        if task["status"] == TASK_DONE:
            raise EquipmentError("task_done")
        db.execute(
            "UPDATE equipment_tasks SET status = ?, snoozed_until = ? WHERE id = ?",
            [TASK_SNOOZED, until.isoformat(), task_id],
        )
        write_audit(db, actor.login, "equipment.task.snooze", str(task_id), until=str(until))


# ---------------------------------------------------------------- overview


def equipment_overview(db: Database, today: date) -> dict[str, Any]:
    """The overview card: maintenance due this month, warranties ending this month, overdue
    tasks, the top competitor by contract sums."""
    start = today.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    maintenance = db.execute(
        "SELECT COUNT(*) FROM equipment_maintenance WHERE next_due >= ? AND next_due < ?",
        [start.isoformat(), end.isoformat()],
    ).fetchone()[0]
    warranties = db.execute(
        "SELECT COUNT(*) FROM equipment WHERE owner = 'ours' AND warranty_end >= ? "
        "AND warranty_end < ?",
        [start.isoformat(), end.isoformat()],
    ).fetchone()[0]
    overdue = db.execute(
        "SELECT COUNT(*) FROM equipment_tasks WHERE status = 'open' AND due < ?",
        [today.isoformat()],
    ).fetchone()[0]
    top = db.execute(
        "SELECT k.name, SUM(t.price_kop) FROM tenders t JOIN competitors k ON k.id = t.competitor_id "
        "WHERE t.ours = 0 GROUP BY k.id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    pieces = db.execute("SELECT COUNT(*) FROM equipment").fetchone()[0]
    return {
        "pieces": pieces,
        "maintenance_month": maintenance,
        "warranty_month": warranties,
        "overdue_tasks": overdue,
        "top_competitor": top[0] if top else "",
        "top_competitor_kop": top[1] if top else 0,
    }


def has_equipment(db: Database) -> bool:
    """Whether the register or the tenders hold anything (the overview shows the card then)."""
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM equipment) OR EXISTS "
                           "(SELECT 1 FROM tenders)").fetchone()[0])  # fmt: skip


def owner_values() -> tuple[str, str]:
    """The owner codes in display order."""
    return (OWNER_OURS, OWNER_COMPETITOR)
