/// The PostgreSQL schema, one list of statements per version. Version `n` is
/// `migrations[n - 1]`; a new version appends a list and never edits an old one.
///
/// Integers are `bigint`: terminal ids (UInt32) fit, and sequences are below 2^63.
enum PostgresSchema {
    static let migrations: [[String]] = [
        // Version 1.
        [
            """
            CREATE TABLE journal (
                position bigserial PRIMARY KEY,
                terminal bigint NOT NULL,
                sequence bigint NOT NULL,
                recorded_at bigint NOT NULL,
                received_at bigint NOT NULL,
                payload bytea NOT NULL,
                UNIQUE (terminal, sequence)
            )
            """,
            "CREATE INDEX journal_recorded_at ON journal (recorded_at)",
            """
            CREATE TABLE progress (
                terminal bigint PRIMARY KEY,
                stored_through bigint NOT NULL
            )
            """,
            """
            CREATE TABLE terminals (
                id bigint PRIMARY KEY,
                public_key bytea NOT NULL,
                label text NOT NULL,
                enrolled_at bigint NOT NULL,
                revoked_at bigint,
                revocation_reason text
            )
            """,
            """
            CREATE TABLE nonces (
                terminal bigint NOT NULL,
                nonce text NOT NULL,
                expires_at bigint NOT NULL,
                PRIMARY KEY (terminal, nonce)
            )
            """,
            "CREATE INDEX nonces_expires_at ON nonces (expires_at)",
            """
            CREATE TABLE users (
                name text PRIMARY KEY,
                role text NOT NULL,
                token_digest bytea NOT NULL UNIQUE,
                created_at bigint NOT NULL
            )
            """,
            """
            CREATE TABLE documents (
                kind text NOT NULL,
                version bigint NOT NULL,
                body bytea NOT NULL,
                published_at bigint NOT NULL,
                PRIMARY KEY (kind, version)
            )
            """,
            """
            CREATE TABLE alarms (
                id bigserial PRIMARY KEY,
                at bigint NOT NULL,
                kind text NOT NULL,
                terminal bigint,
                sequence bigint,
                detail text NOT NULL
            )
            """,
        ],
        // Version 2: signed documents; each version keeps the signed whole document beside the
        // step terminals fetch (NULL for versions published before documents were signed).
        ["ALTER TABLE documents ADD COLUMN snapshot bytea"],
        // Version 3: members apart from the ledger (their newest state, their enrolment details),
        // projected from the journal up to `member_projection.position`.
        [
            """
            CREATE TABLE members (
                member text PRIMARY KEY,
                state bytea,
                state_time bigint,
                state_terminal bigint,
                state_sequence bigint,
                card text,
                phone text UNIQUE,
                details bytea,
                referrer text
            )
            """,
            "CREATE TABLE member_projection (id integer PRIMARY KEY CHECK (id = 1), position bigint NOT NULL)",
            "INSERT INTO member_projection (id, position) VALUES (1, 0)",
            """
            CREATE TABLE reservations (
                terminal bigint NOT NULL,
                request text NOT NULL,
                member text NOT NULL,
                points bigint NOT NULL,
                created_at bigint NOT NULL,
                expires_at bigint NOT NULL,
                used boolean NOT NULL DEFAULT false,
                PRIMARY KEY (terminal, request)
            )
            """,
            """
            CREATE TABLE adjustments (
                member text NOT NULL,
                sequence bigint NOT NULL,
                points bigint NOT NULL,
                reason text NOT NULL,
                reference text NOT NULL UNIQUE,
                PRIMARY KEY (member, sequence)
            )
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
                terminal bigint NOT NULL,
                sale_id text NOT NULL,
                sequence bigint NOT NULL,
                member text NOT NULL,
                card text,
                day bigint NOT NULL,
                amount bigint NOT NULL,
                qualifying_spend bigint NOT NULL,
                bill_points bigint NOT NULL,
                bonus_points bigint NOT NULL,
                redeemed_points bigint NOT NULL,
                corrected bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (terminal, sale_id)
            )
            """,
            "CREATE INDEX sales_sale_id ON sales (sale_id)",
            "CREATE INDEX sales_sequence ON sales (terminal, sequence)",
            """
            CREATE TABLE sale_refunds (
                terminal bigint NOT NULL,
                sequence bigint NOT NULL,
                refund_id text NOT NULL,
                sale_terminal bigint NOT NULL,
                sale_id text NOT NULL,
                sale_sequence bigint,
                member text,
                amount bigint NOT NULL,
                taken_back bigint NOT NULL,
                returned bigint NOT NULL,
                PRIMARY KEY (terminal, sequence)
            )
            """,
            "CREATE INDEX sale_refunds_sale ON sale_refunds (sale_terminal, sale_id)",
            """
            CREATE TABLE refund_reservations (
                terminal bigint NOT NULL,
                refund_id text NOT NULL,
                sale_terminal bigint NOT NULL,
                sale_id text NOT NULL,
                amount bigint NOT NULL,
                created_at bigint NOT NULL,
                expires_at bigint NOT NULL,
                used boolean NOT NULL DEFAULT false,
                PRIMARY KEY (terminal, refund_id)
            )
            """,
            "CREATE INDEX refund_reservations_sale ON refund_reservations (sale_terminal, sale_id, used, expires_at)",
            "CREATE TABLE sale_projection (id integer PRIMARY KEY CHECK (id = 1), position bigint NOT NULL)",
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
            "ALTER TABLE terminals ADD COLUMN store text NOT NULL DEFAULT ''",
            """
            CREATE TABLE overview_sales (
                terminal bigint NOT NULL,
                sequence bigint NOT NULL,
                position bigint NOT NULL,
                store text NOT NULL,
                member text NOT NULL,
                time bigint NOT NULL,
                sale_id text,
                amount bigint NOT NULL,
                earned bigint NOT NULL,
                redeemed bigint NOT NULL,
                shared bigint NOT NULL DEFAULT 0,
                refunded bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (terminal, sequence)
            )
            """,
            "CREATE INDEX overview_sales_time ON overview_sales (time, member, store)",
            "CREATE INDEX overview_sales_store_time ON overview_sales (store, time, member)",
            "CREATE INDEX overview_sales_sale ON overview_sales (member, sale_id)",
            """
            CREATE TABLE overview_refunds (
                terminal bigint NOT NULL,
                sequence bigint NOT NULL,
                position bigint NOT NULL,
                store text NOT NULL,
                member text NOT NULL,
                sale_id text NOT NULL,
                time bigint NOT NULL,
                reversal bigint NOT NULL,
                refunded bigint NOT NULL,
                PRIMARY KEY (terminal, sequence)
            )
            """,
            "CREATE INDEX overview_refunds_sale ON overview_refunds (member, sale_id)",
            """
            CREATE TABLE overview_states (
                terminal bigint NOT NULL,
                sequence bigint NOT NULL,
                position bigint NOT NULL,
                store text NOT NULL,
                member text NOT NULL,
                time bigint NOT NULL,
                balance bigint NOT NULL,
                tier text NOT NULL,
                PRIMARY KEY (terminal, sequence)
            )
            """,
            "CREATE INDEX overview_states_member ON overview_states (member, time, terminal, sequence)",
            "CREATE INDEX overview_states_store_member ON overview_states (member, store, time, terminal, sequence)",
            """
            CREATE TABLE overview_latest (
                member text PRIMARY KEY,
                time bigint NOT NULL,
                terminal bigint NOT NULL,
                sequence bigint NOT NULL,
                balance bigint NOT NULL,
                tier text NOT NULL
            )
            """,
            "CREATE INDEX overview_latest_time ON overview_latest (time)",
            """
            CREATE TABLE overview_store_latest (
                store text NOT NULL,
                member text NOT NULL,
                time bigint NOT NULL,
                terminal bigint NOT NULL,
                sequence bigint NOT NULL,
                balance bigint NOT NULL,
                tier text NOT NULL,
                PRIMARY KEY (store, member)
            )
            """,
            "CREATE INDEX overview_store_latest_time ON overview_store_latest (store, time)",
            """
            CREATE TABLE overview_voids (
                terminal bigint NOT NULL,
                sequence bigint NOT NULL,
                position bigint NOT NULL,
                PRIMARY KEY (terminal, sequence)
            )
            """,
            "CREATE TABLE overview_projection (id integer PRIMARY KEY CHECK (id = 1), position bigint NOT NULL)",
            "INSERT INTO overview_projection (id, position) VALUES (1, 0)",
            """
            CREATE TABLE nps_answers (
                source text PRIMARY KEY,
                store text NOT NULL,
                time bigint NOT NULL,
                score bigint NOT NULL CHECK (score BETWEEN 0 AND 10),
                comment text NOT NULL
            )
            """,
            "CREATE INDEX nps_answers_time ON nps_answers (time, store)",
        ],
        // Version 6, the console: users' password hashes, sessions (only the SHA-256 of their ids), failed
        // sign-ins (the rate limit), and the audit log, append-only (triggers refuse UPDATE,
        // DELETE and TRUNCATE) and chained by hashes (docs/console.md, "Audit log").
        [
            "ALTER TABLE users ADD COLUMN password_hash text",
            """
            CREATE TABLE console_sessions (
                id_digest bytea PRIMARY KEY,
                user_name text NOT NULL,
                csrf_token text NOT NULL,
                created_at bigint NOT NULL,
                last_seen_at bigint NOT NULL,
                expires_at bigint NOT NULL
            )
            """,
            "CREATE INDEX console_sessions_user ON console_sessions (user_name)",
            "CREATE TABLE sign_in_failures (key text NOT NULL, at bigint NOT NULL)",
            "CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at)",
            """
            CREATE TABLE audit_log (
                sequence bigint PRIMARY KEY,
                at bigint NOT NULL,
                actor text NOT NULL,
                action text NOT NULL,
                subject text NOT NULL,
                reason text NOT NULL,
                detail text NOT NULL,
                previous_hash text NOT NULL,
                hash text NOT NULL
            )
            """,
            """
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
            """,
            """
            CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
            """,
            """
            CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
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
                terminal bigint PRIMARY KEY,
                received_at bigint NOT NULL,
                report bytea NOT NULL
            )
            """,
            """
            CREATE TABLE member_transactions (
                member text NOT NULL,
                position bigint NOT NULL,
                PRIMARY KEY (member, position)
            )
            """,
            "CREATE TABLE member_index (id integer PRIMARY KEY CHECK (id = 1), position bigint NOT NULL)",
            "INSERT INTO member_index (id, position) VALUES (1, 0)",
            """
            CREATE TABLE consent_events (
                id bigserial PRIMARY KEY,
                member text NOT NULL,
                code text NOT NULL,
                given boolean NOT NULL,
                at bigint NOT NULL,
                how text NOT NULL,
                reason text
            )
            """,
            "CREATE INDEX consent_events_member ON consent_events (member, id)",
            """
            CREATE TABLE erasures (
                member text PRIMARY KEY,
                at bigint NOT NULL,
                by text NOT NULL,
                reason text NOT NULL
            )
            """,
        ],
    ]

    /// The newest schema version this program knows.
    static var knownVersion: Int { migrations.count }

    static let createVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version integer PRIMARY KEY,
            applied_at bigint NOT NULL
        )
        """

    /// Keys of the transaction-scoped advisory locks (`pg_advisory_xact_lock`) that every
    /// server sharing the database takes. Distinct, and unlikely to meet another application's.
    enum Lock {
        /// Held by each ingest from its start to its commit: positions are assigned, and
        /// become visible, in increasing order.
        static let ingest: Int64 = 0x4C54_4A4F_5552  // "LTJOUR"
        /// Held while migrating, so servers starting together migrate one after the other.
        static let migrate: Int64 = 0x4C54_5343_484D  // "LTSCHM"
        /// Held while publishing, so two versions of a kind never get the same number.
        static let publish: Int64 = 0x4C54_5055_424C  // "LTPUBL"
        /// Held while projecting members, so two servers never apply the same transactions twice.
        static let members: Int64 = 0x4C54_4D45_4D42  // "LTMEMB"
        /// Held while projecting the overview, so two servers never apply the same page twice.
        static let overview: Int64 = 0x4C54_4F56_4552  // "LTOVER"
        /// Held while appending to the audit log, so the chain never forks.
        static let audit: Int64 = 0x4C54_4155_4454  // "LTAUDT"
    }
}
