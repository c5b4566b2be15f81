import Foundation
import PeyvandCore
import SQLKit

extension QuoteRepository {
    /// What a new quote starts from when built from a deal: its customer, currency and lines.
    public struct DealSource: Sendable, Hashable {
        public let dealId: Int64
        public let title: String
        public let customerId: Int64
        public let customerName: String
        public let currency: Currency
        public let lines: [OrderLineInput]
    }

    /// The deal a quote is built from, when the person reaches its customer.
    public func dealSource(_ dealId: Int64, by principal: Principal) async throws -> DealSource {
        try principal.require(.salesRead, to: "read deals")
        let sql: SQLQueryString = """
            SELECT d.title, d.customer_id, d.currency, c.name FROM deals d JOIN customers c ON c.id = d.customer_id
            WHERE d.id = \(bind: dealId) AND d.deleted_at IS NULL
            """ + CustomerRepository(database).scopeFilter(principal)
        guard let row = try await database.sql.raw(sql).first() else {
            throw StoreError.notFound(entity: "deal", id: String(dealId))
        }
        return DealSource(dealId: dealId, title: try row.decode(column: "title", as: String.self),
                          customerId: try row.decode(column: "customer_id", as: Int64.self), customerName: try row.decode(column: "name", as: String.self),
                          currency: Currency(rawValue: try row.decode(column: "currency", as: String.self)), lines: try await dealLines(dealId))
    }
}
