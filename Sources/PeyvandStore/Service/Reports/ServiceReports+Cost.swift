import Foundation
import PeyvandCore
import SQLKit

/// The service cost of the period: the costs logged on the interactions that tickets' messages
/// recorded during it (a call or a visit logged on a ticket, an answer sent), per the channel the
/// ticket came in on, in the organisation's currency.
extension ServiceReports {
    static func costSource(_ q: ServiceReportQuery) -> SQLQueryString {
        var sql: SQLQueryString = """
            FROM ticket_messages m JOIN interactions i ON i.id = m.interaction_id JOIN tickets t ON t.id = m.ticket_id
            WHERE m.interaction_id IS NOT NULL AND m.created_at >= \(bind: millis(q.start)) AND m.created_at < \(bind: millis(q.end))
              AND i.deleted_at IS NULL AND t.deleted_at IS NULL
            """
        sql += ticketFilter(q)
        return sql
    }

    static func cost(_ db: any SQLDatabase, _ q: ServiceReportQuery, base: Currency, now: Date) async throws -> ServiceReport.ServiceCost {
        let amountRows = try await db.raw("""
            SELECT t.channel AS channel, i.cost_currency AS currency, COUNT(*) AS n, CAST(COALESCE(SUM(i.cost_minor), 0) AS BIGINT) AS total
            \(costSource(q)) GROUP BY t.channel, i.cost_currency
            """).all()
        let ticketRows = try await db.raw("SELECT t.channel AS channel, COUNT(DISTINCT m.ticket_id) AS n \(costSource(q)) GROUP BY t.channel").all()
        var totals: [TicketChannel: Int64] = [:], interactions: [TicketChannel: Int] = [:], tickets: [TicketChannel: Int] = [:]
        var unconverted = 0
        for row in amountRows {
            guard let channel = TicketChannel(rawValue: try row.decode(column: "channel", as: String.self)) else { continue }
            let n = try row.decode(column: "n", as: Int.self)
            interactions[channel, default: 0] += n
            let minor = try row.decode(column: "total", as: Int64.self)
            guard let code = try row.decode(column: "currency", as: String?.self), minor != 0 else { continue }
            let money = Money(minorUnits: minor, currency: Currency(rawValue: code))
            guard let rate = try? await ExchangeRates.rate(db, money.currency, base: base, on: now), let converted = try? rate.convert(money, to: base) else {
                unconverted += n
                continue
            }
            totals[channel, default: 0] += converted.minorUnits
        }
        for row in ticketRows {
            guard let channel = TicketChannel(rawValue: try row.decode(column: "channel", as: String.self)) else { continue }
            tickets[channel] = try row.decode(column: "n", as: Int.self)
        }
        let rows = TicketChannel.allCases.filter { interactions[$0] != nil }.map {
            ServiceReport.ServiceCost.Row(channel: $0, interactions: interactions[$0] ?? 0, tickets: tickets[$0] ?? 0,
                                          total: Money(minorUnits: totals[$0] ?? 0, currency: base))
        }
        return ServiceReport.ServiceCost(rows: rows, total: Money(minorUnits: rows.reduce(0) { $0 + $1.total.minorUnits }, currency: base),
                                         tickets: rows.reduce(0) { $0 + $1.tickets }, unconverted: unconverted)
    }
}
