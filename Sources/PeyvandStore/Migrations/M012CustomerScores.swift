extension Migration {
    /// What the analytical models say of each customer, recomputed by `CustomerScores.refresh`:
    /// RFM scores and segment, the repeat-purchase summary, P(alive), expected purchases and
    /// lifetime value; and each run of a model with its parameters and fit.
    static let m012CustomerScores = Migration(12, "customer-scores") { d in
        [
            """
            CREATE TABLE customer_scores (
              customer_id \(d.bigint) PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
              recency_days INTEGER NOT NULL,
              purchases INTEGER NOT NULL,
              monetary_minor \(d.bigint) NOT NULL,
              r INTEGER NOT NULL,
              f INTEGER NOT NULL,
              m INTEGER NOT NULL,
              segment TEXT NOT NULL,
              repeat_purchases INTEGER NOT NULL,
              p_alive \(d.double),
              expected_purchases \(d.double),
              clv_minor \(d.bigint),
              computed_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX customer_scores_segment ON customer_scores (segment, customer_id)",
            "CREATE INDEX customer_scores_clv ON customer_scores (clv_minor, customer_id)",
            """
            CREATE TABLE analytics_runs (
              id \(d.primaryKey),
              model TEXT NOT NULL,
              as_of \(d.bigint) NOT NULL,
              customers \(d.bigint) NOT NULL,
              parameters TEXT NOT NULL,
              seconds \(d.double) NOT NULL,
              finished_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX analytics_runs_model ON analytics_runs (model, id)",
        ]
    }
}
