/// The SQLite schema, one list of statements per version. Version `n` is `migrations[n - 1]`;
/// a new version appends a list and never edits an old one.
///
/// Integers are SQLite's signed 64-bit INTEGER: terminal ids (UInt32) fit, and sequences are
/// below 2^63. Tables are STRICT, so a value of the wrong type is refused, not converted.
enum SQLiteSchema {
    static let migrations: [[String]] = [
        // Version 1.
        [
            """
            CREATE TABLE journal (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                terminal INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                recorded_at INTEGER NOT NULL,
                received_at INTEGER NOT NULL,
                payload BLOB NOT NULL,
                UNIQUE (terminal, sequence)
            ) STRICT
            """,
            "CREATE INDEX journal_recorded_at ON journal (recorded_at)",
            """
            CREATE TABLE progress (
                terminal INTEGER PRIMARY KEY,
                stored_through INTEGER NOT NULL
            ) STRICT
            """,
            """
            CREATE TABLE terminals (
                id INTEGER PRIMARY KEY,
                public_key BLOB NOT NULL,
                label TEXT NOT NULL,
                enrolled_at INTEGER NOT NULL,
                revoked_at INTEGER,
                revocation_reason TEXT
            ) STRICT
            """,
            """
            CREATE TABLE nonces (
                terminal INTEGER NOT NULL,
                nonce TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (terminal, nonce)
            ) STRICT, WITHOUT ROWID
            """,
            "CREATE INDEX nonces_expires_at ON nonces (expires_at)",
            """
            CREATE TABLE users (
                name TEXT PRIMARY KEY,
                role TEXT NOT NULL,
                token_digest BLOB NOT NULL UNIQUE,
                created_at INTEGER NOT NULL
            ) STRICT
            """,
            """
            CREATE TABLE documents (
                kind TEXT NOT NULL,
                version INTEGER NOT NULL,
                body BLOB NOT NULL,
                published_at INTEGER NOT NULL,
                PRIMARY KEY (kind, version)
            ) STRICT
            """,
            """
            CREATE TABLE alarms (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                kind TEXT NOT NULL,
                terminal INTEGER,
                sequence INTEGER,
                detail TEXT NOT NULL
            ) STRICT
            """,
        ],
        // Version 2: signed documents; each version keeps the signed whole document beside the
        // step terminals fetch (NULL for versions published before documents were signed).
        ["ALTER TABLE documents ADD COLUMN snapshot BLOB"],
        // Version 3: members apart from the ledger (their newest state, their enrolment details),
        // projected from the journal up to `member_projection.position`.
        [
            """
            CREATE TABLE members (
                member TEXT PRIMARY KEY,
                state BLOB,
                state_time INTEGER,
                state_terminal INTEGER,
                state_sequence INTEGER,
                card TEXT,
                phone TEXT UNIQUE,
                details BLOB,
                referrer TEXT
            ) STRICT
            """,
            "CREATE TABLE member_projection (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL) STRICT",
            "INSERT INTO member_projection (id, position) VALUES (1, 0)",
            """
            CREATE TABLE reservations (
                terminal INTEGER NOT NULL,
                request TEXT NOT NULL,
                member TEXT NOT NULL,
                points INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (terminal, request)
            ) STRICT
            """,
            """
            CREATE TABLE adjustments (
                member TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                points INTEGER NOT NULL,
                reason TEXT NOT NULL,
                reference TEXT NOT NULL UNIQUE,
                PRIMARY KEY (member, sequence)
            ) STRICT
            """,
            "CREATE INDEX reservations_member ON reservations (member, used, expires_at)",
        ],
        // Version 4: sales and their refunds at any till, projected with the members; the parts of
        // sales held for refunds under way. `corrected`: the points settled onto the member for
        // the sale's refunds so far (`refund-excess:` adjustments). `sale_projection`: the journal
        // position they are projected through (from 0, so the sales stored before this version
        // are projected too; with the members' afterwards).
        [
            """
            CREATE TABLE sales (
                terminal INTEGER NOT NULL,
                sale_id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                member TEXT NOT NULL,
                card TEXT,
                day INTEGER NOT NULL,
                amount INTEGER NOT NULL,
                qualifying_spend INTEGER NOT NULL,
                bill_points INTEGER NOT NULL,
                bonus_points INTEGER NOT NULL,
                redeemed_points INTEGER NOT NULL,
                corrected INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (terminal, sale_id)
            ) STRICT
            """,
            "CREATE INDEX sales_sale_id ON sales (sale_id)",
            "CREATE INDEX sales_sequence ON sales (terminal, sequence)",
            """
            CREATE TABLE sale_refunds (
                terminal INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                refund_id TEXT NOT NULL,
                sale_terminal INTEGER NOT NULL,
                sale_id TEXT NOT NULL,
                sale_sequence INTEGER,
                member TEXT,
                amount INTEGER NOT NULL,
                taken_back INTEGER NOT NULL,
                returned INTEGER NOT NULL,
                PRIMARY KEY (terminal, sequence)
            ) STRICT
            """,
            "CREATE INDEX sale_refunds_sale ON sale_refunds (sale_terminal, sale_id)",
            """
            CREATE TABLE refund_reservations (
                terminal INTEGER NOT NULL,
                refund_id TEXT NOT NULL,
                sale_terminal INTEGER NOT NULL,
                sale_id TEXT NOT NULL,
                amount INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (terminal, refund_id)
            ) STRICT
            """,
            "CREATE INDEX refund_reservations_sale ON refund_reservations (sale_terminal, sale_id, used, expires_at)",
            "CREATE TABLE sale_projection (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL) STRICT",
            "INSERT INTO sale_projection (id, position) VALUES (1, 0)",
        ],
        // Version 5, the overview: the stores terminals are filed under (`terminals.store`, "" for none) and the
        // overview projection (`docs/backoffice-storage.md`, "Overview projection"): the members'
        // purchases, their refunds and reversals, and card states (balance, tier) of every
        // transaction not voided, each with its entry's time and its terminal's store (a sale marked
        // `shared` when another sale of the member has its sale id, `refunded` when a refund or a
        // reversal names it: the few the net sales look at one by one); the newest
        // state of each member overall and per store; the voids seen; the journal position it is
        // projected through (from 0, so what was stored before is projected too). `nps_answers`:
        // survey answers (0-10), from the tills' `survey` entries (projected with the overview,
        // source `T<terminal>-<sequence>`) and imported files (source `import:<digest>`).
        [
            "ALTER TABLE terminals ADD COLUMN store TEXT NOT NULL DEFAULT ''",
            """
            CREATE TABLE overview_sales (
                terminal INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                position INTEGER NOT NULL,
                store TEXT NOT NULL,
                member TEXT NOT NULL,
                time INTEGER NOT NULL,
                sale_id TEXT,
                amount INTEGER NOT NULL,
                earned INTEGER NOT NULL,
                redeemed INTEGER NOT NULL,
                shared INTEGER NOT NULL DEFAULT 0,
                refunded INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (terminal, sequence)
            ) STRICT
            """,
            "CREATE INDEX overview_sales_time ON overview_sales (time, member, store)",
            "CREATE INDEX overview_sales_store_time ON overview_sales (store, time, member)",
            "CREATE INDEX overview_sales_sale ON overview_sales (member, sale_id)",
            """
            CREATE TABLE overview_refunds (
                terminal INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                position INTEGER NOT NULL,
                store TEXT NOT NULL,
                member TEXT NOT NULL,
                sale_id TEXT NOT NULL,
                time INTEGER NOT NULL,
                reversal INTEGER NOT NULL,
                refunded INTEGER NOT NULL,
                PRIMARY KEY (terminal, sequence)
            ) STRICT
            """,
            "CREATE INDEX overview_refunds_sale ON overview_refunds (member, sale_id)",
            """
            CREATE TABLE overview_states (
                terminal INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                position INTEGER NOT NULL,
                store TEXT NOT NULL,
                member TEXT NOT NULL,
                time INTEGER NOT NULL,
                balance INTEGER NOT NULL,
                tier TEXT NOT NULL,
                PRIMARY KEY (terminal, sequence)
            ) STRICT
            """,
            "CREATE INDEX overview_states_member ON overview_states (member, time, terminal, sequence)",
            "CREATE INDEX overview_states_store_member ON overview_states (member, store, time, terminal, sequence)",
            """
            CREATE TABLE overview_latest (
                member TEXT PRIMARY KEY,
                time INTEGER NOT NULL,
                terminal INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                balance INTEGER NOT NULL,
                tier TEXT NOT NULL
            ) STRICT
            """,
            "CREATE INDEX overview_latest_time ON overview_latest (time)",
            """
            CREATE TABLE overview_store_latest (
                store TEXT NOT NULL,
                member TEXT NOT NULL,
                time INTEGER NOT NULL,
                terminal INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                balance INTEGER NOT NULL,
                tier TEXT NOT NULL,
                PRIMARY KEY (store, member)
            ) STRICT
            """,
            "CREATE INDEX overview_store_latest_time ON overview_store_latest (store, time)",
            """
            CREATE TABLE overview_voids (
                terminal INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (terminal, sequence)
            ) STRICT
            """,
            "CREATE TABLE overview_projection (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL) STRICT",
            "INSERT INTO overview_projection (id, position) VALUES (1, 0)",
            """
            CREATE TABLE nps_answers (
                source TEXT PRIMARY KEY,
                store TEXT NOT NULL,
                time INTEGER NOT NULL,
                score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
                comment TEXT NOT NULL
            ) STRICT
            """,
            "CREATE INDEX nps_answers_time ON nps_answers (time, store)",
        ],
        // Version 6, the console: users' password hashes, sessions (only the SHA-256 of their ids), failed
        // sign-ins (the rate limit), and the audit log, append-only (triggers refuse UPDATE and
        // DELETE) and chained by hashes (docs/console.md, "Audit log").
        [
            "ALTER TABLE users ADD COLUMN password_hash TEXT",
            """
            CREATE TABLE console_sessions (
                id_digest BLOB PRIMARY KEY,
                user TEXT NOT NULL,
                csrf_token TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            ) STRICT
            """,
            "CREATE INDEX console_sessions_user ON console_sessions (user)",
            "CREATE TABLE sign_in_failures (key TEXT NOT NULL, at INTEGER NOT NULL) STRICT",
            "CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at)",
            """
            CREATE TABLE audit_log (
                sequence INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            ) STRICT
            """,
            """
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
            """,
            """
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
            """,
        ],
        // Version 7, fleet and privacy: each terminal's latest status report (`terminal_status`, its JSON as
        // sent, the back office's clock at receipt); which journal positions are each member's
        // (`member_transactions`, projected from `member_index.position`, from 0 so that a store
        // upgraded to keep it indexes what it holds); consents given and withdrawn after enrolment
        // (`consent_events`); members whose personal details were erased (`erasures`).
        [
            """
            CREATE TABLE terminal_status (
                terminal INTEGER PRIMARY KEY,
                received_at INTEGER NOT NULL,
                report BLOB NOT NULL
            ) STRICT
            """,
            """
            CREATE TABLE member_transactions (
                member TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (member, position)
            ) STRICT, WITHOUT ROWID
            """,
            "CREATE TABLE member_index (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL) STRICT",
            "INSERT INTO member_index (id, position) VALUES (1, 0)",
            """
            CREATE TABLE consent_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                member TEXT NOT NULL,
                code TEXT NOT NULL,
                given INTEGER NOT NULL,
                at INTEGER NOT NULL,
                how TEXT NOT NULL,
                reason TEXT
            ) STRICT
            """,
            "CREATE INDEX consent_events_member ON consent_events (member, id)",
            """
            CREATE TABLE erasures (
                member TEXT PRIMARY KEY,
                at INTEGER NOT NULL,
                by TEXT NOT NULL,
                reason TEXT NOT NULL
            ) STRICT
            """,
        ],
    ]

    /// The newest schema version this program knows.
    static var knownVersion: Int { migrations.count }

    static let createVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER NOT NULL PRIMARY KEY,
            applied_at INTEGER NOT NULL
        ) STRICT
        """
}
