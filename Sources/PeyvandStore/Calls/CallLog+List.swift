import Foundation
import PeyvandCore
import SQLKit

/// Filters of the call list; all optional.
public struct CallQuery: Sendable, Hashable {
    public var state: CallState?
    public var customerId: Int64?
    public var agentId: Int64?
    /// Keyset cursor: calls with a smaller id than this (the list is newest first).
    public var before: Int64?
    public var limit: Int

    public init(state: CallState? = nil, customerId: Int64? = nil, agentId: Int64? = nil, before: Int64? = nil, limit: Int = 50) {
        self.state = state
        self.customerId = customerId
        self.agentId = agentId
        self.before = before
        self.limit = limit
    }
}

extension CallLog {
    /// The calls the person may see, newest first: every call for roles that reach every customer;
    /// otherwise the calls of customers they reach and the calls they took themselves.
    public func list(_ query: CallQuery, by principal: Principal) async throws -> Page<Call> {
        try principal.require(.customersRead, to: "read calls")
        let limit = max(1, min(query.limit, Page<Call>.maxLimit))
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM calls k \(unsafeRaw: Self.joins) WHERE 1 = 1"
        if principal.customerScope == .ownedOrShared {
            sql += """
                 AND (k.agent_id = \(bind: principal.userId) OR k.customer_id IN (SELECT c2.id FROM customers c2 WHERE c2.owner_id = \(bind: principal.userId)
                   OR EXISTS (SELECT 1 FROM customer_shares s WHERE s.customer_id = c2.id AND s.user_id = \(bind: principal.userId))))
                """
        }
        if let state = query.state { sql += " AND k.state = \(bind: state.rawValue)" }
        if let customer = query.customerId { sql += " AND k.customer_id = \(bind: customer)" }
        if let agent = query.agentId { sql += " AND k.agent_id = \(bind: agent)" }
        if let before = query.before { sql += " AND k.id < \(bind: before)" }
        sql += " ORDER BY k.id DESC LIMIT \(bind: limit + 1)"
        let calls = try await database.sql.raw(sql).all().map(Self.call)
        let items = Array(calls.prefix(limit))
        return Page(items: items, next: calls.count > limit ? items.last.map { Cursor.encode($0.id) } : nil)
    }

    /// One call, if the person may see it (404 otherwise, as for customers out of reach).
    public func get(_ id: Int64, by principal: Principal) async throws -> Call {
        try principal.require(.customersRead, to: "read calls")
        let call = try await Self.fetch(database.sql, id)
        if principal.customerScope == .all || call.agentId == principal.userId { return call }
        guard let customer = call.customerId, (try? await CustomerRepository(database).get(customer, by: principal)) != nil else {
            throw StoreError.notFound(entity: "call", id: String(id))
        }
        return call
    }
}
