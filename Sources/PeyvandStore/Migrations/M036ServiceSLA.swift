import Foundation
import PeyvandCore
import SQLKit

extension Migration {
    /// Service levels: policies with first-response, next-response and resolution targets in
    /// business minutes per priority and customer value; the holidays the business clock skips
    /// (shipped with Iran's official holidays of the current and the next Solar Hijri year, edited
    /// by the administrator); the spans a ticket waited on its customer (the clock pauses); and the
    /// escalations the SLA watch made, one row per ticket, target, level and period (a ticket has
    /// one first-response and one resolution period, and a next-response period per customer
    /// message left unanswered; `period_start` is its start) — the unique key is what keeps two server instances, or a watch killed and started again, from
    /// escalating anything twice. `tickets.sla_check_at` is the next instant the watch must look
    /// at a ticket (a warning, a breach or the manager's turn), so each run reads only the
    /// tickets that are due, however many are open.
    static let m036ServiceSLA = Migration(36, "service SLA", backfill: { db in
        let year = JalaliDate(Date(), timeZone: TimeZone(identifier: "Asia/Tehran")!).year
        var rows: [[any Encodable & Sendable]] = []
        for holiday in IranHolidays.holidays(year: year) + IranHolidays.holidays(year: year + 1) {
            rows.append([Int64(holiday.day), holiday.nameFa, holiday.nameEn, holiday.kind.rawValue, holiday.kind == .lunar ? IranHolidays.lunarSource : "fixed solar date", Int64(0)])
        }
        try await db.insertMany("service_holidays (day, name_fa, name_en, kind, source, updated_at)", rows)
        // The standard targets (business minutes): urgent 30 min / 1 h / 4 h, high 1 h / 2 h / one
        // working day, normal 4 h / 8 h / three working days, low one day / two days / five days.
        let standard: [(String, Int, Int, Int)] = [("urgent", 30, 60, 240), ("high", 60, 120, 540), ("normal", 240, 480, 1620), ("low", 540, 1080, 2700)]
        for (priority, first, next, resolution) in standard {
            try await db.raw("""
                INSERT INTO sla_policies (name, priority, min_value_minor, first_response_minutes, next_response_minutes, resolution_minutes,
                  warn_percent, created_at, updated_at)
                VALUES ('Standard', \(bind: priority), 0, \(bind: first), \(bind: next), \(bind: resolution), 80, 0, 0)
                """).run()
        }
    }) { d in
        [
            """
            CREATE TABLE sla_policies (
              id \(d.primaryKey),
              name TEXT NOT NULL,
              priority TEXT NOT NULL,
              min_value_minor \(d.bigint) NOT NULL DEFAULT 0,
              first_response_minutes INTEGER NOT NULL CHECK (first_response_minutes > 0),
              next_response_minutes INTEGER NOT NULL CHECK (next_response_minutes > 0),
              resolution_minutes INTEGER NOT NULL CHECK (resolution_minutes > 0),
              warn_percent INTEGER NOT NULL DEFAULT 80 CHECK (warn_percent BETWEEN 1 AND 99),
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL,
              UNIQUE (priority, min_value_minor))
            """,
            """
            CREATE TABLE service_holidays (
              id \(d.primaryKey),
              day \(d.bigint) NOT NULL,
              name_fa TEXT NOT NULL,
              name_en TEXT NOT NULL,
              kind TEXT NOT NULL,
              source TEXT,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX service_holidays_day ON service_holidays (day)",
            """
            CREATE TABLE ticket_pauses (
              ticket_id \(d.bigint) NOT NULL REFERENCES tickets(id),
              started_at \(d.bigint) NOT NULL,
              ended_at \(d.bigint),
              PRIMARY KEY (ticket_id, started_at))
            """,
            """
            CREATE TABLE ticket_escalations (
              id \(d.primaryKey),
              ticket_id \(d.bigint) NOT NULL REFERENCES tickets(id),
              target TEXT NOT NULL,
              level INTEGER NOT NULL,
              period_start \(d.bigint) NOT NULL,
              due_at \(d.bigint) NOT NULL,
              to_user_id \(d.bigint) REFERENCES users(id),
              at \(d.bigint) NOT NULL,
              UNIQUE (ticket_id, target, level, period_start))
            """,
            "CREATE INDEX ticket_escalations_at ON ticket_escalations (at)",
            "ALTER TABLE tickets ADD COLUMN next_response_since \(d.bigint)",
            "ALTER TABLE tickets ADD COLUMN sla_check_at \(d.bigint)",
            "ALTER TABLE tickets ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX tickets_sla_check ON tickets (sla_check_at) WHERE sla_check_at IS NOT NULL",
        ]
    }
}
