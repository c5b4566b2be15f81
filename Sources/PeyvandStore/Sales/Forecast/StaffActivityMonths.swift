import PeyvandCore

/// Each person's interactions by month (of both calendars) and kind (`staff_activity_months`,
/// migration 44), kept by triggers on `interactions` on the same terms as `staff_activity_days`
/// (a member of staff named, not deleted; the day in Tehran), so a period's activity is a few
/// rows per person and kind instead of one per day.
enum StaffActivityMonths {
    /// What a trigger runs for one row of `interactions` (`NEW` added with `sign` 1, `OLD` taken
    /// away with -1); the same text serves SQLite's trigger bodies and PostgreSQL's PL/pgSQL.
    static func trigger(_ row: String, _ sign: Int) -> String {
        """
        INSERT INTO staff_activity_months (calendar, month, staff_id, kind, n)
        SELECT m.calendar, m.month, \(row).staff_id, \(row).kind, \(sign)
        FROM \(CalendarMonths.months(ofDay: "(\(row).occurred_at + \(Receivables.tehranOffsetMillis)) / 86400000"))
        WHERE \(row).staff_id IS NOT NULL AND \(row).deleted_at IS NULL
        ON CONFLICT (calendar, month, staff_id, kind) DO UPDATE SET n = staff_activity_months.n + excluded.n
        """
    }

    /// Every interaction's count, from the interactions (the migration's backfill): by day first,
    /// then each day's month.
    static var rebuildSQL: String {
        let day = "(occurred_at + \(Receivables.tehranOffsetMillis)) / 86400000"
        return """
            INSERT INTO staff_activity_months (calendar, month, staff_id, kind, n)
            SELECT m.calendar, m.month, a.staff_id, a.kind, SUM(a.n)
            FROM (SELECT staff_id, \(day) AS day, kind, COUNT(*) AS n FROM interactions
                  WHERE staff_id IS NOT NULL AND deleted_at IS NULL GROUP BY staff_id, \(day), kind) a
              CROSS JOIN \(CalendarMonths.months(ofDay: "a.day"))
            GROUP BY m.calendar, m.month, a.staff_id, a.kind
            """
    }
}
