import Foundation
import PeyvandCore
import SQLKit

/// The satisfaction classes over time and now, the survey answers (CSAT, NPS) and service
/// recovery. The classes and recovery are about customers, so the team, channel and agent
/// filters do not narrow them; survey answers are narrowed through the ticket they were about.
extension ServiceReports {
    /// The customers in each class at the end of each month of the period, replayed from
    /// `satisfaction_changes` in one pass: each change starts a span of its `to_class` that lasts
    /// until the customer's next change (`LEAD` over the customer's changes by time). A span
    /// counts at a month's end when it started before the end and had not ended by it. The query
    /// tells, per class, in which month each span starts counting and in which it stops; the
    /// counts per month are the running sum of those, so the cost is one read of the changes
    /// whatever the number of months.
    static func classesOverTime(_ db: any SQLDatabase, _ q: ServiceReportQuery) async throws -> [ServiceReport.ClassMonth] {
        let months = q.months
        let ends = months.map { millis(ServiceReportQuery.midnight($0.endDay)) }
        guard let last = ends.last else { return [] }
        // The index of the first month that ends after `column` (months.count: none).
        func firstEndingAfter(_ column: String) -> SQLQueryString {
            var sql: SQLQueryString = "CASE"
            for (i, end) in ends.enumerated() { sql += " WHEN \(unsafeRaw: column) < \(bind: end) THEN \(unsafeRaw: String(i))" }
            sql += " ELSE \(unsafeRaw: String(months.count)) END"
            return sql
        }
        let rows = try await db.raw("""
            WITH spans AS (
              SELECT s.to_class AS cls, s.at AS since, LEAD(s.at) OVER (PARTITION BY s.customer_id ORDER BY s.at, s.id) AS next_at
              FROM satisfaction_changes s JOIN customers c ON c.id = s.customer_id
              WHERE s.at < \(bind: last) AND c.deleted_at IS NULL)
            SELECT cls, \(firstEndingAfter("since")) AS starts, CASE WHEN next_at IS NULL THEN \(unsafeRaw: String(months.count)) ELSE \(firstEndingAfter("next_at")) END AS stops,
              COUNT(*) AS n
            FROM spans WHERE cls IS NOT NULL GROUP BY cls, starts, stops
            """).all()
        var delta = Array(repeating: [SatisfactionClass: Int](), count: months.count + 1)
        for row in rows {
            guard let cls = SatisfactionClass(rawValue: try row.decode(column: "cls", as: String.self)) else { continue }
            let starts = try row.decode(column: "starts", as: Int.self), stops = try row.decode(column: "stops", as: Int.self)
            let n = try row.decode(column: "n", as: Int.self)
            guard starts < stops, (0...months.count).contains(starts), (0...months.count).contains(stops) else { continue }
            delta[starts][cls, default: 0] += n
            delta[stops][cls, default: 0] -= n
        }
        var running: [SatisfactionClass: Int] = [:]
        return months.enumerated().map { i, month in
            for (cls, n) in delta[i] { running[cls, default: 0] += n }
            return ServiceReport.ClassMonth(month: month, end: Clock.date(ends[i]), counts: running.filter { $0.value != 0 })
        }
    }

    static func classesNow(_ db: any SQLDatabase) async throws -> ServiceReport.ClassesNow {
        var counts: [SatisfactionClass: Int] = [:], unclassed = 0
        for row in try await db.raw("""
            SELECT cs.class AS cls, COUNT(*) AS n FROM customer_satisfaction cs JOIN customers c ON c.id = cs.customer_id
            WHERE c.deleted_at IS NULL GROUP BY cs.class
            """).all() {
            let n = try row.decode(column: "n", as: Int.self)
            if let cls = try row.decode(column: "cls", as: String?.self).flatMap(SatisfactionClass.init(rawValue:)) { counts[cls] = n } else { unclassed += n }
        }
        return ServiceReport.ClassesNow(counts: counts, unclassed: unclassed)
    }

    /// The answers received in the period (`answered_at`); with a filter, only answers about a
    /// ticket of that team, channel or agent.
    static func surveys(_ db: any SQLDatabase, _ q: ServiceReportQuery) async throws -> ServiceReport.SurveyFigures {
        var sql: SQLQueryString = """
            SELECT COUNT(*) AS answered, COUNT(s.csat) AS csat_n, COALESCE(SUM(s.csat), 0) AS csat_sum,
              COALESCE(SUM(CASE WHEN s.csat = 5 THEN 1 ELSE 0 END), 0) AS top_box, COUNT(s.nps) AS nps_n,
              COALESCE(SUM(CASE WHEN s.nps >= 9 THEN 1 ELSE 0 END), 0) AS promoters, COALESCE(SUM(CASE WHEN s.nps <= 6 THEN 1 ELSE 0 END), 0) AS detractors
            FROM surveys s
            """
        if q.filtered { sql += " JOIN tickets t ON t.id = s.ticket_id" }
        sql += " WHERE s.answered_at >= \(bind: millis(q.start)) AND s.answered_at < \(bind: millis(q.end))"
        if q.filtered { sql += ticketFilter(q) }
        guard let row = try await db.raw(sql).first() else {
            return ServiceReport.SurveyFigures(answered: 0, csatCount: 0, csatSum: 0, csatTopBox: 0, npsCount: 0, promoters: 0, detractors: 0)
        }
        func n(_ c: String) throws -> Int { try row.decode(column: c, as: Int?.self) ?? 0 }
        return ServiceReport.SurveyFigures(answered: try n("answered"), csatCount: try n("csat_n"), csatSum: try n("csat_sum"),
                                           csatTopBox: try n("top_box"), npsCount: try n("nps_n"), promoters: try n("promoters"),
                                           detractors: try n("detractors"))
    }

    /// Cases opened in the period, and of those closed in it: how many were recovered, the class
    /// before → the class measured after, and the median time from opening to closing.
    static func recovery(_ db: any SQLDatabase, _ q: ServiceReportQuery) async throws -> ServiceReport.RecoveryFigures {
        let start = millis(q.start), end = millis(q.end)
        let openedRow = try await db.raw("SELECT COUNT(*) AS n FROM recovery_cases WHERE opened_at >= \(bind: start) AND opened_at < \(bind: end)").first()
        let closedRows = try await db.raw("""
            SELECT class_before, class_after, COUNT(*) AS n, SUM(CASE WHEN status = 'recovered' THEN 1 ELSE 0 END) AS recovered
            FROM recovery_cases WHERE closed_at >= \(bind: start) AND closed_at < \(bind: end) GROUP BY class_before, class_after
            """).all()
        let medianRow = try await db.raw("""
            WITH ranked AS (SELECT closed_at - opened_at AS d, ROW_NUMBER() OVER (ORDER BY closed_at - opened_at) AS rn, COUNT(*) OVER () AS n
              FROM recovery_cases WHERE closed_at >= \(bind: start) AND closed_at < \(bind: end))
            SELECT CAST(AVG(d) AS DOUBLE PRECISION) AS median FROM ranked WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2
            """).first()
        var transitions: [ServiceReport.RecoveryFigures.Transition] = []
        var closed = 0, recovered = 0, improved = 0
        for row in closedRows {
            let before = try row.decode(column: "class_before", as: String?.self).flatMap(SatisfactionClass.init(rawValue:))
            let after = try row.decode(column: "class_after", as: String?.self).flatMap(SatisfactionClass.init(rawValue:))
            let n = try row.decode(column: "n", as: Int.self)
            closed += n
            recovered += try row.decode(column: "recovered", as: Int?.self) ?? 0
            if let before, let after, after > before { improved += n }
            transitions.append(.init(before: before, after: after, count: n))
        }
        transitions.sort { ($0.before?.rank ?? -1, $0.after?.rank ?? 5) < ($1.before?.rank ?? -1, $1.after?.rank ?? 5) }
        return ServiceReport.RecoveryFigures(opened: try openedRow?.decode(column: "n", as: Int.self) ?? 0, closed: closed, recovered: recovered,
                                             improved: improved, medianCloseMinutes: try medianRow?.decode(column: "median", as: Double?.self).map { $0 / 60_000 },
                                             transitions: transitions)
    }
}
