extension Migration {
    /// SMS: the sent messages still waiting for a delivery report are found by channel and status,
    /// least recently checked first, without reading the whole table.
    static let m025SMSReports = Migration(25, "sms-reports") { _ in
        ["CREATE INDEX channel_messages_awaiting ON channel_messages (channel, status, updated_at)"]
    }
}
