import Foundation
import PeyvandCore
import SQLKit

extension RecoveryCases {
    /// The organisation's currency, the one a discount is given in.
    public func currency() async throws -> String { try await Settings.baseCurrency(database.sql).rawValue }

    /// Why the customer was angry: the reasons of the change that opened the case, else of the
    /// customer's latest change to angry before it was opened.
    public func reasons(of c: RecoveryCase) async throws -> [SatisfactionReason] {
        var sql: SQLQueryString = "SELECT reasons FROM satisfaction_changes WHERE "
        if let changeId = c.changeId {
            sql += "id = \(bind: changeId)"
        } else {
            sql += """
                customer_id = \(bind: c.customerId) AND to_class = 'angry' AND at <= \(bind: Clock.millis(c.openedAt)) ORDER BY at DESC, id DESC LIMIT 1
                """
        }
        guard let text = try await database.sql.raw(sql).first()?.decode(column: "reasons", as: String.self) else { return [] }
        return (try? JSONDecoder().decode([SatisfactionReason].self, from: Data(text.utf8))) ?? []
    }

    /// A return of the customer's, as the replacement choice lists it.
    public struct ReturnChoice: Sendable, Hashable {
        public let id: Int64
        public let orderId: Int64
        public let description: String
        public let quantityMilli: Int64
        public let returnedAt: Date
    }

    /// The customer's latest returns (the replacement's choices).
    public func returns(customerId: Int64, limit: Int = 50) async throws -> [ReturnChoice] {
        try await database.sql.raw("""
            SELECT r.id, r.order_id, l.description, r.quantity_milli, r.returned_at FROM returns r JOIN order_lines l ON l.id = r.order_line_id
            WHERE r.customer_id = \(bind: customerId) ORDER BY r.returned_at DESC, r.id DESC LIMIT \(bind: max(1, min(limit, 200)))
            """).all().map {
            ReturnChoice(id: try $0.decode(column: "id", as: Int64.self), orderId: try $0.decode(column: "order_id", as: Int64.self),
                         description: try $0.decode(column: "description", as: String.self),
                         quantityMilli: try $0.decode(column: "quantity_milli", as: Int64.self),
                         returnedAt: Clock.date(try $0.decode(column: "returned_at", as: Int64.self)))
        }
    }

    /// The active people who may own a case (their role has `recovery.manage`), by name.
    public func owners() async throws -> [(id: Int64, name: String)] {
        let roles = Role.allCases.filter { AccessPolicy.allows($0, .recoveryManage) }.map(\.rawValue)
        return try await database.sql.raw("""
            SELECT id, name FROM users WHERE active = \(bind: true) AND role IN (\(binds: roles)) ORDER BY name, id LIMIT 500
            """).all().map { (id: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self)) }
    }

    /// One member of the nurture list: a customer whose class is satisfied, since when.
    public struct NurtureEntry: Sendable, Hashable {
        public let customerId: Int64
        public let name: String
        public let since: Date
    }

    /// The nurture list (customers of class satisfied, in reach), keyset-paginated by customer id.
    public func nurtureList(after: Int64?, limit: Int = 50, by principal: Principal) async throws -> Page<NurtureEntry> {
        try principal.require(.customersRead, to: "read customers")
        let n = max(1, min(limit, Page<NurtureEntry>.maxLimit))
        var sql: SQLQueryString = """
            SELECT s.customer_id, c.name, s.since FROM customer_satisfaction s JOIN customers c ON c.id = s.customer_id
            WHERE s.class = 'satisfied' AND c.deleted_at IS NULL AND \(SalesReach.customer("s.customer_id", principal))
            """
        if let after { sql += " AND s.customer_id > \(bind: after)" }
        sql += " ORDER BY s.customer_id LIMIT \(bind: n + 1)"
        let rows = try await database.sql.raw(sql).all().map {
            NurtureEntry(customerId: try $0.decode(column: "customer_id", as: Int64.self), name: try $0.decode(column: "name", as: String.self),
                         since: Clock.date(try $0.decode(column: "since", as: Int64.self)))
        }
        let items = Array(rows.prefix(n))
        return Page(items: items, next: rows.count > n ? items.last.map { Cursor.encode($0.customerId) } : nil)
    }

    /// The handling done for a customer's changes of class, newest first (the case page's "what was done").
    public struct Action: Sendable, Hashable {
        public let action: String
        public let status: String
        public let detail: String?
        public let at: Date
    }

    public func actions(customerId: Int64, limit: Int = 20) async throws -> [Action] {
        try await database.sql.raw("""
            SELECT action, status, detail, at FROM satisfaction_actions WHERE customer_id = \(bind: customerId) ORDER BY at DESC, id DESC
            LIMIT \(bind: max(1, min(limit, 100)))
            """).all().map {
            Action(action: try $0.decode(column: "action", as: String.self), status: try $0.decode(column: "status", as: String.self),
                   detail: try $0.decode(column: "detail", as: String?.self), at: Clock.date(try $0.decode(column: "at", as: Int64.self)))
        }
    }
}
