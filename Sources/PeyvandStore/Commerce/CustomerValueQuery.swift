import Foundation
import PeyvandCore
import SQLKit

/// What a customer is worth over a period, in the organisation's currency: revenue (net of tax and
/// of returns), cost of goods (less what was restocked), cost to serve (the costs logged on their
/// interactions, converted at today's rate when in another currency), and profit.
public struct CustomerValueReport: Sendable, Hashable {
    public let customerId: Int64
    public let from: Date?
    public let to: Date?
    public let value: CustomerValue
    public let orders: Int
    public let firstOrderAt: Date?
    public let lastOrderAt: Date?
    /// Mean days between purchases on distinct days; nil with fewer than two.
    public let repeatPurchaseIntervalDays: Double?
}

public struct CustomerValueQuery: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func value(of customerId: Int64, from: Date? = nil, to: Date? = nil, by principal: Principal) async throws -> CustomerValueReport {
        let customer = try await CustomerRepository(database).get(customerId, by: principal)
        return try await value(of: customer, from: from, to: to)
    }

    /// For a customer already read (and so checked against the person's reach).
    public func value(of customer: Customer, from: Date? = nil, to: Date? = nil) async throws -> CustomerValueReport {
        let db = database.sql
        let base = try await Settings.baseCurrency(db)
        let id = customer.id
        var window: SQLQueryString = ""
        if let from { window += " AND o.ordered_at >= \(bind: Clock.millis(from))" }
        if let to { window += " AND o.ordered_at < \(bind: Clock.millis(to))" }
        let sales = try await db.raw("""
            SELECT CAST(COALESCE(SUM(l.base_net_minor), 0) AS BIGINT) AS net, CAST(COALESCE(SUM(l.base_cost_minor), 0) AS BIGINT) AS cost
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.customer_id = \(bind: id) AND o.status <> 'draft' AND o.status <> 'cancelled'
            """ + window).first()
        let returned = try await db.raw("""
            SELECT CAST(COALESCE(SUM(r.base_net_minor), 0) AS BIGINT) AS net, CAST(COALESCE(SUM(r.base_cost_minor), 0) AS BIGINT) AS cost
            FROM returns r JOIN orders o ON o.id = r.order_id
            WHERE r.customer_id = \(bind: id)
            """ + window).first()
        var days: [Int] = []
        var first: Int64?, last: Int64?
        for row in try await db.raw("""
            SELECT o.ordered_at FROM orders o WHERE o.customer_id = \(bind: id) AND o.status <> 'draft' AND o.status <> 'cancelled'
            """ + window + " ORDER BY o.ordered_at").all() {
            let at = try row.decode(column: "ordered_at", as: Int64.self)
            first = first ?? at
            last = at
            days.append(Int((Double(at) / 86_400_000).rounded(.down)))
        }
        var serve: SQLQueryString = """
            SELECT i.cost_currency AS currency, CAST(COALESCE(SUM(i.cost_minor), 0) AS BIGINT) AS cost FROM interactions i
            WHERE i.customer_id = \(bind: id) AND i.deleted_at IS NULL AND i.cost_minor IS NOT NULL
            """
        if let from { serve += " AND i.occurred_at >= \(bind: Clock.millis(from))" }
        if let to { serve += " AND i.occurred_at < \(bind: Clock.millis(to))" }
        serve += " GROUP BY i.cost_currency"
        var costToServe = Money.zero(base)
        for row in try await db.raw(serve).all() {
            let money = Money(minorUnits: try row.decode(column: "cost", as: Int64.self),
                              currency: Currency(rawValue: try row.decode(column: "currency", as: String?.self) ?? base.rawValue))
            let rate = try await ExchangeRates.rate(db, money.currency, base: base, on: Date())
            costToServe = try costToServe.adding(try rate.convert(money, to: base))
        }
        func minor(_ row: (any SQLRow)?, _ column: String) throws -> Int64 { try row?.decode(column: column, as: Int64.self) ?? 0 }
        let revenue = Money(minorUnits: try minor(sales, "net") - minor(returned, "net"), currency: base)
        let goods = Money(minorUnits: try minor(sales, "cost") - minor(returned, "cost"), currency: base)
        let value: CustomerValue
        do { value = try CustomerValue(revenue: revenue, costOfGoods: goods, costToServe: costToServe) } catch { throw StoreError.invalid(error) }
        return CustomerValueReport(customerId: id, from: from, to: to, value: value, orders: days.count, firstOrderAt: first.map(Clock.date),
                                   lastOrderAt: last.map(Clock.date), repeatPurchaseIntervalDays: CustomerValue.repeatPurchaseInterval(orderDays: days))
    }
}
