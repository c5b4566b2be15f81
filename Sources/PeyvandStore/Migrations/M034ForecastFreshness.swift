extension Migration {
    /// The newest change of the rows the sales forecast adds up, each one index probe away, so the
    /// forecast can tell whether what it added up before still holds (`ForecastCache`): the last
    /// update of any deal, lead or task.
    static let m034ForecastFreshness = Migration(34, "forecast freshness") { _ in
        [
            "CREATE INDEX deals_updated ON deals (updated_at)",
            "CREATE INDEX leads_updated ON leads (updated_at)",
            "CREATE INDEX tasks_updated ON tasks (updated_at)",
        ]
    }
}
