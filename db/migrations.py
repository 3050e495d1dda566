"""Numbered schema migrations (DESIGN §3), applied at every start; never edit an applied one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("qc")


@migrations()
def m001_foundation(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE organisations (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            inn TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('own', 'partner')),
            region TEXT
        );
        CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            name TEXT NOT NULL,
            position TEXT,
            hired_on TEXT,
            email TEXT
        );
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            login TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('manager', 'qc', 'head', 'admin', 'viewer')),
            password_hash TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            failed_count INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            staff_id INTEGER REFERENCES staff(id),
            created_at TEXT NOT NULL
        );
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            revoked_at TEXT,
            user_agent TEXT
        );
        CREATE INDEX sessions_user ON sessions(user_id);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            login TEXT,
            action TEXT NOT NULL,
            target TEXT,
            details TEXT
        );
        CREATE INDEX audit_log_at ON audit_log(at);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT
        );
        CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            inn TEXT UNIQUE,
            region TEXT,
            segment TEXT
        );
        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT,
            price_kop INTEGER,
            warranty_months INTEGER,
            maintenance_months INTEGER
        );
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            file_name TEXT,
            file_hash TEXT,
            at TEXT NOT NULL,
            login TEXT,
            rows INTEGER NOT NULL DEFAULT 0,
            imported INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX imports_hash ON imports(kind, file_hash);
        CREATE TABLE import_rejects (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL REFERENCES imports(id),
            row INTEGER,
            "column" TEXT,
            reason TEXT NOT NULL,
            "values" TEXT
        );
        CREATE INDEX import_rejects_import ON import_rejects(import_id);
        """
    )


@migrations()
def m002_requests(db: Database) -> None:
    """Requests with durations and buckets stored at write time, and a rollup kept by triggers."""
    db.executescript(
        """
        CREATE TABLE requests (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            org TEXT NOT NULL DEFAULT '',
            line TEXT NOT NULL DEFAULT '',
            client TEXT NOT NULL DEFAULT '',
            specialist TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            assigned_at TEXT,
            first_reply_at TEXT,
            closed_at TEXT,
            rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
            rating_comment TEXT,
            status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
            created_day TEXT NOT NULL,
            wait_s REAL,
            reaction_s REAL,
            resolution_s REAL,
            wait_b TEXT NOT NULL DEFAULT '',
            reaction_b TEXT NOT NULL DEFAULT '',
            resolution_b TEXT NOT NULL DEFAULT '',
            rating_b TEXT NOT NULL DEFAULT 'none',
            updated_at TEXT NOT NULL,
            import_id INTEGER
        );
        CREATE INDEX requests_open ON requests(status, created_at) WHERE status = 'open';
        CREATE INDEX requests_day ON requests(created_day);
        CREATE INDEX requests_closed_at ON requests(closed_at);
        CREATE TABLE request_rollup (
            day TEXT NOT NULL,
            org TEXT NOT NULL,
            line TEXT NOT NULL,
            specialist TEXT NOT NULL,
            wait_b TEXT NOT NULL,
            reaction_b TEXT NOT NULL,
            resolution_b TEXT NOT NULL,
            rating_b TEXT NOT NULL,
            n INTEGER NOT NULL,
            rating_sum INTEGER NOT NULL,
            PRIMARY KEY (day, org, line, specialist, wait_b, reaction_b, resolution_b, rating_b)
        ) WITHOUT ROWID;
        CREATE TRIGGER requests_rollup_ins AFTER INSERT ON requests WHEN NEW.status = 'closed'
        BEGIN
            INSERT INTO request_rollup VALUES (NEW.created_day, NEW.org, NEW.line, NEW.specialist,
                NEW.wait_b, NEW.reaction_b, NEW.resolution_b, NEW.rating_b, 1, COALESCE(NEW.rating, 0))
            ON CONFLICT DO UPDATE SET n = n + 1, rating_sum = rating_sum + excluded.rating_sum;
        END;
        CREATE TRIGGER requests_rollup_del AFTER DELETE ON requests WHEN OLD.status = 'closed'
        BEGIN
            UPDATE request_rollup SET n = n - 1, rating_sum = rating_sum - COALESCE(OLD.rating, 0)
            WHERE day = OLD.created_day AND org = OLD.org AND line = OLD.line
              AND specialist = OLD.specialist AND wait_b = OLD.wait_b
              AND reaction_b = OLD.reaction_b AND resolution_b = OLD.resolution_b
              AND rating_b = OLD.rating_b;
        END;
        CREATE TRIGGER requests_rollup_upd_old AFTER UPDATE ON requests WHEN OLD.status = 'closed'
        BEGIN
            UPDATE request_rollup SET n = n - 1, rating_sum = rating_sum - COALESCE(OLD.rating, 0)
            WHERE day = OLD.created_day AND org = OLD.org AND line = OLD.line
              AND specialist = OLD.specialist AND wait_b = OLD.wait_b
              AND reaction_b = OLD.reaction_b AND resolution_b = OLD.resolution_b
              AND rating_b = OLD.rating_b;
        END;
        CREATE TRIGGER requests_rollup_upd_new AFTER UPDATE ON requests WHEN NEW.status = 'closed'
        BEGIN
            INSERT INTO request_rollup VALUES (NEW.created_day, NEW.org, NEW.line, NEW.specialist,
                NEW.wait_b, NEW.reaction_b, NEW.resolution_b, NEW.rating_b, 1, COALESCE(NEW.rating, 0))
            ON CONFLICT DO UPDATE SET n = n + 1, rating_sum = rating_sum + excluded.rating_sum;
        END;
        CREATE TABLE connect_events (
            key TEXT PRIMARY KEY,
            treatment_id TEXT NOT NULL,
            message_type INTEGER NOT NULL,
            at TEXT NOT NULL,
            payload TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        CREATE INDEX connect_events_treatment ON connect_events(treatment_id, at);
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('wait_warning', 'missed', 'low_rating', 'lead_pending')),
            request_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            details TEXT,
            acked_at TEXT,
            acked_by TEXT,
            UNIQUE (kind, request_id)
        );
        CREATE INDEX alerts_open ON alerts(acked_at, created_at);
        CREATE TABLE qc_tasks (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            request_id TEXT NOT NULL,
            alert_id INTEGER REFERENCES alerts(id),
            created_at TEXT NOT NULL,
            assignee TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
            note TEXT,
            UNIQUE (kind, request_id)
        );
        CREATE TABLE leads (
            id TEXT PRIMARY KEY,
            offer TEXT NOT NULL,
            client TEXT NOT NULL DEFAULT '',
            org TEXT NOT NULL DEFAULT '',
            manager TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('new', 'in_work', 'done', 'refused')),
            first_contact_at TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX leads_created ON leads(created_at);
        CREATE TABLE calendar_weekly (
            weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
            start TEXT NOT NULL,
            "end" TEXT NOT NULL,
            PRIMARY KEY (weekday, start)
        );
        CREATE TABLE calendar_days (
            day TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('holiday', 'short', 'workday')),
            intervals TEXT
        );
        """
    )


@migrations()
def m004_ratings_index(db: Database) -> None:
    """Rated closed requests by creation day: the ratings distribution and low-ratings list (H6)."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS requests_rated "
        "ON requests(created_day, rating, org, line, specialist, status) "
        "WHERE status = 'closed' AND rating IS NOT NULL"
    )


@migrations()
def m006_closed_rating_index(db: Database) -> None:
    """Closed-at with the rating: the monitor's «today» counts read only the index (H4, bench b).

    Rows closed today were created over many days, so with the rating outside the index each
    one is a table page read: 33 ms with a year of 1M requests against 3 ms with 10k. The new
    index also serves every closed_at range the old one did, so the old one goes.
    """
    db.execute("CREATE INDEX IF NOT EXISTS requests_closed_rating ON requests(closed_at, rating)")
    db.execute("DROP INDEX IF EXISTS requests_closed_at")


@migrations()
def m008_rollup_in_code(db: Database) -> None:
    """The rollup is kept by db.requests.upsert_requests in one grouped write per batch."""
    for trigger in ("ins", "del", "upd_old", "upd_new"):
        db.execute(f"DROP TRIGGER IF EXISTS requests_rollup_{trigger}")


@migrations()
def m009_callback_done_at(db: Database) -> None:
    """When a QC callback task was closed (its outcome goes to `note`)."""
    db.execute("ALTER TABLE qc_tasks ADD COLUMN done_at TEXT")


@migrations()
def m100_jobs_and_mail(db: Database) -> None:
    """Background jobs (lease, last run), the mail outbox, users' e-mail and chosen events (issue 10)."""
    db.executescript(
        """
        CREATE TABLE jobs (
            name TEXT PRIMARY KEY,
            known_since TEXT NOT NULL,
            lease_owner TEXT,
            lease_until TEXT,
            last_started TEXT,
            last_finished TEXT,
            last_duration_s REAL,
            last_result TEXT,
            last_error TEXT,
            last_error_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            runs INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE job_runs (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            owner TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            ok INTEGER NOT NULL,
            result TEXT
        );
        CREATE INDEX job_runs_name ON job_runs(name, started_at);
        ALTER TABLE users ADD COLUMN email TEXT;
        ALTER TABLE users ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE user_events (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            event TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            PRIMARY KEY (user_id, event)
        );
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            event TEXT NOT NULL,
            login TEXT NOT NULL,
            email TEXT NOT NULL,
            subject TEXT,
            body TEXT,
            params TEXT,
            link TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'held', 'sent', 'digested', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            sent_at TEXT,
            last_error TEXT,
            digest_id INTEGER REFERENCES outbox(id)
        );
        CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
        CREATE INDEX outbox_held ON outbox(login) WHERE status = 'held';
        """
    )


@migrations()
def m050_connect_sessions(db: Database) -> None:
    """Remote-access sessions and calls finished (their end or failure events), and requests
    closed as stale (no event for days; kept out of the statistics, close time unknown)."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS connect_sessions (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('remote', 'call')),
            treatment_id TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            day TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
            code INTEGER NOT NULL,
            seconds REAL,
            specialist TEXT NOT NULL DEFAULT '',
            client TEXT NOT NULL DEFAULT '',
            line TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX IF NOT EXISTS connect_sessions_day ON connect_sessions(kind, day);
        CREATE TABLE IF NOT EXISTS request_stale (
            id TEXT PRIMARY KEY,
            at TEXT NOT NULL,
            login TEXT NOT NULL,
            last_event_at TEXT
        );
        """
    )


@migrations()
def m051_coarse_rollup(db: Database) -> None:
    """A per-day rollup without lines, specialists or organisations (about 55 rows a day): a
    year's unfiltered statistics read ~20k rows instead of the fine rollup's ~480k. Statistics
    count closed requests with a known close time only (a stale close has none)."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS request_rollup_day (
            day TEXT NOT NULL,
            wait_b TEXT NOT NULL,
            reaction_b TEXT NOT NULL,
            resolution_b TEXT NOT NULL,
            rating_b TEXT NOT NULL,
            n INTEGER NOT NULL,
            rating_sum INTEGER NOT NULL,
            PRIMARY KEY (day, wait_b, reaction_b, resolution_b, rating_b)
        ) WITHOUT ROWID;
        """
    )
    from db.requests import rebuild_rollup

    rebuild_rollup(db)


@migrations()
def m052_connect_rebuild(db: Database) -> None:
    """Requests and sessions from the stored 1C-Connect events again, by the rules of DESIGN §5.2
    (true start, close known from a rating, current specialist)."""
    from db.connect import rebuild_all_from_events

    rebuild_all_from_events(db)


@migrations()
def m053_request_dimensions(db: Database) -> None:
    """The organisations, lines and specialists that have closed requests, for the report filters:
    a DISTINCT over the fine rollup took 0.8 s with a year of 1M requests."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS request_dims (dim TEXT NOT NULL, value TEXT NOT NULL, "
        "PRIMARY KEY (dim, value)) WITHOUT ROWID"
    )
    from db.requests import rebuild_dimensions

    rebuild_dimensions(db)


@migrations()
def m090_import_framework(db: Database) -> None:
    """Imports that failed (with why), the sheet read, rejects counted by reason beyond those kept,
    and hand mappings saved per kind and header signature (issue 9)."""
    db.execute("ALTER TABLE imports ADD COLUMN error TEXT")
    db.execute("ALTER TABLE imports ADD COLUMN sheet TEXT")
    db.execute("ALTER TABLE imports ADD COLUMN rejects_by_reason TEXT")
    db.execute(
        "CREATE TABLE IF NOT EXISTS import_mappings (kind TEXT NOT NULL, signature TEXT NOT NULL, "
        "mapping TEXT NOT NULL, header TEXT, saved_at TEXT NOT NULL, login TEXT, "
        "PRIMARY KEY (kind, signature))"
    )


@migrations()
def m200_deals(db: Database) -> None:
    """Deals funnel with the conditional-refusal gate and CRM hygiene data (issue 12, seed 002/001).

    Client extras live beside `clients` (no foreign keys to it: the demo refill clears it first);
    money in kopecks as elsewhere; next task, last contact and which contact fields a client's
    contacts fill (contact_flags: 1 name, 2 role, 4 phone, 8 e-mail) kept on the row for the
    hygiene report's single pass; the refusals report reads one covering index."""
    db.executescript(
        """
        CREATE TABLE client_details (
            client_id INTEGER PRIMARY KEY,
            manager TEXT NOT NULL DEFAULT '',
            industry TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            contact_flags INTEGER NOT NULL DEFAULT 0,
            last_contact_at TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX client_details_manager ON client_details(manager);
        CREATE TABLE client_contacts (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX client_contacts_client ON client_contacts(client_id);
        CREATE TABLE deals (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            client_id INTEGER,
            manager TEXT NOT NULL DEFAULT '',
            stage TEXT NOT NULL CHECK (stage IN ('new', 'in_work', 'proposal',
                'conditional_refusal', 'closed_lost', 'won')),
            source_system TEXT NOT NULL DEFAULT 'table',
            source_stage TEXT NOT NULL DEFAULT '',
            amount_kop INTEGER,
            lead_source TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            stage_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            closed_at TEXT,
            next_task_due TEXT,
            loss_reason TEXT NOT NULL DEFAULT '',
            loss_comment TEXT NOT NULL DEFAULT '',
            import_id INTEGER
        );
        CREATE INDEX deals_manager_stage ON deals(manager, stage);
        CREATE INDEX deals_stage ON deals(stage, stage_at);
        CREATE INDEX deals_client ON deals(client_id);
        CREATE TABLE deal_items (
            deal_id TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
            line INTEGER NOT NULL,
            product TEXT NOT NULL DEFAULT '',
            quantity REAL,
            price_kop INTEGER,
            amount_kop INTEGER,
            PRIMARY KEY (deal_id, line)
        );
        CREATE TABLE deal_tasks (
            id INTEGER PRIMARY KEY,
            deal_id TEXT REFERENCES deals(id) ON DELETE CASCADE,
            client_id INTEGER,
            manager TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            due_at TEXT,
            done_at TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX deal_tasks_open ON deal_tasks(manager, due_at) WHERE done_at IS NULL;
        CREATE INDEX deal_tasks_deal ON deal_tasks(deal_id);
        CREATE TABLE deal_activities (
            id INTEGER PRIMARY KEY,
            client_id INTEGER,
            deal_id TEXT REFERENCES deals(id) ON DELETE CASCADE,
            manager TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'note',
            at TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX deal_activities_deal ON deal_activities(deal_id, at);
        CREATE INDEX deal_activities_client ON deal_activities(client_id, at);
        CREATE TABLE deal_refusals (
            id INTEGER PRIMARY KEY,
            deal_id TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
            manager TEXT NOT NULL,
            reason TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            amount_kop INTEGER,
            refused_at TEXT NOT NULL,
            refused_by TEXT NOT NULL,
            outcome TEXT CHECK (outcome IS NULL OR outcome IN ('confirmed', 'returned')),
            verified_at TEXT,
            verified_by TEXT,
            client_reason TEXT NOT NULL DEFAULT '',
            verify_comment TEXT NOT NULL DEFAULT '',
            to_manager TEXT
        );
        CREATE INDEX deal_refusals_deal ON deal_refusals(deal_id);
        CREATE INDEX deal_refusals_waiting ON deal_refusals(refused_at) WHERE outcome IS NULL;
        CREATE INDEX deal_refusals_verified ON deal_refusals(verified_at);
        CREATE INDEX deal_refusals_report ON deal_refusals(manager, reason, client_reason, outcome,
            amount_kop, refused_at);
        CREATE INDEX deal_refusals_returned ON deal_refusals(refused_at, deal_id)
            WHERE outcome = 'returned';
        CREATE TABLE deal_history (
            id INTEGER PRIMARY KEY,
            deal_id TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            login TEXT,
            from_stage TEXT,
            to_stage TEXT NOT NULL,
            manager TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            comment TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX deal_history_deal ON deal_history(deal_id, at);
        CREATE INDEX deal_history_at ON deal_history(at);
        CREATE TABLE deal_reasons (
            name TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE deal_stage_map (
            system TEXT NOT NULL,
            source_stage TEXT NOT NULL,
            stage TEXT NOT NULL,
            PRIMARY KEY (system, source_stage)
        );
        CREATE TABLE deal_config (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )
    from core.deals import DEFAULT_REASONS

    db.conn.executemany(
        "INSERT INTO deal_reasons (name, position) VALUES (?, ?)",
        [(name, index) for index, name in enumerate(DEFAULT_REASONS)],
    )


@migrations()
def m201_refusal_late_notice(db: Database) -> None:
    """When QC was told a refusal passed the queue's target (the job tells once per refusal)."""
    db.execute("ALTER TABLE deal_refusals ADD COLUMN late_notified_at TEXT")


def migrate(db: Database) -> None:
    """Apply every pending migration."""
    migrations.apply(db)


@migrations()
def m300_equipment(db: Database) -> None:
    """Customers' equipment, shipments, tenders, competitors, reminders, telemarketing (seed 003).

    Money in kopecks, days as ISO text. `equipment.warranty_end` and
    `equipment_maintenance.next_due` are the control dates, kept up to date by db/equipment.py
    (ship date + months unless set by hand) so a report over a million pieces is an index range.
    """
    db.executescript(
        """
        ALTER TABLE clients ADD COLUMN kpp TEXT;
        ALTER TABLE clients ADD COLUMN source TEXT;
        ALTER TABLE products ADD COLUMN okpd2 TEXT;
        CREATE TABLE product_maintenance (
            id INTEGER PRIMARY KEY,
            product_id INTEGER NOT NULL REFERENCES products(id),
            kind TEXT NOT NULL,
            interval_months INTEGER NOT NULL,
            UNIQUE (product_id, kind)
        );
        CREATE TABLE competitors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            inn TEXT UNIQUE,
            kpp TEXT,
            name_key TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'manual',
            created_at TEXT NOT NULL
        );
        CREATE INDEX competitors_name_key ON competitors(name_key);
        CREATE TABLE shipments (
            id INTEGER PRIMARY KEY,
            line_key TEXT NOT NULL UNIQUE,
            doc_no TEXT NOT NULL,
            doc_date TEXT NOT NULL,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            quantity REAL NOT NULL,
            amount_kop INTEGER,
            manager TEXT,
            serials TEXT,
            import_id INTEGER REFERENCES imports(id)
        );
        CREATE INDEX shipments_client ON shipments(client_id, doc_date);
        CREATE INDEX shipments_date ON shipments(doc_date);
        CREATE TABLE tenders (
            id INTEGER PRIMARY KEY,
            tender_key TEXT NOT NULL UNIQUE,
            registry_number TEXT,
            contract_number TEXT,
            law TEXT,
            day TEXT,
            status TEXT,
            customer_name TEXT,
            customer_inn TEXT,
            customer_inn_ok INTEGER NOT NULL DEFAULT 0,
            customer_kpp TEXT,
            client_id INTEGER REFERENCES clients(id),
            client_match TEXT,
            match_confirmed INTEGER NOT NULL DEFAULT 0,
            winner_name TEXT,
            winner_inn TEXT,
            winner_inn_ok INTEGER NOT NULL DEFAULT 0,
            winner_kpp TEXT,
            competitor_id INTEGER REFERENCES competitors(id),
            ours INTEGER NOT NULL DEFAULT 0,
            nmck_kop INTEGER,
            price_kop INTEGER,
            import_id INTEGER REFERENCES imports(id)
        );
        CREATE INDEX tenders_competitor ON tenders(competitor_id);
        CREATE INDEX tenders_client ON tenders(client_id);
        CREATE INDEX tenders_day ON tenders(day);
        CREATE TABLE tender_items (
            id INTEGER PRIMARY KEY,
            tender_id INTEGER NOT NULL REFERENCES tenders(id),
            line_no INTEGER NOT NULL,
            name TEXT,
            okpd2 TEXT,
            quantity REAL,
            unit TEXT,
            price_kop INTEGER,
            amount_kop INTEGER,
            alloc_kop INTEGER,
            segment TEXT,
            UNIQUE (tender_id, line_no)
        );
        CREATE TABLE equipment (
            id INTEGER PRIMARY KEY,
            unit_key TEXT NOT NULL UNIQUE,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            owner TEXT NOT NULL CHECK (owner IN ('ours', 'competitor')),
            competitor_id INTEGER REFERENCES competitors(id),
            product_id INTEGER REFERENCES products(id),
            name TEXT NOT NULL,
            kind TEXT,
            serial TEXT,
            quantity REAL NOT NULL DEFAULT 1,
            okpd2 TEXT,
            year_made INTEGER,
            components TEXT,
            contacts TEXT,
            ship_date TEXT,
            warranty_months INTEGER,
            warranty_end_set TEXT,
            warranty_end TEXT,
            warranty_estimated INTEGER NOT NULL DEFAULT 0,
            service_contract_until TEXT,
            last_repair TEXT,
            responsible TEXT,
            manager TEXT,
            shipment_id INTEGER REFERENCES shipments(id),
            tender_id INTEGER REFERENCES tenders(id),
            amount_kop INTEGER,
            source TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT
        );
        CREATE INDEX equipment_client ON equipment(client_id);
        CREATE INDEX equipment_warranty_end ON equipment(warranty_end);
        CREATE INDEX equipment_product ON equipment(product_id);
        CREATE TABLE equipment_maintenance (
            equipment_id INTEGER NOT NULL REFERENCES equipment(id),
            kind TEXT NOT NULL,
            interval_months INTEGER NOT NULL,
            last_done TEXT,
            next_due TEXT,
            PRIMARY KEY (equipment_id, kind)
        ) WITHOUT ROWID;
        CREATE INDEX equipment_maintenance_due ON equipment_maintenance(next_due);
        CREATE TABLE equipment_tasks (
            id INTEGER PRIMARY KEY,
            equipment_id INTEGER NOT NULL REFERENCES equipment(id),
            event TEXT NOT NULL CHECK (event IN ('warranty_end', 'maintenance')),
            kind TEXT NOT NULL DEFAULT '',
            due TEXT NOT NULL,
            assignee TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'snoozed')),
            point INTEGER,
            snoozed_until TEXT,
            created_at TEXT NOT NULL,
            done_at TEXT,
            done_by TEXT,
            note TEXT,
            UNIQUE (equipment_id, event, kind, due)
        );
        CREATE INDEX equipment_tasks_assignee ON equipment_tasks(assignee, status, due);
        CREATE TABLE tm_campaigns (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            source TEXT NOT NULL,
            criteria TEXT,
            assignee TEXT,
            assignee_role TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT,
            closed_at TEXT
        );
        CREATE TABLE tm_calls (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES tm_campaigns(id),
            client_id INTEGER NOT NULL REFERENCES clients(id),
            equipment_id INTEGER REFERENCES equipment(id),
            assignee TEXT,
            outcome TEXT CHECK (outcome IN ('ok', 'service', 'critical')),
            callback_on TEXT,
            comment TEXT,
            called_at TEXT,
            called_by TEXT,
            UNIQUE (campaign_id, client_id, equipment_id)
        );
        CREATE INDEX tm_calls_assignee ON tm_calls(assignee, campaign_id);
        CREATE TABLE equipment_opportunities (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            equipment_id INTEGER REFERENCES equipment(id),
            call_id INTEGER UNIQUE REFERENCES tm_calls(id),
            manager TEXT,
            title TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            created_at TEXT NOT NULL
        );
        """
    )


@migrations()
def m101_shopper(db: Database) -> None:
    """Checklists and evaluations (DESIGN §5.1): versioned templates, campaigns, marks, disputes,
    calibration sessions; the PBX call log with extensions mapped to staff (issue 11)."""
    db.executescript(
        """
        CREATE TABLE shopper_templates (
            id INTEGER PRIMARY KEY,
            family TEXT NOT NULL,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            fail_gross INTEGER NOT NULL DEFAULT 1,
            fail_errors INTEGER NOT NULL DEFAULT 3,
            builtin INTEGER NOT NULL DEFAULT 0,
            current INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by TEXT,
            UNIQUE (family, version)
        );
        CREATE TABLE shopper_criteria (
            template_id INTEGER NOT NULL REFERENCES shopper_templates(id),
            position INTEGER NOT NULL,
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            grp TEXT NOT NULL DEFAULT '',
            severity TEXT NOT NULL CHECK (severity IN ('gross', 'error')),
            weight REAL NOT NULL DEFAULT 1,
            PRIMARY KEY (template_id, code)
        ) WITHOUT ROWID;
        CREATE TABLE shopper_campaigns (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            family TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'shopper' CHECK (kind IN ('shopper', 'internal')),
            created_at TEXT NOT NULL
        );
        CREATE TABLE shopper_letters (
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            campaign_id INTEGER NOT NULL REFERENCES shopper_campaigns(id),
            letter_on TEXT NOT NULL,
            PRIMARY KEY (org_id, campaign_id)
        );
        CREATE TABLE calibration_sessions (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            call_ref TEXT NOT NULL DEFAULT '',
            campaign_id INTEGER REFERENCES shopper_campaigns(id),
            created_at TEXT NOT NULL,
            created_by TEXT,
            UNIQUE (campaign_id, call_ref)
        );
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            started_at TEXT NOT NULL,
            day TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'internal')),
            caller TEXT NOT NULL DEFAULT '',
            callee TEXT NOT NULL DEFAULT '',
            extension TEXT NOT NULL DEFAULT '',
            rung TEXT NOT NULL DEFAULT '',
            answered INTEGER NOT NULL,
            talk_s INTEGER NOT NULL,
            pickup_s INTEGER,
            legs INTEGER NOT NULL DEFAULT 1,
            recording TEXT NOT NULL DEFAULT '',
            import_id INTEGER
        );
        CREATE INDEX calls_day ON calls(day, direction);
        CREATE INDEX calls_caller ON calls(caller, started_at);
        CREATE TABLE phone_extensions (
            extension TEXT PRIMARY KEY,
            staff_id INTEGER NOT NULL REFERENCES staff(id)
        );
        CREATE TABLE evaluations (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES shopper_campaigns(id),
            round INTEGER NOT NULL DEFAULT 1,
            template_id INTEGER NOT NULL REFERENCES shopper_templates(id),
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            staff_id INTEGER REFERENCES staff(id),
            evaluator TEXT NOT NULL DEFAULT '',
            call_day TEXT NOT NULL,
            call_ref TEXT NOT NULL DEFAULT '',
            call_id INTEGER REFERENCES calls(id),
            recording TEXT NOT NULL DEFAULT '',
            calibration_id INTEGER REFERENCES calibration_sessions(id),
            is_reference INTEGER NOT NULL DEFAULT 0,
            gross INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'pass_with_improvements', 'fail')),
            score REAL,
            pickup_s INTEGER,
            kp_promised TEXT NOT NULL DEFAULT '',
            kp_sent TEXT NOT NULL DEFAULT '',
            called_back INTEGER,
            liked TEXT NOT NULL DEFAULT '[]',
            comment TEXT NOT NULL DEFAULT '',
            natural_key TEXT UNIQUE,
            import_id INTEGER,
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL,
            acknowledged_at TEXT
        );
        CREATE INDEX evaluations_report ON evaluations(calibration_id, campaign_id, round, verdict);
        CREATE INDEX evaluations_staff ON evaluations(staff_id, call_day);
        CREATE INDEX evaluations_call ON evaluations(call_id) WHERE call_id IS NOT NULL;
        CREATE TABLE evaluation_marks (
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            mark TEXT NOT NULL CHECK (mark IN ('done', 'missed', 'na')),
            comment TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (evaluation_id, code)
        ) WITHOUT ROWID;
        CREATE INDEX evaluation_marks_missed ON evaluation_marks(code, evaluation_id)
            WHERE mark = 'missed';
        CREATE TABLE evaluation_disputes (
            id INTEGER PRIMARY KEY,
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            comment TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            decision TEXT CHECK (decision IN ('keep', 'accept', 'other')),
            new_mark TEXT,
            decided_by TEXT,
            decided_at TEXT,
            decision_comment TEXT NOT NULL DEFAULT '',
            UNIQUE (evaluation_id, code)
        );
        """
    )
    from db.shopper import install_builtin_templates

    install_builtin_templates(db)


@migrations()
def m800_login_throttle(db: Database) -> None:
    """Failed logins counted per (login, client address): a growing delay instead of a lock of
    the account (issue 8); the account-wide counter and lock are no longer used."""
    db.executescript(
        """
        CREATE TABLE login_failures (
            login TEXT NOT NULL,
            address TEXT NOT NULL,
            failures INTEGER NOT NULL,
            last_failure TEXT NOT NULL,
            PRIMARY KEY (login, address)
        );
        UPDATE users SET failed_count = 0, locked_until = NULL;
        """
    )


@migrations()
def m054_connect_directory(db: Database) -> None:
    """GUID -> name of 1C-Connect lines, specialists and clients (with a client's INN, phone and
    contact person), from `sync connect` and from a CSV/xlsx import (issue 14)."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS connect_directory (
            kind TEXT NOT NULL CHECK (kind IN ('line', 'specialist', 'client')),
            guid TEXT NOT NULL,
            name TEXT NOT NULL,
            inn TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (kind, guid)
        ) WITHOUT ROWID
        """
    )


@migrations()
def m202_refusal_won_amount(db: Database) -> None:
    """The amount a returned refusal's deal was won for, kept on the refusal (db.deals.sync_won):
    «money returned and later won» then comes from the report's one covering-index pass instead
    of a lookup into 1M deals (0.70 s against a bare 0.09 s at 1M deals)."""
    db.executescript(
        """
        ALTER TABLE deal_refusals ADD COLUMN won_kop INTEGER;
        UPDATE deal_refusals SET won_kop = (
            SELECT d.amount_kop FROM deals d WHERE d.id = deal_refusals.deal_id AND d.stage = 'won')
        WHERE outcome = 'returned' AND id = (
            SELECT MAX(r.id) FROM deal_refusals r
            WHERE r.deal_id = deal_refusals.deal_id AND r.outcome = 'returned');
        DROP INDEX IF EXISTS deal_refusals_report;
        CREATE INDEX deal_refusals_report ON deal_refusals(manager, reason, client_reason, outcome,
            amount_kop, won_kop, refused_at);
        """
    )


@migrations()
def m055_sla_targets(db: Database) -> None:
    """SLA targets per line: minutes to the first reply and to the resolution ('' = every line
    without its own), issue 14."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS sla_targets (line TEXT PRIMARY KEY, first_reply_minutes "
        "INTEGER NOT NULL DEFAULT 0, resolution_minutes INTEGER NOT NULL DEFAULT 0, "
        "updated_at TEXT NOT NULL, login TEXT)"
    )


@migrations()
def m203_deals_hygiene_index(db: Database) -> None:
    """Open deals' hygiene fields in the manager index: report crm-hygiene reads the index alone
    (16 s at 1M deals on a busy machine when every open deal was a table lookup)."""
    db.executescript(
        """
        DROP INDEX IF EXISTS deals_manager_stage;
        CREATE INDEX deals_manager_stage ON deals(manager, stage, next_task_due, amount_kop,
            lead_source);
        """
    )


@migrations()
def m301_import_flags(db: Database) -> None:
    """Problems stored with their severity: a row left out (reject) or stored and flagged for a
    person to check (flag: a tender with no winner, a bad INN, a customer matched by name only),
    and each import's flagged count (issue 13)."""
    db.execute("ALTER TABLE imports ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE import_rejects ADD COLUMN severity TEXT NOT NULL DEFAULT 'reject'")
