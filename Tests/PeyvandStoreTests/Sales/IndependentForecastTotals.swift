import Foundation
import PeyvandCore
@testable import PeyvandStore
import SQLKit

/// The lead funnel and each person's activity added up here from the leads, their deals and the
/// interactions as stored — by month of either calendar (the month worked out by
/// `ForecastPeriod`, not by `calendar_months`), or over a period's instants as the forecast read
/// them before the running totals by month — and the running totals as stored, in the same shape.
struct IndependentForecastTotals {
    struct FunnelKey: Hashable {
        let owner: Int64
        let source: String
        let channel: String
        let converted: Bool
        /// The pipeline of the lead's live deal (nil: no deal, or a deleted or missing one).
        let pipeline: Int64?
    }

    struct FunnelFigures: Hashable {
        var leads = 0, deals = 0, won = 0
        var wonAmount: Int64 = 0
    }

    struct ActivityKey: Hashable {
        let staff: Int64
        let kind: String
    }

    struct Monthly<Key: Hashable>: Hashable {
        let calendar: String
        let month: Int
        let key: Key
    }

    struct Lead {
        let createdAt: Int64
        let key: FunnelKey
        let won: Int64?
    }

    struct Interaction {
        let occurredAt: Int64
        let key: ActivityKey
    }

    let leads: [Lead]
    let interactions: [Interaction]

    static func read(_ db: any SQLDatabase) async throws -> IndependentForecastTotals {
        let leads = try await db.raw("""
            SELECT l.created_at, l.owner_id, l.source, l.channel, l.deal_id, d.pipeline_id, d.status, d.amount_base_minor
            FROM leads l LEFT JOIN deals d ON d.id = l.deal_id AND d.deleted_at IS NULL
            """).all().map { row in
            let status = try row.decode(column: "status", as: String?.self)
            let key = FunnelKey(owner: try row.decode(column: "owner_id", as: Int64?.self) ?? 0, source: try row.decode(column: "source", as: String.self),
                                channel: try row.decode(column: "channel", as: String.self),
                                converted: try row.decode(column: "deal_id", as: Int64?.self) != nil,
                                pipeline: try row.decode(column: "pipeline_id", as: Int64?.self))
            return Lead(createdAt: try row.decode(column: "created_at", as: Int64.self), key: key,
                        won: status == "won" ? try row.decode(column: "amount_base_minor", as: Int64.self) : nil)
        }
        let interactions = try await db.raw("""
            SELECT occurred_at, staff_id, kind FROM interactions WHERE staff_id IS NOT NULL AND deleted_at IS NULL
            """).all().map { row in
            Interaction(occurredAt: try row.decode(column: "occurred_at", as: Int64.self),
                        key: ActivityKey(staff: try row.decode(column: "staff_id", as: Int64.self), kind: try row.decode(column: "kind", as: String.self)))
        }
        return IndependentForecastTotals(leads: leads, interactions: interactions)
    }

    static let offset: Int64 = 12_600_000

    /// The Tehran day of an instant, as the forecast counts days.
    static func day(_ instant: Int64) -> Int { Int((instant + offset) / 86_400_000) }

    static func month(_ instant: Int64, _ calendar: ForecastPeriod.CalendarKind) -> Int {
        let period = ForecastPeriod.containing(day: day(instant), calendar, .month)
        return period.year * 100 + period.index
    }

    static func contains(_ period: ForecastPeriod, _ instant: Int64) -> Bool {
        instant >= Int64(period.startDay) * 86_400_000 - offset && instant < Int64(period.endDay) * 86_400_000 - offset
    }

    static func add(_ lead: Lead, to figures: inout FunnelFigures) {
        figures.leads += 1
        if lead.key.converted { figures.deals += 1 }
        if let amount = lead.won { figures.won += 1; figures.wonAmount += amount }
    }

    func funnelByMonth() -> [Monthly<FunnelKey>: FunnelFigures] {
        var sums: [Monthly<FunnelKey>: FunnelFigures] = [:]
        for lead in leads {
            for calendar in ForecastPeriod.CalendarKind.allCases {
                Self.add(lead, to: &sums[Monthly(calendar: calendar.rawValue, month: Self.month(lead.createdAt, calendar), key: lead.key), default: .init()])
            }
        }
        return sums
    }

    func funnel(in period: ForecastPeriod) -> [FunnelKey: FunnelFigures] {
        var sums: [FunnelKey: FunnelFigures] = [:]
        for lead in leads where Self.contains(period, lead.createdAt) { Self.add(lead, to: &sums[lead.key, default: .init()]) }
        return sums
    }

    func activityByMonth() -> [Monthly<ActivityKey>: Int] {
        var sums: [Monthly<ActivityKey>: Int] = [:]
        for interaction in interactions {
            for calendar in ForecastPeriod.CalendarKind.allCases {
                sums[Monthly(calendar: calendar.rawValue, month: Self.month(interaction.occurredAt, calendar), key: interaction.key), default: 0] += 1
            }
        }
        return sums
    }

    /// Interactions are counted by their day (as `staff_activity_days` always has), leads by their
    /// instant; the two differ only before 1970.
    func activity(in period: ForecastPeriod) -> [ActivityKey: Int] {
        var sums: [ActivityKey: Int] = [:]
        for interaction in interactions where (period.startDay..<period.endDay).contains(Self.day(interaction.occurredAt)) {
            sums[interaction.key, default: 0] += 1
        }
        return sums
    }

    /// Every period (month and quarter of both calendars) that holds a lead or an interaction.
    func periods() -> Set<ForecastPeriod> {
        let instants = leads.map(\.createdAt) + interactions.map(\.occurredAt)
        return Set(instants.flatMap { instant in
            ForecastPeriod.CalendarKind.allCases.flatMap { calendar in
                ForecastPeriod.Granularity.allCases.map { ForecastPeriod.containing(day: Self.day(instant), calendar, $0) }
            }
        })
    }

    /// `lead_funnel_months` as stored, less the rows that came back to nothing.
    static func funnelTable(_ db: any SQLDatabase) async throws -> [Monthly<FunnelKey>: FunnelFigures] {
        var rows: [Monthly<FunnelKey>: FunnelFigures] = [:]
        for row in try await db.raw("SELECT * FROM lead_funnel_months WHERE leads <> 0 OR deals <> 0 OR won <> 0 OR won_amount <> 0").all() {
            let pipeline = try row.decode(column: "pipeline_id", as: Int64.self)
            let key = FunnelKey(owner: try row.decode(column: "owner_id", as: Int64.self), source: try row.decode(column: "source", as: String.self),
                                channel: try row.decode(column: "channel", as: String.self), converted: try row.decode(column: "converted", as: Int.self) == 1,
                                pipeline: pipeline == 0 ? nil : pipeline)
            rows[Monthly(calendar: try row.decode(column: "calendar", as: String.self), month: try row.decode(column: "month", as: Int.self), key: key)] =
                FunnelFigures(leads: try row.decode(column: "leads", as: Int.self), deals: try row.decode(column: "deals", as: Int.self),
                              won: try row.decode(column: "won", as: Int.self), wonAmount: try row.decode(column: "won_amount", as: Int64.self))
        }
        return rows
    }

    /// `staff_activity_months` as stored, less the rows that came back to nothing.
    static func activityTable(_ db: any SQLDatabase) async throws -> [Monthly<ActivityKey>: Int] {
        var rows: [Monthly<ActivityKey>: Int] = [:]
        for row in try await db.raw("SELECT calendar, month, staff_id, kind, n FROM staff_activity_months WHERE n <> 0").all() {
            let key = ActivityKey(staff: try row.decode(column: "staff_id", as: Int64.self), kind: try row.decode(column: "kind", as: String.self))
            rows[Monthly(calendar: try row.decode(column: "calendar", as: String.self), month: try row.decode(column: "month", as: Int.self), key: key)] =
                try row.decode(column: "n", as: Int.self)
        }
        return rows
    }

    /// The forecast's funnel rows of a period in the same shape (rows that add up to the same key
    /// are added, so a duplicate shows as a wrong sum).
    static func funnel(_ rows: [FunnelRow]) -> [FunnelKey: FunnelFigures] {
        var sums: [FunnelKey: FunnelFigures] = [:]
        for row in rows {
            let key = FunnelKey(owner: row.ownerId, source: row.source, channel: row.channel, converted: row.converted, pipeline: row.pipelineId)
            sums[key, default: .init()].leads += row.leads
            sums[key, default: .init()].deals += row.deals
            sums[key, default: .init()].won += row.won
            sums[key, default: .init()].wonAmount += row.wonAmount
        }
        return sums
    }

    /// The forecast's activity rows of a period (interactions only; tasks are counted apart).
    static func activity(_ rows: [ActivityRow]) -> [ActivityKey: Int] {
        var sums: [ActivityKey: Int] = [:]
        for row in rows { if let kind = row.kind { sums[ActivityKey(staff: row.staffId, kind: kind.rawValue), default: 0] += row.n } }
        return sums.filter { $0.value != 0 }
    }
}

/// The deals' forecast sums (`deal_forecast_months`, migration 32) added up here from the deals as
/// stored: an open deal in the month of its expected close day, a closed one in the month it
/// closed, a deleted one nowhere.
struct IndependentDealMonths {
    struct Key: Hashable {
        let calendar: String
        let month: Int
        let pipeline: Int64, stage: Int64, owner: Int64
        let status: String
        let probability: Int
    }

    struct Sums: Hashable {
        var n = 0
        var amount: Int64 = 0
    }

    static func fromDeals(_ db: any SQLDatabase) async throws -> [Key: Sums] {
        var sums: [Key: Sums] = [:]
        for row in try await db.raw("""
            SELECT pipeline_id, stage_id, owner_id, status, probability, amount_base_minor, expected_close_day, closed_at
            FROM deals WHERE deleted_at IS NULL
            """).all() {
            let status = try row.decode(column: "status", as: String.self)
            let day: Int? = status == "open"
                ? try row.decode(column: "expected_close_day", as: Int?.self)
                : try row.decode(column: "closed_at", as: Int64?.self).map(IndependentForecastTotals.day)
            guard let day else { continue }
            for calendar in ForecastPeriod.CalendarKind.allCases {
                let period = ForecastPeriod.containing(day: day, calendar, .month)
                let key = Key(calendar: calendar.rawValue, month: period.year * 100 + period.index,
                              pipeline: try row.decode(column: "pipeline_id", as: Int64.self), stage: try row.decode(column: "stage_id", as: Int64.self),
                              owner: try row.decode(column: "owner_id", as: Int64?.self) ?? 0, status: status,
                              probability: try row.decode(column: "probability", as: Int?.self) ?? -1)
                sums[key, default: Sums()].n += 1
                sums[key, default: Sums()].amount += try row.decode(column: "amount_base_minor", as: Int64.self)
            }
        }
        return sums
    }

    /// `deal_forecast_months` as stored, less the rows that came back to nothing.
    static func table(_ db: any SQLDatabase) async throws -> [Key: Sums] {
        var sums: [Key: Sums] = [:]
        for row in try await db.raw("""
            SELECT calendar, month, pipeline_id, stage_id, owner_id, status, probability, n, amount FROM deal_forecast_months
            WHERE n <> 0 OR amount <> 0
            """).all() {
            let key = Key(calendar: try row.decode(column: "calendar", as: String.self), month: try row.decode(column: "month", as: Int.self),
                          pipeline: try row.decode(column: "pipeline_id", as: Int64.self), stage: try row.decode(column: "stage_id", as: Int64.self),
                          owner: try row.decode(column: "owner_id", as: Int64.self), status: try row.decode(column: "status", as: String.self),
                          probability: try row.decode(column: "probability", as: Int.self))
            sums[key] = Sums(n: try row.decode(column: "n", as: Int.self), amount: try row.decode(column: "amount", as: Int64.self))
        }
        return sums
    }
}
