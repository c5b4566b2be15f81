import Foundation
import PeyvandCore
import SQLKit

/// Quotas per person and period, the teams people sell in, and where the forecast draws its
/// commit and best-case lines: set by those who configure selling (`sales.configure`).
public struct SalesQuotas: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public struct Quota: Sendable, Hashable {
        public let userId: Int64
        public let period: ForecastPeriod
        public let amount: Int64

        public init(userId: Int64, period: ForecastPeriod, amount: Int64) {
            self.userId = userId
            self.period = period
            self.amount = amount
        }
    }

    /// Sets (or, with nil, removes) a person's quota for a period, in the organisation's currency.
    public func set(userId: Int64, period: ForecastPeriod, amount: Int64?, by principal: Principal) async throws {
        try principal.require(.salesConfigure, to: "set sales quotas")
        if let amount, amount < 0 {
            throw StoreError.invalid(ValidationError(field: "amount", reason: "must not be negative", code: "amount.negative"))
        }
        try await database.transaction { db in
            try await Self.requireStaff(db, userId)
            try await db.raw("""
                DELETE FROM sales_quotas WHERE user_id = \(bind: userId) AND start_day = \(bind: Int64(period.startDay))
                  AND end_day = \(bind: Int64(period.endDay))
                """).run()
            if let amount {
                try await db.raw("""
                    INSERT INTO sales_quotas (user_id, start_day, end_day, amount_minor, updated_by, updated_at)
                    VALUES (\(bind: userId), \(bind: Int64(period.startDay)), \(bind: Int64(period.endDay)), \(bind: amount),
                      \(bind: principal.userId), \(bind: Clock.nowMillis()))
                    """).run()
            }
            try await AuditLog.record(db, entity: "quota", entityId: userId, by: principal, action: amount == nil ? "delete" : "update",
                                      field: "\(period.calendar.rawValue) \(period.key)", after: amount.map(String.init), at: Clock.nowMillis())
        }
    }

    /// The quotas set for the periods of `period`'s year and kind.
    public func list(_ period: ForecastPeriod, by principal: Principal) async throws -> [Quota] {
        try principal.require(.salesRead, to: "read sales quotas")
        let periods = period.siblings
        var sql: SQLQueryString = "SELECT user_id, start_day, end_day, amount_minor FROM sales_quotas WHERE start_day >= \(bind: Int64(periods[0].startDay)) AND end_day <= \(bind: Int64(periods[periods.count - 1].endDay))"
        if principal.customerScope == .ownedOrShared { sql += " AND user_id = \(bind: principal.userId)" }
        sql += " ORDER BY user_id, start_day"
        return try await database.sql.raw(sql).all().compactMap { row in
            let start = try row.decode(column: "start_day", as: Int.self), end = try row.decode(column: "end_day", as: Int.self)
            guard let p = periods.first(where: { $0.startDay == start && $0.endDay == end }) else { return nil }
            return Quota(userId: try row.decode(column: "user_id", as: Int64.self), period: p, amount: try row.decode(column: "amount_minor", as: Int64.self))
        }
    }

    /// Puts a person in a team (nil or blank: in none).
    public func setTeam(userId: Int64, team: String?, by principal: Principal) async throws {
        try principal.require(.salesConfigure, to: "set sales teams")
        let team = team?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let team, team.count > 100 {
            throw StoreError.invalid(ValidationError(field: "team", reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"]))
        }
        try await database.transaction { db in
            try await Self.requireStaff(db, userId)
            try await db.raw("UPDATE users SET team = \(bind: team?.isEmpty == false ? team : nil) WHERE id = \(bind: userId)").run()
            // The forecast keeps what it added up by team until this revision changes.
            let revision = Int(try await db.raw("SELECT value FROM settings WHERE key = 'sales_teams_revision'").first()?
                .decode(column: "value", as: String.self) ?? "0") ?? 0
            try await db.raw("DELETE FROM settings WHERE key = 'sales_teams_revision'").run()
            try await db.raw("INSERT INTO settings (key, value) VALUES ('sales_teams_revision', \(bind: String(revision + 1)))").run()
            try await AuditLog.record(db, entity: "user", entityId: userId, by: principal, action: "update", field: "team", after: team,
                                      at: Clock.nowMillis())
        }
    }

    /// The teams in use, by name.
    public func teams() async throws -> [String] {
        try await database.sql.raw("SELECT DISTINCT team FROM users WHERE team IS NOT NULL ORDER BY team").all()
            .map { try $0.decode(column: "team", as: String.self) }
    }

    public func thresholds() async throws -> ForecastThresholds { try await ForecastFreshness.read(database.sql).thresholds }

    public func setThresholds(_ thresholds: ForecastThresholds, by principal: Principal) async throws {
        try principal.require(.salesConfigure, to: "set the forecast's probabilities")
        let t: ForecastThresholds
        do { t = try thresholds.validated() } catch { throw StoreError.invalid(error) }
        try await database.transaction { db in
            for (key, value) in [("forecast_commit_from", t.commitFrom), ("forecast_best_case_from", t.bestCaseFrom)] {
                try await db.raw("DELETE FROM settings WHERE key = \(bind: key)").run()
                try await db.raw("INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: String(value)))").run()
            }
            try await AuditLog.record(db, entity: "settings", entityId: 0, by: principal, action: "update", field: "forecast",
                                      after: "commit from \(t.commitFrom)%, best case from \(t.bestCaseFrom)%", at: Clock.nowMillis())
        }
    }

    static func requireStaff(_ db: any SQLDatabase, _ id: Int64) async throws {
        guard try await db.raw("SELECT id FROM users WHERE id = \(bind: id)").first() != nil else {
            throw StoreError.notFound(entity: "user", id: String(id))
        }
    }
}

extension SalesQuotas {
    public struct Seller: Sendable, Hashable {
        public let userId: Int64
        public let name: String
        public let team: String?
    }

    /// The active staff whose role sells (may write deals), by team and name: the people quotas
    /// are set for and the forecast is filtered by.
    public func sellers(by principal: Principal) async throws -> [Seller] {
        try principal.require(.salesRead, to: "read the sales forecast")
        let roles = Role.allCases.filter { AccessPolicy.allows($0, .dealsWrite) }.map(\.rawValue)
        var sql: SQLQueryString = "SELECT id, name, team FROM users WHERE active = \(bind: true) AND role IN (\(binds: roles))"
        if principal.customerScope == .ownedOrShared { sql += " AND id = \(bind: principal.userId)" }
        sql += " ORDER BY team, name, id"
        return try await database.sql.raw(sql).all().map {
            Seller(userId: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self),
                   team: try $0.decode(column: "team", as: String?.self))
        }
    }

    /// The pipelines in use, for the forecast's filter.
    public func pipelines() async throws -> [(id: Int64, name: String)] {
        try await database.sql.raw("SELECT id, name FROM pipelines WHERE archived = \(bind: false) ORDER BY position, id").all().map {
            (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self))
        }
    }
}
