import PeyvandCore
import SQLKit

/// One row of the running deal totals: deals of one month, pipeline, owner, stage, status and
/// probability override (-1: the stage's).
struct ForecastMonthRow: Sendable, Hashable {
    let month: Int
    let pipelineId: Int64
    let stageId: Int64
    let ownerId: Int64
    let status: String
    let probability: Int
    let n: Int
    let amount: Int64
}

struct QuotaRow: Sendable, Hashable {
    let userId: Int64
    let startDay: Int
    let endDay: Int
    let amount: Int64
}

extension SalesForecast {
    struct Person: Sendable { let name: String; let team: String? }

    static func thresholds(_ db: any SQLDatabase) async throws -> ForecastThresholds {
        let rows = try await db.raw("SELECT key, value FROM settings WHERE key IN ('forecast_commit_from', 'forecast_best_case_from')").all()
        var t = ForecastThresholds.standard
        for row in rows {
            let value = Int(try row.decode(column: "value", as: String.self)) ?? -1
            guard (0...100).contains(value) else { continue }
            if try row.decode(column: "key", as: String.self) == "forecast_commit_from" { t.commitFrom = value } else { t.bestCaseFrom = value }
        }
        return t
    }

    /// The filter on owners a query asks for, as SQL on `column`.
    static func ownerFilter(_ q: ForecastQuery, _ column: String) -> SQLQueryString {
        var sql = SQLQueryString("")
        if let owner = q.ownerId { sql += " AND \(unsafeRaw: column) = \(bind: owner)" }
        if let team = q.team { sql += " AND \(unsafeRaw: column) IN (SELECT id FROM users WHERE team = \(bind: team))" }
        return sql
    }

    static func people(_ db: any SQLDatabase, _ q: ForecastQuery) async throws -> [Int64: Person] {
        var people: [Int64: Person] = [:]
        for row in try await db.raw("SELECT id, name, team FROM users").all() {
            people[try row.decode(column: "id", as: Int64.self)] = Person(name: try row.decode(column: "name", as: String.self),
                                                                          team: try row.decode(column: "team", as: String?.self))
        }
        return people
    }

    static func months(_ db: any SQLDatabase, _ q: ForecastQuery) async throws -> [ForecastMonthRow] {
        let year = q.period.year
        var sql: SQLQueryString = """
            SELECT month, pipeline_id, stage_id, owner_id, status, probability, n, amount FROM deal_forecast_months
            WHERE calendar = \(bind: q.period.calendar.rawValue) AND month >= \(bind: year * 100 + 1) AND month <= \(bind: year * 100 + 12)
              AND n <> 0
            """
        if let pipeline = q.pipelineId { sql += " AND pipeline_id = \(bind: pipeline)" }
        sql += ownerFilter(q, "owner_id")
        return try await db.raw(sql).all().map(Self.monthRow)
    }

    /// Open deals without an expected close day, straight from the deals (they are few, and the
    /// board's index serves the count).
    static func undated(_ db: any SQLDatabase, _ q: ForecastQuery) async throws -> [ForecastMonthRow] {
        var sql: SQLQueryString = """
            SELECT 0 AS month, pipeline_id, stage_id, COALESCE(owner_id, 0) AS owner_id, status, COALESCE(probability, -1) AS probability,
              COUNT(*) AS n, CAST(SUM(amount_base_minor) AS BIGINT) AS amount
            FROM deals WHERE status = 'open' AND expected_close_day IS NULL AND deleted_at IS NULL
            """
        if let pipeline = q.pipelineId { sql += " AND pipeline_id = \(bind: pipeline)" }
        sql += ownerFilter(q, "owner_id")
        sql += " GROUP BY pipeline_id, stage_id, COALESCE(owner_id, 0), status, COALESCE(probability, -1)"
        return try await db.raw(sql).all().map(Self.monthRow)
    }

    static func monthRow(_ row: any SQLRow) throws -> ForecastMonthRow {
        ForecastMonthRow(month: try row.decode(column: "month", as: Int.self), pipelineId: try row.decode(column: "pipeline_id", as: Int64.self),
                         stageId: try row.decode(column: "stage_id", as: Int64.self), ownerId: try row.decode(column: "owner_id", as: Int64.self),
                         status: try row.decode(column: "status", as: String.self), probability: try row.decode(column: "probability", as: Int.self),
                         n: try row.decode(column: "n", as: Int.self), amount: try row.decode(column: "amount", as: Int64.self))
    }

    static func quotas(_ db: any SQLDatabase, _ q: ForecastQuery) async throws -> [QuotaRow] {
        let year = q.period.siblings
        guard let first = year.first, let last = year.last else { return [] }
        var sql: SQLQueryString = """
            SELECT user_id, start_day, end_day, amount_minor FROM sales_quotas
            WHERE start_day >= \(bind: first.startDay) AND end_day <= \(bind: last.endDay)
            """
        sql += ownerFilter(q, "user_id")
        return try await db.raw(sql).all().map { row in
            QuotaRow(userId: try row.decode(column: "user_id", as: Int64.self), startDay: try row.decode(column: "start_day", as: Int.self),
                     endDay: try row.decode(column: "end_day", as: Int.self), amount: try row.decode(column: "amount_minor", as: Int64.self))
        }
    }
}

/// Turns running-total rows into figures with the stages' probabilities and the thresholds.
struct ForecastAggregate {
    let query: ForecastQuery
    let thresholds: ForecastThresholds
    let stageProbability: [Int64: Int]

    func figures(_ rows: [ForecastMonthRow]) -> ForecastFigures {
        var f = ForecastFigures()
        // The weighted sum is exact: Σ amount × p / 100, rounded once (half up) at the end.
        // amount = 100q + r, so it is Σ q·p + (Σ r·p) / 100.
        var whole: Int64 = 0, hundredths: Int64 = 0
        for row in rows {
            switch row.status {
            case "won":
                f.won &+= row.amount; f.wonDeals += row.n
                whole &+= row.amount; f.commit &+= row.amount; f.bestCase &+= row.amount
            case "lost":
                f.lost &+= row.amount; f.lostDeals += row.n
            default:
                let p = row.probability >= 0 ? row.probability : stageProbability[row.stageId] ?? 0
                f.pipeline &+= row.amount; f.openDeals += row.n
                let (q, r) = row.amount.quotientAndRemainder(dividingBy: 100)
                whole &+= q &* Int64(p); hundredths &+= r &* Int64(p)
                if p >= thresholds.commitFrom { f.commit &+= row.amount }
                if p >= thresholds.bestCaseFrom { f.bestCase &+= row.amount }
            }
        }
        let (carry, rest) = hundredths.quotientAndRemainder(dividingBy: 100)
        f.weighted = whole &+ carry &+ (rest >= 50 ? 1 : 0)
        return f
    }

    /// The quotas that lie within `period` (monthly quotas add up to a quarter), for the given
    /// people or everyone; nil when none is set.
    static func quota(_ rows: [QuotaRow], within period: ForecastPeriod, owners: Set<Int64>?) -> Int64? {
        let inside = rows.filter { $0.startDay >= period.startDay && $0.endDay <= period.endDay && (owners?.contains($0.userId) ?? true) }
        return inside.isEmpty ? nil : inside.reduce(Int64(0)) { $0 &+ $1.amount }
    }
}
