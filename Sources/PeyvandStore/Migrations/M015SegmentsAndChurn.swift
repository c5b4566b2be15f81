extension Migration {
    /// Each scored customer's behavioural segment (k-means, numbered by value) and the churn
    /// classifier's risk with the features that raise it; why a model could not be fitted.
    static let m015SegmentsAndChurn = Migration(15, "segments-and-churn") { d in
        [
            "ALTER TABLE customer_scores ADD COLUMN segment_number INTEGER",
            "ALTER TABLE customer_scores ADD COLUMN churn_risk \(d.double)",
            "ALTER TABLE customer_scores ADD COLUMN churn_reasons TEXT",
            "CREATE INDEX customer_scores_segment_number ON customer_scores (segment_number, customer_id)",
            "CREATE INDEX customer_scores_churn ON customer_scores (churn_risk, customer_id)",
            "ALTER TABLE analytics_runs ADD COLUMN note TEXT",
        ]
    }
}
