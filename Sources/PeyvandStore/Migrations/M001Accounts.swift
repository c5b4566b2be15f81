extension Migration {
    /// Staff accounts, API tokens (stored hashed), sessions (in the database so instances are
    /// stateless) and failed logins (for rate limiting shared by every instance).
    static let m001Accounts = Migration(1, "accounts") { d in
        [
            """
            CREATE TABLE users (
              id \(d.primaryKey),
              email TEXT NOT NULL,
              email_key TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              role TEXT NOT NULL,
              password_hash TEXT NOT NULL,
              language TEXT NOT NULL DEFAULT 'fa',
              active \(d.boolean) NOT NULL,
              created_at \(d.bigint) NOT NULL)
            """,
            """
            CREATE TABLE api_tokens (
              id \(d.primaryKey),
              user_id \(d.bigint) NOT NULL REFERENCES users(id),
              name TEXT NOT NULL,
              token_hash TEXT NOT NULL UNIQUE,
              created_at \(d.bigint) NOT NULL,
              last_used_at \(d.bigint),
              revoked_at \(d.bigint))
            """,
            "CREATE INDEX api_tokens_user ON api_tokens (user_id, id)",
            """
            CREATE TABLE sessions (
              token_hash TEXT PRIMARY KEY,
              user_id \(d.bigint) NOT NULL REFERENCES users(id),
              csrf TEXT NOT NULL,
              created_at \(d.bigint) NOT NULL,
              expires_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX sessions_expiry ON sessions (expires_at)",
            """
            CREATE TABLE login_failures (
              id \(d.primaryKey),
              email_key TEXT NOT NULL,
              ip TEXT NOT NULL,
              at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX login_failures_email ON login_failures (email_key, at)",
            "CREATE INDEX login_failures_ip ON login_failures (ip, at)",
        ]
    }
}
