import Foundation
import PeyvandCore
import SQLKit

/// First-response and resolution times and SLA attainment, over the tickets opened in the period.
extension ServiceReports {
    struct TicketRows {
        let overall: ServiceReport.TicketFigures
        let byChannel: [ServiceReport.TicketFigures]
        let byTeam: [ServiceReport.TicketFigures]
        let byAgent: [ServiceReport.TicketFigures]
    }

    /// One row per ticket opened in the period (not merged, not deleted): its channel, team and
    /// agent, how long the first answer and the resolution took (wall-clock milliseconds; null
    /// while it has not happened), and whether each target was met or missed (null: still running,
    /// or no service level). A target is missed when the SLA watch escalated its breach (level ≥ 1),
    /// when it was done after its due instant, or when it is not done and its due instant passed.
    static func cohort(_ q: ServiceReportQuery, now: Date) -> SQLQueryString {
        let now = millis(now)
        func state(_ target: String, done: String, due: String) -> SQLQueryString {
            """
            CASE WHEN EXISTS (SELECT 1 FROM ticket_escalations e WHERE e.ticket_id = t.id AND e.target = \(bind: target) AND e.level >= 1) THEN 'missed' \
            WHEN \(unsafeRaw: due) IS NULL THEN NULL \
            WHEN \(unsafeRaw: done) IS NOT NULL THEN CASE WHEN \(unsafeRaw: done) <= \(unsafeRaw: due) THEN 'met' ELSE 'missed' END \
            WHEN \(unsafeRaw: due) <= \(bind: now) THEN 'missed' ELSE NULL END
            """
        }
        let resolvedAt = "(CASE WHEN t.status IN ('resolved', 'closed') THEN COALESCE(t.resolved_at, t.closed_at) END)"
        // Whole numbers as the grouping keys (the channel by its position): sorting them for the
        // percentiles is several times faster than sorting text.
        let channelCode = "CASE t.channel " + TicketChannel.allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0 + 1)" }.joined(separator: " ") + " ELSE 0 END"
        var sql: SQLQueryString = """
            SELECT \(unsafeRaw: channelCode) AS ch, t.team_id AS team, t.assignee_id AS agent,
              t.first_response_at - t.created_at AS fr_ms, \(unsafeRaw: resolvedAt) - t.created_at AS res_ms,
              \(state("first-response", done: "t.first_response_at", due: "t.first_response_due_at")) AS fr_state,
              \(state("resolution", done: resolvedAt, due: "t.resolution_due_at")) AS res_state
            FROM tickets t
            WHERE t.created_at >= \(bind: millis(q.start)) AND t.created_at < \(bind: millis(q.end)) AND t.deleted_at IS NULL AND t.status <> 'merged'
            """
        sql += ticketFilter(q)
        return sql
    }

    /// The four groupings of the cohort's rows, `columns` carried along.
    static func dimensions(_ columns: String) -> String {
        """
        SELECT 0 AS dim, CAST(NULL AS BIGINT) AS k, \(columns) FROM base
        UNION ALL SELECT 1, ch, \(columns) FROM base
        UNION ALL SELECT 2, team, \(columns) FROM base
        UNION ALL SELECT 3, agent, \(columns) FROM base
        """
    }

    static func ticketFigures(_ db: any SQLDatabase, _ q: ServiceReportQuery, now: Date) async throws -> TicketRows {
        struct Key: Hashable { let dim: Int; let k: Int64? }
        let dimensionOrder: [ServiceReport.Dimension] = [.all, .channel, .team, .agent]
        // The channel's key, or the team's or agent's id, as the report names them.
        func name(_ dim: Int, _ k: Int64?) -> String? {
            guard let k else { return nil }
            guard dim == 1 else { return String(k) }
            return TicketChannel.allCases.indices.contains(Int(k) - 1) ? TicketChannel.allCases[Int(k) - 1].rawValue : String(k)
        }
        let countRows = try await db.raw("""
            WITH base AS (\(cohort(q, now: now))), dims AS (\(unsafeRaw: dimensions("fr_state, res_state, res_ms")))
            SELECT dim, k, COUNT(*) AS opened, SUM(CASE WHEN res_ms IS NOT NULL THEN 1 ELSE 0 END) AS resolved,
              SUM(CASE WHEN fr_state = 'met' THEN 1 ELSE 0 END) AS fr_met, SUM(CASE WHEN fr_state = 'missed' THEN 1 ELSE 0 END) AS fr_missed,
              SUM(CASE WHEN res_state = 'met' THEN 1 ELSE 0 END) AS res_met, SUM(CASE WHEN res_state = 'missed' THEN 1 ELSE 0 END) AS res_missed
            FROM dims GROUP BY dim, k
            """).all()
        // Median: the mean of the middle rank(s); 90th percentile: the nearest rank ⌈0.9 n⌉.
        let durationRows = try await db.raw("""
            WITH base AS (\(cohort(q, now: now))),
            measured AS (SELECT 0 AS m, ch, team, agent, fr_ms AS d FROM base WHERE fr_ms IS NOT NULL
              UNION ALL SELECT 1, ch, team, agent, res_ms FROM base WHERE res_ms IS NOT NULL),
            dims AS (SELECT m, 0 AS dim, CAST(NULL AS BIGINT) AS k, d FROM measured
              UNION ALL SELECT m, 1, ch, d FROM measured
              UNION ALL SELECT m, 2, team, d FROM measured
              UNION ALL SELECT m, 3, agent, d FROM measured),
            ranked AS (SELECT m, dim, k, d, ROW_NUMBER() OVER (PARTITION BY m, dim, k ORDER BY d) AS rn,
              COUNT(*) OVER (PARTITION BY m, dim, k) AS n FROM dims)
            SELECT m, dim, k, MAX(n) AS n,
              CAST(AVG(CASE WHEN rn = (n + 1) / 2 OR rn = (n + 2) / 2 THEN d END) AS DOUBLE PRECISION) AS median,
              MAX(CASE WHEN rn = (9 * n + 9) / 10 THEN d END) AS p90
            FROM ranked GROUP BY m, dim, k
            """).all()
        let teamNames = try await db.raw("SELECT id, name FROM service_teams").all()
        let agentNames = try await db.raw("SELECT id, name FROM users").all()

        var durations: [String: [Key: ServiceReport.Durations]] = [:]
        for row in durationRows {
            let key = Key(dim: try row.decode(column: "dim", as: Int.self), k: try row.decode(column: "k", as: Int64?.self))
            durations[try row.decode(column: "m", as: Int.self) == 0 ? "first" : "resolution", default: [:]][key] = ServiceReport.Durations(
                count: try row.decode(column: "n", as: Int.self), medianMinutes: try row.decode(column: "median", as: Double?.self).map { $0 / 60_000 },
                p90Minutes: try row.decode(column: "p90", as: Int64?.self).map { Double($0) / 60_000 })
        }
        var names: [String: String] = [:]
        for row in teamNames { names["team:\(try row.decode(column: "id", as: Int64.self))"] = try row.decode(column: "name", as: String.self) }
        for row in agentNames { names["agent:\(try row.decode(column: "id", as: Int64.self))"] = try row.decode(column: "name", as: String.self) }

        var rows: [ServiceReport.TicketFigures] = []
        for row in countRows {
            let dim = try row.decode(column: "dim", as: Int.self), code = try row.decode(column: "k", as: Int64?.self)
            let key = Key(dim: dim, k: code), k = name(dim, code), dimension = dimensionOrder.indices.contains(dim) ? dimensionOrder[dim] : .all
            func n(_ c: String) throws -> Int { try row.decode(column: c, as: Int?.self) ?? 0 }
            rows.append(ServiceReport.TicketFigures(
                dimension: dimension, key: k, name: k.flatMap { names["\(dimension.rawValue):\($0)"] },
                opened: try n("opened"), resolved: try n("resolved"), firstResponse: durations["first"]?[key] ?? .none,
                resolution: durations["resolution"]?[key] ?? .none,
                firstResponseSLA: ServiceReport.Attainment(met: try n("fr_met"), missed: try n("fr_missed")),
                resolutionSLA: ServiceReport.Attainment(met: try n("res_met"), missed: try n("res_missed"))))
        }
        let empty = ServiceReport.TicketFigures(dimension: .all, key: nil, name: nil, opened: 0, resolved: 0, firstResponse: .none, resolution: .none,
                                                firstResponseSLA: .init(met: 0, missed: 0), resolutionSLA: .init(met: 0, missed: 0))
        let channelOrder = Dictionary(uniqueKeysWithValues: TicketChannel.allCases.enumerated().map { ($1.rawValue, $0) })
        // The busiest first (then by name); the row of no team / nobody last.
        func byName(_ a: ServiceReport.TicketFigures, _ b: ServiceReport.TicketFigures) -> Bool {
            switch (a.key, b.key) {
            case (nil, _): return false
            case (_, nil): return true
            default: return (-a.opened, a.name ?? a.key ?? "", a.key ?? "") < (-b.opened, b.name ?? b.key ?? "", b.key ?? "")
            }
        }
        return TicketRows(
            overall: rows.first { $0.dimension == .all } ?? empty,
            byChannel: rows.filter { $0.dimension == .channel }.sorted { channelOrder[$0.key ?? ""] ?? 99 < channelOrder[$1.key ?? ""] ?? 99 },
            byTeam: rows.filter { $0.dimension == .team }.sorted(by: byName),
            byAgent: rows.filter { $0.dimension == .agent }.sorted(by: byName))
    }
}
