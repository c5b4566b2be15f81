extension Migration {
    /// Each model's run is kept as one typed result (`AnalyticsResult`, JSON of the model's own
    /// type) instead of a flat name → number map. Runs recorded before are dropped, not
    /// converted: they are recomputed by the next scoring run (`peyvand analyze refresh`, or
    /// `serve`, which scores soon after starting when no run is recorded). Customer scores and
    /// the retention lists are kept.
    static let m018AnalyticsResults = Migration(18, "analytics-results") { _ in
        [
            "DELETE FROM analytics_runs",
            "ALTER TABLE analytics_runs DROP COLUMN parameters",
            "ALTER TABLE analytics_runs ADD COLUMN result TEXT",
        ]
    }
}
