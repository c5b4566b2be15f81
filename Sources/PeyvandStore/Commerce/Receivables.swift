import Foundation
import PeyvandCore
import SQLKit

/// What customers owe: the ageing report (0–30, 31–60, 61–90, 90+ days past due) and the list of
/// overdue invoices, oldest first. Both read the open-invoice index only.
public struct Receivables: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// One overdue invoice with whom it is owed by.
    public struct Overdue: Sendable, Hashable {
        public let invoice: Invoice
        public let customerName: String
        public let daysPastDue: Int
    }

    /// Outstanding amounts by bucket and currency as of `asOf` (a Tehran calendar day). Invoices
    /// are summed per due day in SQL, then bucketed by `AgeingReport`, so its rules hold exactly.
    public func ageing(asOf: Date = Date(), by principal: Principal) async throws -> AgeingReport {
        try principal.require(.customersRead, to: "read receivables")
        var sql: SQLQueryString
        if principal.customerScope == .all {
            sql = """
                SELECT currency, due_day, outstanding_minor AS outstanding FROM receivables_by_day WHERE outstanding_minor <> 0
                """
        } else {
            // Someone who reaches only their own customers: through those customers' invoices.
            sql = """
                SELECT i.currency, CAST((i.due_at + \(unsafeRaw: String(Self.tehranOffsetMillis))) / 86400000 AS BIGINT) AS due_day,
                       CAST(SUM(i.total_minor - i.paid_minor - i.credited_minor) AS BIGINT) AS outstanding
                FROM customers c JOIN invoices i ON i.customer_id = c.id
                WHERE i.settled_at IS NULL AND i.kind = 'invoice'
                """
            sql += CustomerRepository(database).scopeFilter(principal)
            sql += " GROUP BY i.currency, (i.due_at + \(unsafeRaw: String(Self.tehranOffsetMillis))) / 86400000"
        }
        var open: [OpenInvoice] = []
        for row in try await database.sql.raw(sql).all() {
            let day = try row.decode(column: "due_day", as: Int64.self)
            let due = JalaliDate(daysSinceUnixEpoch: Int(day))
            open.append(OpenInvoice(invoiceID: day, customerID: 0, dueDate: due,
                                    outstanding: Money(minorUnits: try row.decode(column: "outstanding", as: Int64.self),
                                                       currency: Currency(rawValue: try row.decode(column: "currency", as: String.self)))))
        }
        do { return try AgeingReport(asOf: Tehran.day(of: asOf), invoices: open) } catch { throw StoreError.invalid(error) }
    }

    /// Invoices past due on `asOf`, oldest due first; `after` is the last one of the previous page.
    public func overdue(asOf: Date = Date(), after: TimelineCursor? = nil, limit: Int = 50, by principal: Principal) async throws -> Page<Overdue> {
        try principal.require(.customersRead, to: "read receivables")
        let today = Tehran.day(of: asOf)
        // Due before the start of the Tehran day of `asOf`.
        let dayStart = (Clock.millis(asOf) + Self.tehranOffsetMillis) / 86_400_000 * 86_400_000 - Self.tehranOffsetMillis
        var sql: SQLQueryString = """
            SELECT \(unsafeRaw: InvoiceRepository.columns), c.name AS customer_name FROM invoices i JOIN customers c ON c.id = i.customer_id
            WHERE i.settled_at IS NULL AND i.kind = 'invoice' AND i.due_at < \(bind: dayStart)
            """
        if let after { sql += " AND (i.due_at > \(bind: after.at) OR (i.due_at = \(bind: after.at) AND i.id > \(bind: after.id)))" }
        sql += CustomerRepository(database).scopeFilter(principal)
        let n = max(1, min(limit, Page<Overdue>.maxLimit))
        sql += " ORDER BY i.settled_at, i.due_at, i.id LIMIT \(bind: n + 1)"
        let rows = try await database.sql.raw(sql).all().map { row in
            let invoice = try InvoiceRepository.invoice(row)
            return Overdue(invoice: invoice, customerName: try row.decode(column: "customer_name", as: String.self),
                           daysPastDue: today.daysSinceUnixEpoch - Tehran.day(of: invoice.dueAt).daysSinceUnixEpoch)
        }
        let next = rows.count > n ? rows.prefix(n).last.map { TimelineCursor(at: Clock.millis($0.invoice.dueAt), id: $0.invoice.id).encoded } : nil
        return Page(items: Array(rows.prefix(n)), next: next)
    }

    /// Tehran is UTC+03:30 all year since 2022.
    static let tehranOffsetMillis: Int64 = 12_600_000

    /// Adds `delta` (negative for a payment or credit) to what is owed in `currency` on the
    /// Tehran day of `dueAt`, inside the caller's transaction.
    static func adjust(_ db: any SQLDatabase, currency: Currency, dueAt: Int64, by delta: Int64) async throws {
        guard delta != 0 else { return }
        try await db.raw("""
            INSERT INTO receivables_by_day (currency, due_day, outstanding_minor)
            VALUES (\(bind: currency.rawValue), \(bind: (dueAt + tehranOffsetMillis) / 86_400_000), \(bind: delta))
            ON CONFLICT (currency, due_day) DO UPDATE SET outstanding_minor = receivables_by_day.outstanding_minor + \(bind: delta)
            """).run()
    }
}
