import Foundation
import PeyvandCore
import SQLKit

/// Reads quotes and their lines: a page of quotes costs two queries, whatever its size.
enum QuoteReader {
    static let columns = """
        q.id, q.number, q.deal_id, q.customer_id, c.name AS customer_name, q.status, q.language, q.currency, q.valid_until_day, q.tax_bp,
        q.gross_minor, q.discount_minor, q.net_minor, q.tax_minor, q.total_minor, q.notes, q.terms, q.version, q.sent_at, q.sent_channel,
        q.decided_at, q.decided_via, q.decline_reason, q.order_id, q.created_at, q.updated_at
        """

    /// Today in Tehran, as the days `valid_until_day` counts.
    static func today(_ now: Date = Date()) -> Int { Tehran.day(of: now).daysSinceUnixEpoch }

    static func quote(_ row: any SQLRow, today: Int) throws -> Quote {
        let currency = Currency(rawValue: try row.decode(column: "currency", as: String.self))
        func money(_ column: String) throws -> Money { Money(minorUnits: try row.decode(column: column, as: Int64.self), currency: currency) }
        let stored = QuoteStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft
        let validDay = Int(try row.decode(column: "valid_until_day", as: Int64.self))
        return Quote(
            id: try row.decode(column: "id", as: Int64.self), number: try row.decode(column: "number", as: String.self),
            dealId: try row.decode(column: "deal_id", as: Int64?.self), customerId: try row.decode(column: "customer_id", as: Int64.self),
            customerName: try row.decode(column: "customer_name", as: String.self),
            status: stored.isOpen && validDay < today ? .expired : stored,
            language: try row.decode(column: "language", as: String.self), currency: currency,
            validUntil: JalaliDate(daysSinceUnixEpoch: validDay),
            taxRate: (try? BasisPoints(try row.decode(column: "tax_bp", as: Int64.self))) ?? .zero,
            gross: try money("gross_minor"), discount: try money("discount_minor"), net: try money("net_minor"), tax: try money("tax_minor"),
            total: try money("total_minor"), notes: try row.decode(column: "notes", as: String?.self), terms: try row.decode(column: "terms", as: String?.self),
            version: Int(try row.decode(column: "version", as: Int64.self)),
            sentAt: try row.decode(column: "sent_at", as: Int64?.self).map(Clock.date),
            sentChannel: try row.decode(column: "sent_channel", as: String?.self),
            decidedAt: try row.decode(column: "decided_at", as: Int64?.self).map(Clock.date),
            decidedVia: try row.decode(column: "decided_via", as: String?.self),
            declineReason: try row.decode(column: "decline_reason", as: String?.self),
            orderId: try row.decode(column: "order_id", as: Int64?.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self)), lines: [])
    }

    /// The quotes of `rows` with their lines, read in one more query.
    static func quotes(_ db: any SQLDatabase, _ rows: [any SQLRow], withLines: Bool = true) async throws -> [Quote] {
        let today = today()
        var quotes = try rows.map { try quote($0, today: today) }
        guard withLines, !quotes.isEmpty else { return quotes }
        let lineRows = try await db.raw("""
            SELECT quote_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor, tax_bp, net_minor, tax_minor, total_minor
            FROM quote_lines WHERE quote_id IN (\(binds: quotes.map(\.id))) ORDER BY quote_id, line_no
            """).all()
        var byQuote: [Int64: [QuoteLine]] = [:]
        let currencies = Dictionary(quotes.map { ($0.id, $0.currency) }, uniquingKeysWith: { a, _ in a })
        for row in lineRows {
            let quoteId = try row.decode(column: "quote_id", as: Int64.self)
            let currency = currencies[quoteId] ?? Currency(rawValue: "IRR")
            func money(_ column: String) throws -> Money { Money(minorUnits: try row.decode(column: column, as: Int64.self), currency: currency) }
            byQuote[quoteId, default: []].append(QuoteLine(
                lineNo: Int(try row.decode(column: "line_no", as: Int64.self)), productId: try row.decode(column: "product_id", as: Int64?.self),
                description: try row.decode(column: "description", as: String.self),
                quantity: (try? Quantity(thousandths: try row.decode(column: "quantity_milli", as: Int64.self))) ?? .zero,
                unitPrice: try money("unit_price_minor"), discount: try money("discount_minor"),
                taxRate: (try? BasisPoints(try row.decode(column: "tax_bp", as: Int64.self))) ?? .zero,
                net: try money("net_minor"), tax: try money("tax_minor"), total: try money("total_minor")))
        }
        for i in quotes.indices { quotes[i].lines = byQuote[quotes[i].id] ?? [] }
        return quotes
    }

    /// `Q-1405-000042`: the 42nd quote numbered in Jalali year 1405.
    static func number(year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "Q-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
