import Foundation
import PeyvandAnalytics
import PeyvandCore
import SQLKit

/// One customer on a retention list, as the analytics page shows it.
public struct RetentionEntry: Sendable, Hashable {
    public let rank: Int
    public let customerId: Int64
    public let name: String
    public let value: Money
    public let churnRisk: Double
    public let recencyDays: Int
    public let reason: RetentionList.Reason
    public let action: RetentionList.Action
}

/// The keep and win-back lists (`RetentionList`): value is lifetime value when the models give
/// one, otherwise what the customer has spent; risk is the churn classifier's where it could be
/// fitted, else 1 − P(alive).
enum RetentionLists {
    static func rows(ids: [Int64], value: [Double], risk: [Double?], recency: [Int]) -> [[any Encodable & Sendable]] {
        var customers: [RetentionList.Customer] = []
        customers.reserveCapacity(ids.count)
        for i in ids.indices {
            guard let p = risk[i], p.isFinite, value[i].isFinite else { continue }
            customers.append(RetentionList.Customer(id: String(ids[i]), value: value[i], churnRisk: min(max(p, 0), 1),
                                                    recencyDays: Double(recency[i])))
        }
        guard customers.count >= 2, let lists = try? RetentionList.build(customers, policy: .init(maxEntries: 200)) else { return [] }
        return [("keep", lists.keep), ("win-back", lists.winBack)].flatMap { name, entries in
            entries.map { e -> [any Encodable & Sendable] in
                [name, Int64(e.rank), Int64(e.id) ?? 0, Int64(e.value.rounded()), e.churnRisk, Int64(e.recencyDays), e.reason.rawValue, e.action.rawValue]
            }
        }
    }

    static func write(_ db: any SQLDatabase, _ rows: [[any Encodable & Sendable]]) async throws {
        try await db.raw("DELETE FROM retention_entries").run()
        try await db.insertMany("""
            retention_entries (list, rank, customer_id, value_minor, churn_risk, recency_days, reason, action)
            """, rows)
    }
}

extension CustomerScores {
    /// One list (`keep` or `win-back`) from the latest run, best first, of the customers the person may see.
    /// One page of a list, by rank, after the rank `after` (keyset, like every list).
    public func retentionList(_ list: String, after: Int64? = nil, limit: Int = 50, by principal: Principal) async throws -> Page<RetentionEntry> {
        try principal.require(.customersRead)
        let base = try await Settings.baseCurrency(database.sql)
        let limit = max(1, min(limit, Page<RetentionEntry>.maxLimit))
        let entries = try await database.sql.raw("""
            SELECT r.rank, r.customer_id, c.name, r.value_minor, r.churn_risk, r.recency_days, r.reason, r.action
            FROM retention_entries r JOIN customers c ON c.id = r.customer_id
            WHERE r.list = \(bind: list) AND r.rank > \(bind: after ?? 0) AND c.deleted_at IS NULL \(CustomerRepository(database).scopeFilter(principal))
            ORDER BY r.rank LIMIT \(bind: limit + 1)
            """).all().map { row in
                RetentionEntry(rank: Int(try row.decode(column: "rank", as: Int64.self)), customerId: try row.decode(column: "customer_id", as: Int64.self),
                               name: try row.decode(column: "name", as: String.self),
                               value: Money(minorUnits: try row.decode(column: "value_minor", as: Int64.self), currency: base),
                               churnRisk: try row.decode(column: "churn_risk", as: Double.self),
                               recencyDays: Int(try row.decode(column: "recency_days", as: Int64.self)),
                               reason: RetentionList.Reason(rawValue: try row.decode(column: "reason", as: String.self)) ?? .highValueHighRisk,
                               action: RetentionList.Action(rawValue: try row.decode(column: "action", as: String.self)) ?? .retentionOffer)
            }
        let shown = Array(entries.prefix(limit))
        return Page(items: shown, next: entries.count > limit ? shown.last.map { Cursor.encode(Int64($0.rank)) } : nil)
    }
}
