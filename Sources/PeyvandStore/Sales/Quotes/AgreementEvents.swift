import Foundation
import PeyvandCore
import SQLKit

/// What happened to a customer's quotes and contracts (sent, accepted, declined; signed, renewed,
/// ended), written in the transaction of the change and read back on the customer's timeline.
public struct AgreementEvents: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static func record(_ db: any SQLDatabase, customerId: Int64, kind: String, quoteId: Int64? = nil, contractId: Int64? = nil,
                       title: String, amount: Money?, by principal: Principal, at: Int64 = Clock.nowMillis()) async throws {
        try await db.raw("""
            INSERT INTO agreement_events (customer_id, at, kind, quote_id, contract_id, title, amount_minor, currency, staff_id)
            VALUES (\(bind: customerId), \(bind: at), \(bind: kind), \(bind: quoteId), \(bind: contractId), \(bind: title),
                    \(bind: amount?.minorUnits), \(bind: amount?.currency.rawValue), \(bind: principal.userId > 0 ? principal.userId : nil))
            """).run()
    }

    /// Tells the webhook subscribers (`quote.sent`, `contract.created`, …).
    static func publish(_ db: any SQLDatabase, _ type: String, customerId: Int64, quoteId: Int64? = nil, contractId: Int64? = nil,
                        number: String, amount: Money?, extra: [String: String] = [:]) async throws {
        var data = ["customerId": String(customerId), "number": number]
        if let quoteId { data["quoteId"] = String(quoteId) }
        if let contractId { data["contractId"] = String(contractId) }
        if let amount { data["amount"] = amount.majorString; data["currency"] = amount.currency.rawValue }
        data.merge(extra) { a, _ in a }
        try await DomainEvents.publish(db, type, customerId: customerId, data: data)
    }
}

extension AgreementEvents: TimelineSource {
    /// Kinds: `quote-sent`, `quote-accepted`, `quote-declined`, `quote-cancelled`, `contract-signed`,
    /// `contract-renewed`, `contract-ended`, `contract-cancelled`. A filter by interaction kind or
    /// channel leaves them out.
    public func entries(customerIds: [Int64], _ query: InteractionQuery) async throws -> [TimelineEntry] {
        guard query.kind == nil, query.channel == nil, !customerIds.isEmpty else { return [] }
        let sql: SQLQueryString = """
            SELECT e.id, e.customer_id, e.at, e.kind, e.quote_id, e.contract_id, e.title, e.amount_minor, e.currency, e.staff_id,
                   u.name AS staff_name
            FROM agreement_events e LEFT JOIN users u ON u.id = e.staff_id
            WHERE e.customer_id IN (\(binds: customerIds))
            """ + query.window(time: "e.at", id: "e.id", staff: "e.staff_id")
        return try await database.sql.raw(sql).all().map { row in
            let amount = try row.decode(column: "amount_minor", as: Int64?.self)
            let currency = try row.decode(column: "currency", as: String?.self)
            let quoteId = try row.decode(column: "quote_id", as: Int64?.self)
            let contractId = try row.decode(column: "contract_id", as: Int64?.self)
            return TimelineEntry(
                source: "agreement", id: try row.decode(column: "id", as: Int64.self),
                customerId: try row.decode(column: "customer_id", as: Int64.self),
                at: Clock.date(try row.decode(column: "at", as: Int64.self)), kind: try row.decode(column: "kind", as: String.self),
                channel: nil, direction: nil, staffId: try row.decode(column: "staff_id", as: Int64?.self),
                staffName: try row.decode(column: "staff_name", as: String?.self), title: try row.decode(column: "title", as: String.self),
                detail: quoteId.map { "quote \($0)" } ?? contractId.map { "contract \($0)" }, outcome: nil, durationSeconds: nil,
                cost: amount.flatMap { a in currency.map { Money(minorUnits: a, currency: Currency(rawValue: $0)) } })
        }
    }
}
