extension Migration {
    /// Login counters (one row per account, per address and per account-and-address pair, bumped
    /// atomically before a password is checked) in place of the failed-login log; and the journal
    /// that lets an import commit in chunks yet store all of its rows or none.
    static let m016Hardening = Migration(16, "hardening") { d in
        [
            """
            CREATE TABLE login_counters (
              scope TEXT NOT NULL,
              key TEXT NOT NULL,
              failures INTEGER NOT NULL,
              window_start \(d.bigint) NOT NULL,
              locked_until \(d.bigint) NOT NULL,
              PRIMARY KEY (scope, key))
            """,
            "DROP TABLE login_failures",
            """
            CREATE TABLE import_runs (
              id \(d.primaryKey),
              kind TEXT NOT NULL,
              user_id \(d.bigint) NOT NULL,
              state TEXT NOT NULL,
              started_at \(d.bigint) NOT NULL,
              heartbeat_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX import_runs_state ON import_runs (state, heartbeat_at)",
            """
            CREATE TABLE import_undo (
              id \(d.primaryKey),
              run_id \(d.bigint) NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
              entity TEXT NOT NULL,
              entity_id \(d.bigint) NOT NULL,
              before_value TEXT)
            """,
            "CREATE INDEX import_undo_run ON import_undo (run_id, id)",
        ]
    }
}
