import Foundation
import PeyvandCore
import PeyvandStore

/// A value or JSON `null`: the report's keys are always present, so a client never has to tell
/// "missing" from "none".
struct Nullable<T: Encodable>: Encodable {
    let value: T?
    init(_ value: T?) { self.value = value }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}

/// `GET /api/v1/reports/service`: the whole report. Durations in wall-clock minutes, shares in
/// percent with one decimal, amounts as money objects in the organisation's currency.
struct ServiceReportDTO: Encodable {
    static func percent(_ share: Double?) -> Nullable<Double> { Nullable(share.map { ($0 * 1000).rounded() / 10 }) }
    static func minutes(_ m: Double?) -> Nullable<Double> { Nullable(m.map { ($0 * 10).rounded() / 10 }) }

    struct Period: Encodable { let calendar: String; let from: String; let to: String; let start: String; let end: String }
    struct Filters: Encodable { let teamId: Nullable<String>; let channel: Nullable<String>; let agentId: Nullable<String> }
    struct Durations: Encodable {
        let count: Int; let medianMinutes: Nullable<Double>; let p90Minutes: Nullable<Double>
        init(_ d: ServiceReport.Durations) { count = d.count; medianMinutes = ServiceReportDTO.minutes(d.medianMinutes); p90Minutes = ServiceReportDTO.minutes(d.p90Minutes) }
    }
    struct Attainment: Encodable {
        let met: Int; let missed: Int; let percent: Nullable<Double>
        init(_ a: ServiceReport.Attainment) { met = a.met; missed = a.missed; percent = ServiceReportDTO.percent(a.share) }
    }
    struct Row: Encodable {
        let key: Nullable<String>; let name: Nullable<String>; let opened: Int; let resolved: Int
        let firstResponse: Durations; let resolution: Durations; let firstResponseSla: Attainment; let resolutionSla: Attainment
        init(_ r: ServiceReport.TicketFigures) {
            key = Nullable(r.key); name = Nullable(r.name); opened = r.opened; resolved = r.resolved
            firstResponse = Durations(r.firstResponse); resolution = Durations(r.resolution)
            firstResponseSla = Attainment(r.firstResponseSLA); resolutionSla = Attainment(r.resolutionSLA)
        }
    }
    struct Tickets: Encodable { let overall: Row; let byChannel: [Row]; let byTeam: [Row]; let byAgent: [Row] }
    struct Count: Encodable { let key: String; let count: Int }
    struct Cell: Encodable { let status: String; let bucket: String; let count: Int }
    struct Oldest: Encodable { let ticketId: String; let number: String; let openedAt: String }
    struct Backlog: Encodable { let total: Int; let byStatus: [Count]; let byAge: [Count]; let cells: [Cell]; let oldest: Nullable<Oldest> }
    struct CostRow: Encodable { let channel: String; let interactions: Int; let tickets: Int; let total: Money; let perTicket: Nullable<Money> }
    struct Cost: Encodable { let total: Money; let tickets: Int; let perTicket: Nullable<Money>; let unconvertedInteractions: Int; let byChannel: [CostRow] }
    struct ClassMonth: Encodable { let month: String; let end: String; let classed: Int; let counts: [String: Int] }
    struct ClassesNow: Encodable {
        let classed: Int; let unclassed: Int; let counts: [String: Int]; let percent: [String: Nullable<Double>]
        let fullySatisfied: Int; let fullySatisfiedPercent: Nullable<Double>
    }
    struct Satisfaction: Encodable { let byMonth: [ClassMonth]; let now: ClassesNow }
    struct Surveys: Encodable {
        let answered: Int; let csatCount: Int; let csatAverage: Nullable<Double>; let csatTopBox: Int; let csatTopBoxPercent: Nullable<Double>
        let npsCount: Int; let promoters: Int; let passives: Int; let detractors: Int; let nps: Nullable<Double>
    }
    struct Transition: Encodable { let before: Nullable<String>; let after: Nullable<String>; let count: Int }
    struct Recovery: Encodable {
        let opened: Int; let closed: Int; let recovered: Int; let recoveredPercent: Nullable<Double>; let improved: Int
        let medianCloseMinutes: Nullable<Double>; let transitions: [Transition]
    }

    let period: Period
    let filters: Filters
    let asOf: String
    let currency: String
    /// How durations are measured: `wall-clock-minutes`.
    let durations: String
    let tickets: Tickets
    let backlog: Backlog
    let cost: Cost
    let satisfaction: Satisfaction
    let surveys: Surveys
    let recovery: Recovery

    init(_ r: ServiceReport) {
        let q = r.query
        period = Period(calendar: q.from.calendar.rawValue, from: q.from.key, to: q.to.key, start: CivilTime.rfc3339(q.start), end: CivilTime.rfc3339(q.end))
        filters = Filters(teamId: Nullable(q.teamId.map { String($0) }), channel: Nullable(q.channel?.rawValue), agentId: Nullable(q.agentId.map { String($0) }))
        asOf = CivilTime.rfc3339(r.asOf)
        currency = r.currency.rawValue
        durations = "wall-clock-minutes"
        tickets = Tickets(overall: Row(r.overall), byChannel: r.byChannel.map(Row.init), byTeam: r.byTeam.map(Row.init), byAgent: r.byAgent.map(Row.init))
        let b = r.backlog
        backlog = Backlog(total: b.total,
                          byStatus: [TicketStatus.new, .open, .waiting].map { Count(key: $0.rawValue, count: b.count(status: $0)) },
                          byAge: ServiceReport.AgeBucket.allCases.map { Count(key: $0.rawValue, count: b.count(bucket: $0)) },
                          cells: b.cells.map { Cell(status: $0.status.rawValue, bucket: $0.bucket.rawValue, count: $0.count) },
                          oldest: Nullable(b.oldest.map { Oldest(ticketId: String($0.ticketId), number: $0.number, openedAt: CivilTime.rfc3339($0.openedAt)) }))
        let c = r.cost
        cost = Cost(total: c.total, tickets: c.tickets, perTicket: Nullable(c.perTicket), unconvertedInteractions: c.unconverted,
                    byChannel: c.rows.map { CostRow(channel: $0.channel.rawValue, interactions: $0.interactions, tickets: $0.tickets, total: $0.total,
                                                    perTicket: Nullable($0.perTicket)) })
        func counts(_ d: [SatisfactionClass: Int]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: SatisfactionClass.allCases.map { ($0.rawValue, d[$0] ?? 0) })
        }
        let now = r.classesNow
        satisfaction = Satisfaction(
            byMonth: r.classesOverTime.map { ClassMonth(month: $0.month.key, end: CivilTime.rfc3339($0.end), classed: $0.classed, counts: counts($0.counts)) },
            now: ClassesNow(classed: now.classed, unclassed: now.unclassed, counts: counts(now.counts),
                            percent: Dictionary(uniqueKeysWithValues: SatisfactionClass.allCases.map { ($0.rawValue, Self.percent(now.share($0))) }),
                            fullySatisfied: now.fullySatisfied, fullySatisfiedPercent: Self.percent(now.fullySatisfiedShare)))
        let s = r.surveys
        surveys = Surveys(answered: s.answered, csatCount: s.csatCount, csatAverage: Nullable(s.csatAverage.map { ($0 * 100).rounded() / 100 }),
                          csatTopBox: s.csatTopBox, csatTopBoxPercent: Self.percent(s.csatTopBoxShare), npsCount: s.npsCount, promoters: s.promoters,
                          passives: s.passives, detractors: s.detractors, nps: Nullable(s.nps.map { ($0 * 10).rounded() / 10 }))
        let v = r.recovery
        recovery = Recovery(opened: v.opened, closed: v.closed, recovered: v.recovered, recoveredPercent: Self.percent(v.recoveredShare), improved: v.improved,
                            medianCloseMinutes: Self.minutes(v.medianCloseMinutes),
                            transitions: v.transitions.map { Transition(before: Nullable($0.before?.rawValue), after: Nullable($0.after?.rawValue), count: $0.count) })
    }
}
