import Foundation
import PeyvandCore
import SQLKit

/// The service reports (issue 16, part 7): first-response and resolution times, SLA attainment by
/// channel, team and agent, the backlog and its age, the service cost per channel, the
/// satisfaction classes over time and now, CSAT and NPS, and service recovery — the figures the
/// CRM scorecard reads.
///
/// Every figure is one set-based query (GROUP BY, window functions) over an indexed range of the
/// period (migration 42), a fixed dozen queries, one after another, whatever the number of tickets;
/// nothing is read ticket by ticket. Organisation-wide figures: only those who read analytics for every customer
/// (`analytics.read`) and read tickets (`tickets.read`) may read them.
public struct ServiceReports: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func read(_ query: ServiceReportQuery, by principal: Principal, now: Date = Date()) async throws -> ServiceReport {
        try Self.requireRead(principal)
        let db = database.sql
        let base = try await Settings.baseCurrency(db)
        // One query after another: a report holds one connection at a time, so it never starves
        // the pool that every other request of the instance draws from.
        let rows = try await Self.ticketFigures(db, query, now: now)
        let backlog = try await Self.backlog(db, query, now: now)
        let cost = try await Self.cost(db, query, base: base, now: now)
        let overTime = try await Self.classesOverTime(db, query)
        let classesNow = try await Self.classesNow(db)
        let surveys = try await Self.surveys(db, query)
        let recovery = try await Self.recovery(db, query)
        return ServiceReport(query: query, asOf: now, currency: base, overall: rows.overall, byChannel: rows.byChannel, byTeam: rows.byTeam,
                             byAgent: rows.byAgent, backlog: backlog, cost: cost, classesOverTime: overTime,
                             classesNow: classesNow, surveys: surveys, recovery: recovery)
    }

    /// The teams and the agents a report may be narrowed to.
    public func choices(by principal: Principal) async throws -> (teams: [(id: Int64, name: String)], agents: [(id: Int64, name: String)]) {
        try Self.requireRead(principal)
        let db = database.sql
        let teams = try await db.raw("SELECT id, name FROM service_teams ORDER BY name, id").all().map {
            (id: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self))
        }
        let agents = try await db.raw("""
            SELECT u.id, u.name FROM users u WHERE u.id IN (SELECT user_id FROM service_team_members) ORDER BY u.name, u.id
            """).all().map { (id: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self)) }
        return (teams, agents)
    }

    public static func requireRead(_ principal: Principal) throws {
        try principal.requireOrganisationWide()
        try principal.require(.ticketsRead, to: "read the service reports")
    }

    /// ` AND t.team_id = … AND t.channel = … AND t.assignee_id = …` for the query's filters.
    static func ticketFilter(_ q: ServiceReportQuery) -> SQLQueryString {
        var sql: SQLQueryString = ""
        if let team = q.teamId { sql += " AND t.team_id = \(bind: team)" }
        if let channel = q.channel { sql += " AND t.channel = \(bind: channel.rawValue)" }
        if let agent = q.agentId { sql += " AND t.assignee_id = \(bind: agent)" }
        return sql
    }

    static func millis(_ date: Date) -> Int64 { Clock.millis(date) }
}
