extension Migration {
    /// What the service reports read by period: tickets by the instant they were opened (the
    /// cohort every time and SLA figure is computed over), the ticket messages that recorded an
    /// interaction by when they were written (the service cost of a period), and recovery cases
    /// by when they were opened and closed. Each report query starts from one of these ranges, so
    /// its cost follows the tickets of the period, not all the tickets ever opened.
    static let m042ServiceReports = Migration(42, "service reports") { _ in
        [
            "CREATE INDEX tickets_created ON tickets (created_at, id)",
            "CREATE INDEX ticket_messages_costed ON ticket_messages (created_at, interaction_id) WHERE interaction_id IS NOT NULL",
            "CREATE INDEX recovery_cases_opened ON recovery_cases (opened_at)",
            "CREATE INDEX recovery_cases_closed ON recovery_cases (closed_at) WHERE closed_at IS NOT NULL",
        ]
    }
}
