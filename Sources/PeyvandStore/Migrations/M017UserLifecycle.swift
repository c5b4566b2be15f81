extension Migration {
    /// Staff accounts' life cycle: when a user was deactivated and last signed in, when each
    /// session was last seen (written at most every few minutes), and one-time password-reset
    /// links (stored as SHA-256, with an expiry, used once).
    static let m017UserLifecycle = Migration(17, "user-lifecycle") { d in
        [
            "ALTER TABLE users ADD COLUMN deactivated_at \(d.bigint)",
            "ALTER TABLE users ADD COLUMN last_sign_in_at \(d.bigint)",
            "ALTER TABLE sessions ADD COLUMN last_seen_at \(d.bigint)",
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE password_resets (
              id \(d.primaryKey),
              user_id \(d.bigint) NOT NULL REFERENCES users(id),
              token_hash TEXT NOT NULL UNIQUE,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              expires_at \(d.bigint) NOT NULL,
              used_at \(d.bigint))
            """,
            "CREATE INDEX password_resets_user ON password_resets (user_id, id)",
        ]
    }
}
