import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb

/// A service report with every part filled (and one with nothing), for the template key checks.
enum ServiceReportSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("service-reports", model(x, report()))]
    }

    static func model(_ x: PageText, _ r: ServiceReport) -> ServiceReportModel {
        ServiceReportModel(r, teams: [(1, "پشتیبانی")], agents: [(2, "سارا")],
                           issues: [FieldIssue(field: "to", reason: "must not be before from", code: "report.order")], text: x)
    }

    static func query() -> ServiceReportQuery {
        try! ServiceReportQuery(from: try! ForecastPeriod(key: "1405-07", .jalali), to: try! ForecastPeriod(key: "1405-09", .jalali), teamId: 1)
    }

    static func row(_ d: ServiceReport.Dimension, _ key: String?, _ name: String?) -> ServiceReport.TicketFigures {
        ServiceReport.TicketFigures(dimension: d, key: key, name: name, opened: 12, resolved: 9,
                                    firstResponse: .init(count: 10, medianMinutes: 25, p90Minutes: 140),
                                    resolution: .init(count: 9, medianMinutes: 1_900, p90Minutes: 4_000),
                                    firstResponseSLA: .init(met: 8, missed: 2), resolutionSLA: .init(met: 6, missed: 3))
    }

    static func report() -> ServiceReport {
        let q = query(), irr = Currency.irr
        let months = q.months.enumerated().map { i, m in
            ServiceReport.ClassMonth(month: m, end: ServiceReportQuery.midnight(m.endDay), counts: [.angry: 1 + i, .satisfied: 4, .happy: 3, .enthusiastic: 2])
        }
        return ServiceReport(
            query: q, asOf: PageModelSamples.instant, currency: irr, overall: row(.all, nil, nil),
            byChannel: [row(.channel, "email", nil), row(.channel, "sms", nil)], byTeam: [row(.team, "1", "پشتیبانی"), row(.team, nil, nil)],
            byAgent: [row(.agent, "2", "سارا"), row(.agent, nil, nil)],
            backlog: .init(total: 3, cells: [.init(status: .open, bucket: .underOneDay, count: 2), .init(status: .waiting, bucket: .overThirtyDays, count: 1)],
                           oldest: .init(ticketId: 7, number: "T-1405-000007", openedAt: PageModelSamples.instant)),
            cost: .init(rows: [.init(channel: .phone, interactions: 4, tickets: 2, total: Money(minorUnits: 1_200_000, currency: irr))],
                        total: Money(minorUnits: 1_200_000, currency: irr), tickets: 2, unconverted: 1),
            classesOverTime: months, classesNow: .init(counts: [.angry: 1, .satisfied: 4, .happy: 3, .enthusiastic: 2], unclassed: 5),
            surveys: .init(answered: 10, csatCount: 9, csatSum: 38, csatTopBox: 4, npsCount: 8, promoters: 4, detractors: 2),
            recovery: .init(opened: 2, closed: 2, recovered: 1, improved: 1, medianCloseMinutes: 2_880,
                            transitions: [.init(before: .angry, after: .satisfied, count: 1), .init(before: .dissatisfied, after: nil, count: 1)]))
    }

    static func empty() -> ServiceReport {
        let q = query(), irr = Currency.irr
        let none = ServiceReport.TicketFigures(dimension: .all, key: nil, name: nil, opened: 0, resolved: 0, firstResponse: .none, resolution: .none,
                                               firstResponseSLA: .init(met: 0, missed: 0), resolutionSLA: .init(met: 0, missed: 0))
        return ServiceReport(query: q, asOf: PageModelSamples.instant, currency: irr, overall: none, byChannel: [], byTeam: [], byAgent: [],
                             backlog: .init(total: 0, cells: [], oldest: nil),
                             cost: .init(rows: [], total: Money(minorUnits: 0, currency: irr), tickets: 0, unconverted: 0),
                             classesOverTime: [], classesNow: .init(counts: [:], unclassed: 0),
                             surveys: .init(answered: 0, csatCount: 0, csatSum: 0, csatTopBox: 0, npsCount: 0, promoters: 0, detractors: 0),
                             recovery: .init(opened: 0, closed: 0, recovered: 0, improved: 0, medianCloseMinutes: nil, transitions: []))
    }
}
