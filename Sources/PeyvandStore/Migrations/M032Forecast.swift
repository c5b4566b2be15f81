import PeyvandCore
import SQLKit

extension Migration {
    /// The sales forecast: a team per member of staff; quotas per person and period (any calendar:
    /// a period is its first and its after-last civil day); and two running totals kept by triggers,
    /// so the forecast and the activity report read a few hundred rows instead of every deal and
    /// every interaction:
    /// - `deal_forecast_months`: deals counted and summed (in the organisation's currency) by month
    ///   of both calendars, pipeline, stage, owner, status and probability override. An open deal
    ///   counts in the month of its expected close day, a won or lost one in the month it closed.
    ///   `calendar_months` holds the first day of every Jalali and Gregorian month 1970–2199 so a
    ///   trigger can find a day's month with one index probe.
    /// - `staff_activity_days`: each person's interactions per day and kind.
    static let m032Forecast = Migration(32, "forecast", backfill: { db in
        try await db.insertMany("calendar_months (calendar, start_day, month)", CalendarMonths.rows)
        let offset = String(Receivables.tehranOffsetMillis)
        try await db.raw("""
            INSERT INTO staff_activity_days (staff_id, day, kind, n)
            SELECT staff_id, (occurred_at + \(unsafeRaw: offset)) / 86400000, kind, COUNT(*)
            FROM interactions WHERE staff_id IS NOT NULL AND deleted_at IS NULL
            GROUP BY staff_id, (occurred_at + \(unsafeRaw: offset)) / 86400000, kind
            """).run()
    }) { d in
        var statements = [
            "ALTER TABLE users ADD COLUMN team TEXT",
            """
            CREATE TABLE sales_quotas (
              user_id \(d.bigint) NOT NULL REFERENCES users(id),
              start_day \(d.bigint) NOT NULL,
              end_day \(d.bigint) NOT NULL,
              amount_minor \(d.bigint) NOT NULL CHECK (amount_minor >= 0),
              updated_by \(d.bigint),
              updated_at \(d.bigint) NOT NULL,
              PRIMARY KEY (user_id, start_day, end_day))
            """,
            "CREATE INDEX sales_quotas_period ON sales_quotas (start_day, end_day)",
            """
            CREATE TABLE calendar_months (
              calendar TEXT NOT NULL,
              start_day \(d.bigint) NOT NULL,
              month INTEGER NOT NULL,
              PRIMARY KEY (calendar, start_day))
            """,
            """
            CREATE TABLE deal_forecast_months (
              calendar TEXT NOT NULL,
              month INTEGER NOT NULL,
              pipeline_id \(d.bigint) NOT NULL,
              stage_id \(d.bigint) NOT NULL,
              owner_id \(d.bigint) NOT NULL,
              status TEXT NOT NULL,
              probability INTEGER NOT NULL,
              n \(d.bigint) NOT NULL,
              amount \(d.bigint) NOT NULL,
              PRIMARY KEY (calendar, month, pipeline_id, owner_id, stage_id, status, probability))
            """,
            """
            CREATE TABLE staff_activity_days (
              staff_id \(d.bigint) NOT NULL,
              day \(d.bigint) NOT NULL,
              kind TEXT NOT NULL,
              n \(d.bigint) NOT NULL,
              PRIMARY KEY (day, staff_id, kind))
            """,
            // The funnel reads a period's leads; activity counts tasks done in a period.
            "CREATE INDEX leads_created ON leads (created_at, source, channel, deal_id)",
            "CREATE INDEX tasks_done_at ON tasks (done_at, done_by)",
        ]
        switch d {
        case .sqlite:
            statements += [
                "CREATE TRIGGER deal_forecast_insert AFTER INSERT ON deals BEGIN \(ForecastTriggers.deal("NEW", 1)); END",
                """
                CREATE TRIGGER deal_forecast_update AFTER UPDATE OF pipeline_id, stage_id, owner_id, status, probability,
                  amount_base_minor, expected_close_day, closed_at, deleted_at ON deals
                BEGIN \(ForecastTriggers.deal("OLD", -1)); \(ForecastTriggers.deal("NEW", 1)); END
                """,
                "CREATE TRIGGER deal_forecast_delete AFTER DELETE ON deals BEGIN \(ForecastTriggers.deal("OLD", -1)); END",
                """
                CREATE TRIGGER staff_activity_insert AFTER INSERT ON interactions
                BEGIN \(ForecastTriggers.activity("NEW", 1)); END
                """,
                """
                CREATE TRIGGER staff_activity_update AFTER UPDATE OF staff_id, kind, occurred_at, deleted_at ON interactions
                BEGIN \(ForecastTriggers.activity("OLD", -1)); \(ForecastTriggers.activity("NEW", 1)); END
                """,
                "CREATE TRIGGER staff_activity_delete AFTER DELETE ON interactions BEGIN \(ForecastTriggers.activity("OLD", -1)); END",
            ]
        case .postgres:
            statements += [
                """
                CREATE FUNCTION deal_forecast_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN \(ForecastTriggers.deal("OLD", -1)); END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN \(ForecastTriggers.deal("NEW", 1)); END IF;
                  RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER deal_forecast AFTER INSERT OR DELETE OR UPDATE OF pipeline_id, stage_id, owner_id, status, probability,
                  amount_base_minor, expected_close_day, closed_at, deleted_at ON deals
                FOR EACH ROW EXECUTE FUNCTION deal_forecast_count()
                """,
                """
                CREATE FUNCTION staff_activity_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN \(ForecastTriggers.activity("OLD", -1)); END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN \(ForecastTriggers.activity("NEW", 1)); END IF;
                  RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER staff_activity AFTER INSERT OR DELETE OR UPDATE OF staff_id, kind, occurred_at, deleted_at ON interactions
                FOR EACH ROW EXECUTE FUNCTION staff_activity_count()
                """,
            ]
        }
        return statements
    }
}

/// The statements the forecast's triggers run for one row (`NEW` added, `OLD` taken away); the
/// same text serves SQLite's trigger bodies and PostgreSQL's PL/pgSQL.
enum ForecastTriggers {
    /// A deal's month in both calendars is found with two index probes per calendar
    /// (``CalendarMonths/months(ofDay:)``); until migration 46 every `calendar_months` row was
    /// tried against a correlated maximum, some 5,500 probes a firing.
    /// With `changedAt` (an SQL expression, from migration 47) each row touched is stamped with
    /// it, so a reader can tell which months changed since it last read them.
    static func deal(_ row: String, _ sign: Int, changedAt: String? = nil) -> String {
        let offset = Receivables.tehranOffsetMillis
        let day = "(CASE WHEN \(row).status = 'open' THEN \(row).expected_close_day ELSE (\(row).closed_at + \(offset)) / 86400000 END)"
        return """
            INSERT INTO deal_forecast_months (calendar, month, pipeline_id, stage_id, owner_id, status, probability, n, amount\(changedAt == nil ? "" : ", changed_at"))
            SELECT m.calendar, m.month, \(row).pipeline_id, \(row).stage_id, COALESCE(\(row).owner_id, 0), \(row).status,
              COALESCE(\(row).probability, -1), \(sign), \(sign) * \(row).amount_base_minor\(changedAt.map { ", " + $0 } ?? "")
            FROM \(CalendarMonths.months(ofDay: day))
            WHERE \(row).deleted_at IS NULL
            ON CONFLICT (calendar, month, pipeline_id, owner_id, stage_id, status, probability)
            DO UPDATE SET n = deal_forecast_months.n + excluded.n, amount = deal_forecast_months.amount + excluded.amount\(changedAt == nil ? "" : ",\n  changed_at = excluded.changed_at")
            """
    }

    /// The statements that make the deal triggers (`changedAt` as in ``deal(_:_:changedAt:)``):
    /// on SQLite three triggers, dropped first; on PostgreSQL the function migration 32's trigger calls.
    static func dealStatements(_ d: Dialect, changedAt: String? = nil) -> [String] {
        switch d {
        case .sqlite:
            return [
                "DROP TRIGGER deal_forecast_insert",
                "DROP TRIGGER deal_forecast_update",
                "DROP TRIGGER deal_forecast_delete",
                "CREATE TRIGGER deal_forecast_insert AFTER INSERT ON deals BEGIN \(deal("NEW", 1, changedAt: changedAt)); END",
                """
                CREATE TRIGGER deal_forecast_update AFTER UPDATE OF pipeline_id, stage_id, owner_id, status, probability,
                  amount_base_minor, expected_close_day, closed_at, deleted_at ON deals
                BEGIN \(deal("OLD", -1, changedAt: changedAt)); \(deal("NEW", 1, changedAt: changedAt)); END
                """,
                "CREATE TRIGGER deal_forecast_delete AFTER DELETE ON deals BEGIN \(deal("OLD", -1, changedAt: changedAt)); END",
            ]
        case .postgres:
            return [
                """
                CREATE OR REPLACE FUNCTION deal_forecast_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN \(deal("OLD", -1, changedAt: changedAt)); END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN \(deal("NEW", 1, changedAt: changedAt)); END IF;
                  RETURN NULL;
                END $$
                """,
            ]
        }
    }

    static func activity(_ row: String, _ sign: Int) -> String {
        """
        INSERT INTO staff_activity_days (staff_id, day, kind, n)
        SELECT \(row).staff_id, (\(row).occurred_at + \(Receivables.tehranOffsetMillis)) / 86400000, \(row).kind, \(sign)
        WHERE \(row).staff_id IS NOT NULL AND \(row).deleted_at IS NULL
        ON CONFLICT (day, staff_id, kind) DO UPDATE SET n = staff_activity_days.n + excluded.n
        """
    }
}

/// The first day of every Jalali and Gregorian month from 1970 to 2199, with the month as
/// `year * 100 + month` (140501 is Farvardin 1405, 202603 is March 2026).
enum CalendarMonths {
    static let gregorianYears = 1970...2199
    static let jalaliYears = 1348...1578

    static var rows: [[any Encodable & Sendable]] {
        var rows: [[any Encodable & Sendable]] = []
        for year in gregorianYears {
            for month in 1...12 {
                rows.append(["gregorian", Int64(JalaliDate(gregorianYear: year, month: month, day: 1).daysSinceUnixEpoch), year * 100 + month])
            }
        }
        for year in jalaliYears {
            for month in 1...12 {
                guard let first = try? JalaliDate(year: year, month: month, day: 1) else { continue }
                rows.append(["jalali", Int64(first.daysSinceUnixEpoch), year * 100 + month])
            }
        }
        return rows
    }
}
