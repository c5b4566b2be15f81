import PeyvandCore
import SQLKit

/// Deals of one month, pipeline, owner and status, summed in SQL with each group's probability
/// (the deal's own, else its stage's) already applied: the amount, the weighted amount as
/// Σ (amount ÷ 100) × p and Σ (amount mod 100) × p (exact, rounded once when added up), and the
/// amounts at or above the commit and best-case lines. A year of them is a few thousand rows
/// whatever the number of deals.
struct ForecastMonthRow: Sendable, Hashable {
    let month: Int
    let pipelineId: Int64
    let ownerId: Int64
    let status: String
    let n: Int
    let amount: Int64
    let weightedWhole: Int64
    let weightedHundredths: Int64
    let commit: Int64
    let bestCase: Int64
}

struct QuotaRow: Sendable, Hashable {
    let userId: Int64
    let startDay: Int
    let endDay: Int
    let amount: Int64
}

extension SalesForecast {
    struct Person: Sendable { let name: String; let team: String? }

    static func pipelines(_ db: any SQLDatabase) async throws -> [(Int64, String)] {
        try await db.raw("SELECT id, name FROM pipelines ORDER BY position, id").all().map {
            (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self))
        }
    }

    static func people(_ db: any SQLDatabase, _ q: ForecastQuery) async throws -> [Int64: Person] {
        var people: [Int64: Person] = [:]
        for row in try await db.raw("SELECT id, name, team FROM users").all() {
            people[try row.decode(column: "id", as: Int64.self)] = Person(name: try row.decode(column: "name", as: String.self),
                                                                          team: try row.decode(column: "team", as: String?.self))
        }
        return people
    }

    /// The sums every figure is made of, grouped by month, pipeline, owner and status.
    static func sums(_ t: ForecastThresholds) -> SQLQueryString {
        let p = "CASE WHEN f.probability >= 0 THEN f.probability ELSE s.probability END"
        return """
            SELECT f.month, f.pipeline_id, f.owner_id, f.status, CAST(SUM(f.n) AS BIGINT) AS n, CAST(SUM(f.amount) AS BIGINT) AS amount,
              CAST(SUM((f.amount / 100) * \(unsafeRaw: p)) AS BIGINT) AS weighted_whole,
              CAST(SUM((f.amount % 100) * \(unsafeRaw: p)) AS BIGINT) AS weighted_hundredths,
              CAST(SUM(CASE WHEN \(unsafeRaw: p) >= \(bind: t.commitFrom) THEN f.amount ELSE 0 END) AS BIGINT) AS commit_amount,
              CAST(SUM(CASE WHEN \(unsafeRaw: p) >= \(bind: t.bestCaseFrom) THEN f.amount ELSE 0 END) AS BIGINT) AS best_amount
            """
    }

    /// A year's sums of every pipeline and owner (the request's filters apply afterwards), or of
    /// the `only` months of it.
    static func months(_ db: any SQLDatabase, _ calendar: ForecastPeriod.CalendarKind, year: Int, _ t: ForecastThresholds,
                       only: Set<Int>? = nil) async throws -> [ForecastMonthRow] {
        var sql = sums(t) + """
             FROM deal_forecast_months f JOIN pipeline_stages s ON s.id = f.stage_id
            WHERE f.calendar = \(bind: calendar.rawValue) AND f.month >= \(bind: year * 100 + 1) AND f.month <= \(bind: year * 100 + 12)
              AND f.n <> 0
            """
        if let only {
            sql = sql + " AND f.month IN (" + SQLQueryString(only.sorted().map { "\($0)" }.joined(separator: ", ")) + ")"
        }
        return try await db.raw(sql + " GROUP BY f.month, f.pipeline_id, f.owner_id, f.status").all().map(Self.monthRow)
    }

    /// The months of a year whose deal totals were stamped after `since` (migration 47), found
    /// through the stamps' index (SQLite's planner would rather read the year by its key).
    static func changedMonths(_ db: any SQLDatabase, _ calendar: ForecastPeriod.CalendarKind, year: Int, since: Int64) async throws -> Set<Int> {
        let indexed = db.storeDialect == .sqlite ? " INDEXED BY deal_forecast_months_changed" : ""
        let rows = try await db.raw("""
            SELECT DISTINCT month FROM deal_forecast_months\(unsafeRaw: indexed)
            WHERE changed_at > \(bind: since) AND calendar = \(bind: calendar.rawValue)
              AND month >= \(bind: year * 100 + 1) AND month <= \(bind: year * 100 + 12)
            """).all()
        return Set(try rows.map { try $0.decode(column: "month", as: Int.self) })
    }

    /// Open deals without an expected close day, straight from the deals (the same sums).
    static func undated(_ db: any SQLDatabase, _ t: ForecastThresholds) async throws -> [ForecastMonthRow] {
        let sql = sums(t) + """
             FROM (SELECT 0 AS month, pipeline_id, stage_id, COALESCE(owner_id, 0) AS owner_id, status, COALESCE(probability, -1) AS probability,
                     1 AS n, amount_base_minor AS amount
                   FROM deals WHERE status = 'open' AND expected_close_day IS NULL AND deleted_at IS NULL
                  ) f JOIN pipeline_stages s ON s.id = f.stage_id GROUP BY f.month, f.pipeline_id, f.owner_id, f.status
            """
        return try await db.raw(sql).all().map(Self.monthRow)
    }

    static func monthRow(_ row: any SQLRow) throws -> ForecastMonthRow {
        ForecastMonthRow(month: try row.decode(column: "month", as: Int.self), pipelineId: try row.decode(column: "pipeline_id", as: Int64.self),
                         ownerId: try row.decode(column: "owner_id", as: Int64.self), status: try row.decode(column: "status", as: String.self),
                         n: try row.decode(column: "n", as: Int.self), amount: try row.decode(column: "amount", as: Int64.self),
                         weightedWhole: try row.decode(column: "weighted_whole", as: Int64.self),
                         weightedHundredths: try row.decode(column: "weighted_hundredths", as: Int64.self),
                         commit: try row.decode(column: "commit_amount", as: Int64.self), bestCase: try row.decode(column: "best_amount", as: Int64.self))
    }

    /// Everyone's quotas within the year of `period`.
    static func quotas(_ db: any SQLDatabase, _ period: ForecastPeriod) async throws -> [QuotaRow] {
        let year = period.siblings
        guard let first = year.first, let last = year.last else { return [] }
        let sql: SQLQueryString = """
            SELECT user_id, start_day, end_day, amount_minor FROM sales_quotas
            WHERE start_day >= \(bind: first.startDay) AND end_day <= \(bind: last.endDay)
            """
        return try await db.raw(sql).all().map { row in
            QuotaRow(userId: try row.decode(column: "user_id", as: Int64.self), startDay: try row.decode(column: "start_day", as: Int.self),
                     endDay: try row.decode(column: "end_day", as: Int.self), amount: try row.decode(column: "amount_minor", as: Int64.self))
        }
    }
}

/// Adds up the sums of many months, owners or pipelines into one set of figures.
struct ForecastAggregate {
    let query: ForecastQuery

    func figures(_ rows: [ForecastMonthRow]) -> ForecastFigures {
        var f = ForecastFigures()
        // The weighted sum is exact: Σ amount × p / 100, rounded once (half up) at the end.
        var whole: Int64 = 0, hundredths: Int64 = 0
        for row in rows {
            switch row.status {
            case "won":
                f.won &+= row.amount; f.wonDeals += row.n
                whole &+= row.amount; f.commit &+= row.amount; f.bestCase &+= row.amount
            case "lost":
                f.lost &+= row.amount; f.lostDeals += row.n
            default:
                f.pipeline &+= row.amount; f.openDeals += row.n
                whole &+= row.weightedWhole; hundredths &+= row.weightedHundredths
                f.commit &+= row.commit; f.bestCase &+= row.bestCase
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
