extension Migration {
    /// Tasks and the calendar: each member of staff's calendar feed (the secret URL a phone
    /// subscribes to, stored only as its SHA-256 digest), and the indexes the calendar's and the
    /// reminders' reads need beside those of migration 28.
    static let m030TasksCalendar = Migration(30, "tasks-calendar") { d in
        [
            """
            CREATE TABLE calendar_feeds (
              id \(d.primaryKey),
              user_id \(d.bigint) NOT NULL REFERENCES users(id),
              token_hash TEXT NOT NULL UNIQUE,
              created_at \(d.bigint) NOT NULL,
              revoked_at \(d.bigint))
            """,
            "CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id, revoked_at)",
            // The reminders loop: due and not yet sent, oldest first.
            "CREATE INDEX tasks_remind_due ON tasks (reminded_at, remind_at)",
            "CREATE INDEX meeting_attendees_contact ON meeting_attendees (contact_id, meeting_id)",
            "CREATE INDEX meetings_deal ON meetings (deal_id, starts_at)",
        ]
    }
}
