import Foundation
import PeyvandCore
import SQLKit

/// Reads the start page's figures with three statements whatever the data's size: the counts and
/// sums (one statement of scalar subqueries), the overdue invoices per currency, and the latest
/// changes. Each joins `customers` and applies the reader's scope in SQL, so a sales rep's figures
/// are their own customers'.
public struct Dashboard: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func figures(_ period: DashboardPeriod, recent limit: Int = 10, by principal: Principal) async throws -> DashboardFigures {
        try principal.require(.customersRead, to: "read the dashboard")
        async let totals = totals(period, by: principal)
        async let overdue = overdue(asOf: period.now, by: principal)
        async let recent = principal.may(.auditRead) ? recentChanges(limit: limit, by: principal) : []
        let t = try await totals, o = try await overdue
        return DashboardFigures(customers: t.customers, active: t.active, revenueThisMonth: t.thisMonth, revenueLastMonth: t.lastMonth,
                                overdueInvoices: o.count, overdueAmounts: o.amounts, atRisk: t.atRisk, recent: try await recent)
    }

    private func totals(_ p: DashboardPeriod, by principal: Principal) async throws
        -> (customers: Int, active: Int, thisMonth: Money, lastMonth: Money, atRisk: Int) {
        let scope = CustomerRepository(database).scopeFilter(principal)
        let since = Clock.millis(p.activeSince), now = Clock.millis(p.now)
        func revenue(_ from: Date, _ to: Int64) -> SQLQueryString {
            """
            (SELECT CAST(COALESCE(SUM(l.base_net_minor), 0) AS BIGINT) FROM orders o JOIN order_lines l ON l.order_id = o.id
               JOIN customers c ON c.id = o.customer_id
             WHERE o.ordered_at >= \(bind: Clock.millis(from)) AND o.ordered_at < \(bind: to)
               AND o.status <> 'draft' AND o.status <> 'cancelled'
            """ + scope + ")"
        }
        var sql: SQLQueryString = "SELECT (SELECT COUNT(*) FROM customers c WHERE c.deleted_at IS NULL" + scope + ") AS customers, "
        sql += """
            (SELECT COUNT(*) FROM customers c WHERE c.deleted_at IS NULL
               AND (EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.ordered_at >= \(bind: since)
                              AND o.status <> 'draft' AND o.status <> 'cancelled')
                 OR EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = c.id AND i.occurred_at >= \(bind: since) AND i.deleted_at IS NULL))
            """ + scope + ") AS active, "
        sql += revenue(p.thisMonthStart, now + 1) + " AS this_month, " + revenue(p.lastMonthStart, Clock.millis(p.thisMonthStart)) + " AS last_month, "
        sql += """
            (SELECT COUNT(*) FROM retention_entries r JOIN customers c ON c.id = r.customer_id
             WHERE r.list = 'keep' AND c.deleted_at IS NULL
            """ + scope + ") AS at_risk, "
        sql += "(SELECT value FROM settings WHERE key = 'base_currency') AS base"
        guard let row = try await database.sql.raw(sql).first() else { throw StoreError.conflict("the dashboard's figures were not read") }
        let base = Currency(rawValue: try row.decode(column: "base", as: String?.self) ?? "IRR")
        func int(_ column: String) throws -> Int64 { try row.decode(column: column, as: Int64?.self) ?? 0 }
        return (Int(try int("customers")), Int(try int("active")), Money(minorUnits: try int("this_month"), currency: base),
                Money(minorUnits: try int("last_month"), currency: base), Int(try int("at_risk")))
    }

    private func overdue(asOf: Date, by principal: Principal) async throws -> (count: Int, amounts: [Money]) {
        let offset = Receivables.tehranOffsetMillis
        let dayStart = (Clock.millis(asOf) + offset) / 86_400_000 * 86_400_000 - offset
        var sql: SQLQueryString = """
            SELECT i.currency, COUNT(*) AS invoices, CAST(SUM(i.total_minor - i.paid_minor - i.credited_minor) AS BIGINT) AS owed
            FROM invoices i JOIN customers c ON c.id = i.customer_id
            WHERE i.settled_at IS NULL AND i.kind = 'invoice' AND i.due_at < \(bind: dayStart)
            """
        sql += CustomerRepository(database).scopeFilter(principal)
        sql += " GROUP BY i.currency ORDER BY i.currency"
        var count = 0
        var amounts: [Money] = []
        for row in try await database.sql.raw(sql).all() {
            count += Int(try row.decode(column: "invoices", as: Int64.self))
            amounts.append(Money(minorUnits: try row.decode(column: "owed", as: Int64.self),
                                 currency: Currency(rawValue: try row.decode(column: "currency", as: String.self))))
        }
        return (count, amounts)
    }

    /// The latest changes to customers in reach, by when they happened (not by row id: imported and
    /// demo history is written after the fact with earlier times), a merge's survivor included.
    public func recentChanges(limit: Int = 10, by principal: Principal) async throws -> [RecentChange] {
        try principal.require(.auditRead, to: "read the change history")
        var sql: SQLQueryString = """
            SELECT a.id, a.at, a.entity_id, a.actor_name, a.action, a.field, c.name
            FROM audit_log a JOIN customers c ON c.id = a.entity_id
            WHERE a.entity = 'customer' AND c.deleted_at IS NULL
            """
        sql += CustomerRepository(database).scopeFilter(principal)
        sql += " ORDER BY a.at DESC, a.id DESC LIMIT \(bind: max(1, min(limit, 100)))"
        return try await database.sql.raw(sql).all().map { row in
            RecentChange(id: try row.decode(column: "id", as: Int64.self), at: Clock.date(try row.decode(column: "at", as: Int64.self)),
                         customerId: try row.decode(column: "entity_id", as: Int64.self), customerName: try row.decode(column: "name", as: String.self),
                         actorName: try row.decode(column: "actor_name", as: String?.self), action: try row.decode(column: "action", as: String.self),
                         field: try row.decode(column: "field", as: String?.self))
        }
    }
}
