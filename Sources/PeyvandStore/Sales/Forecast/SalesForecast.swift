import Foundation
import Logging
import PeyvandCore
import SQLKit

/// The sales forecast (text 000: "more accurate, simpler sales forecasts"): weighted pipeline,
/// commit and best case by expected close month or quarter of either calendar, by owner, team and
/// pipeline, against won-to-date and each person's quota; the lead funnel; each rep's activity.
///
/// It reads the running totals triggers keep by month of both calendars — the deals'
/// (`deal_forecast_months`, migration 32), the leads' with their deals' outcome
/// (`lead_funnel_months`) and each person's interactions (`staff_activity_months`, migration 44)
/// — so its cost follows the number of people, stages, sources and months, not the number of
/// deals, leads or interactions: a fixed handful of queries whatever the data's size. Those
/// sums are kept for everyone in a ``ForecastCache`` while the data has not changed and filtered
/// per request; share one `SalesForecast` between the API and the pages so they share it too.
public struct SalesForecast: Sendable {
    let database: Database
    let cache = ForecastCache()
    /// What is made from sales data for a reader (a rendered forecast page, a forecast or a board
    /// as JSON): a thousand at most, each up to tens of kilobytes.
    let derived = ForecastCache(capacity: 1024)

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
        let fresh = try await ForecastFreshness.read(db)
        let key = "forecast:\(q.period.key):\(q.period.calendar.rawValue):\(q.pipelineId ?? 0):\(q.ownerId ?? 0):\(q.team ?? "")"
        return try await kept(key, fresh) { try await compute(q, fresh) }
    }

    /// The forecast of one query from the kept sums (each computed once for everyone).
    func compute(_ q: ForecastQuery, _ fresh: ForecastFreshness) async throws -> Forecast {
        let db = database.sql
        let thresholds = fresh.thresholds
        async let people = Self.people(db, q)
        async let pipelineRows = kept("pipelines", fresh, [.pipelines]) { try await Self.pipelines(db) }
        async let yearRows = yearMonths(q.period.calendar, q.period.year, fresh)
        async let undatedRows = kept("undated", fresh, [.deals, .stages, .settings]) { try await Self.undated(db, thresholds) }
        async let quotaList = kept("quotas:\(q.period.siblings.first?.startDay ?? 0)", fresh, [.quotas]) { try await Self.quotas(db, q.period) }
        // The funnel's monthly totals say when they change; a period they do not answer is added
        // up from the leads and their deals.
        let funnelParts: [ForecastFreshness.Part] = CalendarMonths.answer(for: q.period) ? [.funnelMonths] : [.leads, .deals]
        async let funnelRows = kept("funnel:\(q.period.startDay):\(q.period.endDay)", fresh, funnelParts) { try await Self.funnelRows(db, q.period) }
        async let activityRows = kept("activity:\(q.period.startDay):\(q.period.endDay)", fresh, [.interactions, .tasks]) {
            try await Self.activityRows(db, q.period)
        }

        let staff = try await people
        let admits = Self.owners(q, staff)
        let pipelines = try await pipelineRows
        let aggregate = ForecastAggregate(query: q)
        let months = try await yearRows.filter { admits($0.ownerId) && (q.pipelineId == nil || $0.pipelineId == q.pipelineId) }
        let quotas = try await quotaList.filter { admits($0.userId) }
        let funnel = Self.funnel(try await funnelRows.filter { admits($0.ownerId) && (q.pipelineId == nil || !$0.converted || $0.pipelineId == q.pipelineId) })
        let activity = Self.activity(try await activityRows, admits)
        let undated = try await undatedRows.filter { admits($0.ownerId) && (q.pipelineId == nil || $0.pipelineId == q.pipelineId) }
        let currency = fresh.currency

        let periods = q.period.siblings.map { period in
            var figures = aggregate.figures(months.filter { period.holds(month: $0.month) })
            figures.quota = ForecastAggregate.quota(quotas, within: period, owners: nil)
            return Forecast.PeriodRow(period: period, figures: figures)
        }
        let inPeriod = months.filter { q.period.holds(month: $0.month) }
        var total = aggregate.figures(inPeriod)
        total.quota = ForecastAggregate.quota(quotas, within: q.period, owners: nil)

        let ownerIds = Set(inPeriod.map(\.ownerId)).union(quotas.map(\.userId)).subtracting([0])
        let owners = ownerIds.compactMap { id -> Forecast.OwnerRow? in
            var figures = aggregate.figures(inPeriod.filter { $0.ownerId == id })
            figures.quota = ForecastAggregate.quota(quotas, within: q.period, owners: [id])
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
        var rep = activity
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

        return Forecast(query: q, currency: currency, thresholds: thresholds, periods: periods, total: total, owners: owners,
                        teams: teams, pipelines: byPipeline, funnel: funnel, activity: rep, undated: aggregate.figures(undated))
    }
}

extension SalesForecast {
    /// A value made from sales data for one reader — a rendered forecast page, a pipeline's board
    /// as JSON — kept like the forecast's own sums: any change stored to deals, leads, tasks,
    /// quotas, pipelines, stages' probabilities, teams or interactions drops it, and what those
    /// probes cannot see (a customer's or a stage's new name) shows at most
    /// ``ForecastCache/lifetime`` later. `key` must name everything the value depends on besides
    /// that data: the reader, the address, the language.
    public func kept<T: Sendable>(derived key: String, _ compute: @escaping @Sendable () async throws -> T) async throws -> T {
        let fresh = try await ForecastFreshness.read(database.sql)
        return try await derived.value(key, token: fresh.token, compute)
    }

    /// `compute`'s value, kept while the `parts` of the forecast's data it is made of stay as `fresh` found them.
    func kept<T: Sendable>(_ key: String, _ fresh: ForecastFreshness, _ parts: [ForecastFreshness.Part] = ForecastFreshness.Part.allCases,
                           _ compute: @escaping @Sendable () async throws -> T) async throws -> T {
        try await cache.value(key, token: fresh.token(parts), compute)
    }

    /// A year's deal sums (``months(_:_:year:_:only:)``) kept as the monthly totals' stamps
    /// change: after a change only the months stamped since the kept sums were read (less
    /// ``stampMargin``) are added up again — a deal moved on the board costs its month or two,
    /// not the year. New probabilities or commit and best-case lines make them again whole.
    func yearMonths(_ calendar: ForecastPeriod.CalendarKind, _ year: Int, _ fresh: ForecastFreshness) async throws -> [ForecastMonthRow] {
        let db = database.sql, t = fresh.thresholds, stamp = fresh.dealMonthsStamp
        let key = "months:\(calendar.rawValue):\(year):\(fresh.token([.stages, .settings]))"
        let kept = try await cache.value(key, token: fresh.token([.dealMonths])) { (before: KeptMonths?) -> KeptMonths in
            guard let before else { return KeptMonths(rows: try await Self.months(db, calendar, year: year, t), stamp: stamp) }
            let changed = try await Self.changedMonths(db, calendar, year: year, since: before.stamp - Self.stampMargin)
            guard !changed.isEmpty else { return KeptMonths(rows: before.rows, stamp: stamp) }
            let again = try await Self.months(db, calendar, year: year, t, only: changed)
            return KeptMonths(rows: before.rows.filter { !changed.contains($0.month) } + again, stamp: stamp)
        }
        return kept.rows
    }

    /// How far before the kept sums' stamp changed months are looked for: a transaction stamps
    /// its rows before it commits, so one that committed after the sums were read may carry an
    /// older stamp than the newest then seen (a clock stepped back, PostgreSQL's concurrent
    /// writers). What even this misses is read whole within ``ForecastCache/lifetime``.
    static let stampMargin: Int64 = 10_000

    struct KeptMonths: Sendable {
        let rows: [ForecastMonthRow]
        /// The newest stamp of the monthly totals when they were read.
        let stamp: Int64
    }

    /// Whom a query's owner and team filters let through (deals without an owner only when neither is set).
    static func owners(_ q: ForecastQuery, _ people: [Int64: Person]) -> @Sendable (Int64) -> Bool {
        let team = q.team, owner = q.ownerId
        let members = team.map { team in Set(people.filter { $0.value.team == team }.keys) }
        return { id in (owner == nil || id == owner) && (members == nil || members!.contains(id)) }
    }
}

extension SalesForecast {
    /// Works out what managers open first — every quarter and month of this year and the quarter
    /// before this one, in both calendars, with the year's sums, funnels, activity and quotas —
    /// and keeps it, as the server starts: about a second of work in the background, one period
    /// after another. A failure is only logged: the first reader computes it then.
    public func warm(now: Date = Date(), logger: Logger) async {
        let everyone = Principal(userId: 0, name: "forecast warm-up", role: .administrator)
        let today = Tehran.day(of: now).daysSinceUnixEpoch
        let started = ContinuousClock.now
        for calendar in ForecastPeriod.CalendarKind.allCases {
            let quarter = ForecastPeriod.containing(day: today, calendar, .quarter)
            let month = ForecastPeriod.containing(day: today, calendar, .month)
            for period in [quarter] + quarter.siblings + month.siblings + [quarter.previous] {
                do { _ = try await read(ForecastQuery(period: period), by: everyone) } catch {
                    logger.notice("forecast warm-up skipped: \(error)")
                    return
                }
            }
        }
        logger.debug("forecast worked out at start", metadata: ["duration": "\(ContinuousClock.now - started)"])
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
