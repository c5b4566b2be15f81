extension Migration {
    /// The customers to keep (valuable and at risk) and to win back (lapsed but worth it), each
    /// with why and what to do, as the latest scoring run listed them.
    static let m014RetentionLists = Migration(14, "retention-lists") { d in
        [
            """
            CREATE TABLE retention_entries (
              list TEXT NOT NULL,
              rank INTEGER NOT NULL,
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
              value_minor \(d.bigint) NOT NULL,
              churn_risk \(d.double) NOT NULL,
              recency_days INTEGER NOT NULL,
              reason TEXT NOT NULL,
              action TEXT NOT NULL,
              PRIMARY KEY (list, rank))
            """,
        ]
    }
}
