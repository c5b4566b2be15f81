import Foundation
import PeyvandCore
import SQLKit

/// Puts each change of satisfaction class on the customer's timeline: source `satisfaction`,
/// kind the new class (`none` when not enough evidence remains), `detail` the class before
/// (empty when there was none), `outcome` the cause. The page says it in the reader's language.
public struct SatisfactionTimeline: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }
}

extension SatisfactionTimeline: TimelineSource {
    /// Filters by interaction kind, channel or member of staff do not apply, so they leave these out.
    public func entries(customerIds: [Int64], _ query: InteractionQuery) async throws -> [TimelineEntry] {
        guard query.kind == nil, query.channel == nil, query.staffId == nil, !customerIds.isEmpty else { return [] }
        let sql: SQLQueryString = """
            SELECT c.id, c.customer_id, c.at, c.from_class, c.to_class, c.cause FROM satisfaction_changes c
            WHERE c.customer_id IN (\(binds: customerIds))
            """ + query.window(time: "c.at", id: "c.id", staff: "c.id")
        return try await database.sql.raw(sql).all().map { row in
            TimelineEntry(
                source: "satisfaction", id: try row.decode(column: "id", as: Int64.self),
                customerId: try row.decode(column: "customer_id", as: Int64.self),
                at: Clock.date(try row.decode(column: "at", as: Int64.self)),
                kind: try row.decode(column: "to_class", as: String?.self) ?? "none",
                channel: nil, direction: nil, staffId: nil, staffName: nil, title: nil,
                detail: try row.decode(column: "from_class", as: String?.self) ?? "",
                outcome: try row.decode(column: "cause", as: String.self), durationSeconds: nil, cost: nil)
        }
    }
}
