import Foundation
import PeyvandCore
import SQLKit

/// One interaction with the customer it was with, as the interactions list shows it.
public struct InteractionListItem: Sendable, Hashable {
    public let interaction: Interaction
    public let customerName: String

    public init(interaction: Interaction, customerName: String) {
        self.interaction = interaction
        self.customerName = customerName
    }
}

extension InteractionRepository {
    /// Recent interactions across every customer the person reaches (scoped in SQL), newest first,
    /// filtered by kind, channel, staff and dates, one keyset page at a time (`query.before`).
    public func recent(_ query: InteractionQuery, by principal: Principal) async throws -> Page<InteractionListItem> {
        try principal.require(.customersRead, to: "read interactions")
        let limit = max(1, min(query.limit, Page<InteractionListItem>.maxLimit - 1))
        var sql: SQLQueryString = """
            SELECT \(unsafeRaw: Self.columns), c.name AS customer_name
            FROM interactions i JOIN customers c ON c.id = i.customer_id LEFT JOIN users u ON u.id = i.staff_id
            WHERE i.deleted_at IS NULL AND c.deleted_at IS NULL
            """
        if let k = query.kind { sql += " AND i.kind = \(bind: k.rawValue)" }
        if let ch = query.channel { sql += " AND i.channel = \(bind: ch.rawValue)" }
        sql += CustomerRepository(database).scopeFilter(principal)
        var window = query
        window.limit = limit + 1
        sql += window.window(time: "i.occurred_at", id: "i.id", staff: "i.staff_id")
        let rows = try await database.sql.raw(sql).all()
        let items = try rows.prefix(limit).map { row in
            InteractionListItem(interaction: try Self.interaction(row), customerName: try row.decode(column: "customer_name", as: String.self))
        }
        let next = rows.count > limit ? items.last.map { TimelineCursor(at: Clock.millis($0.interaction.fields.occurredAt), id: $0.interaction.id).encoded } : nil
        return Page(items: items, next: next)
    }
}
