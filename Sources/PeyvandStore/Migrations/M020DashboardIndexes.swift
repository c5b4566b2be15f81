extension Migration {
    /// What the start page and the interactions list read newest first across every customer: the
    /// customers' changes by time, interactions by time, orders by day (revenue of a month).
    static let m020DashboardIndexes = Migration(20, "dashboard-indexes") { _ in
        [
            "CREATE INDEX audit_log_recent ON audit_log (entity, at, id)",
            "CREATE INDEX interactions_recent ON interactions (occurred_at, id)",
            "CREATE INDEX orders_ordered ON orders (ordered_at)",
        ]
    }
}
