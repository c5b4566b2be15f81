extension Migration {
    /// The telephone: every call a PBX reports (keyed by its `Linkedid`), matched to a customer by
    /// number, with the agent who took it; and each member of staff's extension on the PBX, so a
    /// reported extension names the agent.
    static let m023Calls = Migration(23, "calls") { d in
        [
            """
            CREATE TABLE calls (
              id \(d.primaryKey),
              call_key TEXT NOT NULL UNIQUE,
              direction TEXT NOT NULL,
              from_number TEXT,
              from_raw TEXT NOT NULL,
              to_number TEXT,
              to_raw TEXT NOT NULL,
              customer_id \(d.bigint) REFERENCES customers(id),
              agent_id \(d.bigint) REFERENCES users(id),
              state TEXT NOT NULL,
              started_at \(d.bigint) NOT NULL,
              answered_at \(d.bigint),
              ended_at \(d.bigint),
              duration_seconds \(d.bigint),
              interaction_id \(d.bigint) REFERENCES interactions(id),
              reported_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX calls_customer ON calls (customer_id, id)",
            "CREATE INDEX calls_agent ON calls (agent_id, id)",
            "CREATE INDEX calls_state ON calls (state, id)",
            "ALTER TABLE users ADD COLUMN extension TEXT",
            "CREATE UNIQUE INDEX users_extension ON users (extension)",
        ]
    }
}
