import Foundation
import PeyvandCore
import SQLKit

/// The sales forecast (text 000: "more accurate, simpler sales forecasts"): weighted pipeline,
/// commit and best case by expected close month or quarter of either calendar, by owner, team and
/// pipeline, against won-to-date and each person's quota; the lead funnel; each rep's activity.
///
/// It reads the running totals the triggers of migration 32 keep (`deal_forecast_months`,
/// `staff_activity_days`), so its cost follows the number of people, stages and months, not the
/// number of deals or interactions: a fixed handful of queries whatever the data's size.
public struct SalesForecast: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func read(_ query: ForecastQuery, by principal: Principal) async throws -> Forecast {
        try principal.require(.salesRead, to: "read the sales forecast")
        let db = database.sql
        // A person who reaches only their own customers reads only their own forecast.
        var query = query
        if principal.customerScope == .ownedOrShared { query.ownerId = principal.userId; query.team = nil }
        let q = query
        let thresholds = try await Self.thresholds(db)
        async let currency = Settings.baseCurrency(db)
        async let pipelineRows = db.raw("SELECT id, name FROM pipelines ORDER BY position, id").all()
        async let people = Self.people(db, q)
        async let monthRows = Self.months(db, q, thresholds)
        async let undatedRows = Self.undated(db, q, thresholds)
        async let quotas = Self.quotas(db, q)
        async let funnel = Self.funnel(db, q)
        async let activity = Self.activity(db, q)

        let pipelines = try await pipelineRows.map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self)) }
        let staff = try await people
        let aggregate = ForecastAggregate(query: q)
        let months = try await monthRows
        let quotaRows = try await quotas

        let periods = q.period.siblings.map { period in
            var figures = aggregate.figures(months.filter { period.holds(month: $0.month) })
            figures.quota = ForecastAggregate.quota(quotaRows, within: period, owners: nil)
            return Forecast.PeriodRow(period: period, figures: figures)
        }
        let inPeriod = months.filter { q.period.holds(month: $0.month) }
        var total = aggregate.figures(inPeriod)
        total.quota = ForecastAggregate.quota(quotaRows, within: q.period, owners: nil)

        let ownerIds = Set(inPeriod.map(\.ownerId)).union(quotaRows.map(\.userId)).subtracting([0])
        let owners = ownerIds.compactMap { id -> Forecast.OwnerRow? in
            var figures = aggregate.figures(inPeriod.filter { $0.ownerId == id })
            figures.quota = ForecastAggregate.quota(quotaRows, within: q.period, owners: [id])
            let person = staff[id]
            return Forecast.OwnerRow(userId: id, name: person?.name ?? "#\(id)", team: person?.team, figures: figures)
        }.sorted { ($0.team ?? "", $1.figures.weighted, $0.name) < ($1.team ?? "", $0.figures.weighted, $1.name) }
        var teamFigures: [String?: ForecastFigures] = [:]
        for owner in owners { teamFigures[owner.team, default: ForecastFigures()].add(owner.figures) }
        let teams = teamFigures.map { Forecast.TeamRow(team: $0.key, figures: $0.value) }.sorted { ($0.team ?? "\u{10FFFF}") < ($1.team ?? "\u{10FFFF}") }
        let byPipeline = pipelines.compactMap { id, name -> Forecast.PipelineRow? in
            let rows = inPeriod.filter { $0.pipelineId == id }
            return rows.isEmpty ? nil : Forecast.PipelineRow(pipelineId: id, name: name, figures: aggregate.figures(rows))
        }
        var rep = try await activity
        for i in rep.indices { rep[i].dealsWon = inPeriod.filter { $0.ownerId == rep[i].userId && $0.status == "won" }.reduce(0) { $0 + $1.n } }
        for owner in owners where !rep.contains(where: { $0.userId == owner.userId }) && owner.figures.wonDeals > 0 {
            var row = RepActivity(userId: owner.userId, name: owner.name)
            row.dealsWon = owner.figures.wonDeals
            rep.append(row)
        }
        rep = rep.map { row in
            var row = row
            if let person = staff[row.userId], row.name.hasPrefix("#") { row = RepActivity(userId: row.userId, name: person.name).merging(row) }
            return row
        }.sorted { ($1.total + $1.dealsWon, $0.name) < ($0.total + $0.dealsWon, $1.name) }

        return Forecast(query: q, currency: try await currency, thresholds: thresholds, periods: periods, total: total, owners: owners,
                        teams: teams, pipelines: byPipeline, funnel: try await funnel, activity: rep,
                        undated: aggregate.figures(try await undatedRows))
    }
}

extension RepActivity {
    func merging(_ other: RepActivity) -> RepActivity {
        var row = self
        row.calls = other.calls; row.meetings = other.meetings; row.emails = other.emails
        row.messages = other.messages; row.tasksDone = other.tasksDone; row.dealsWon = other.dealsWon
        return row
    }
}

extension ForecastPeriod {
    /// Whether a `year * 100 + month` month of this period's calendar falls in it.
    func holds(month: Int) -> Bool {
        month / 100 == year && (firstMonth...lastMonth).contains(month % 100)
    }

    /// The period's first and after-last instants in UTC milliseconds (Tehran days).
    var instants: (start: Int64, end: Int64) {
        (Int64(startDay) * 86_400_000 - Receivables.tehranOffsetMillis, Int64(endDay) * 86_400_000 - Receivables.tehranOffsetMillis)
    }
}

extension SalesForecast {
    /// The organisation's currency, in which every figure is.
    public func currency() async throws -> Currency { try await Settings.baseCurrency(database.sql) }
}
