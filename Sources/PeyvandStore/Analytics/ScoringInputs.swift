import Foundation
import NIOConcurrencyHelpers
import PeyvandAnalytics
import PeyvandCore
import SQLKit

/// What the scoring reads from the database, streamed into compact arrays so memory grows with
/// customers, not with orders: each buying customer's purchase days (orders of one day are one
/// purchase, valued at their net in the organisation's currency, in minor units), their return
/// days, and whether they are an organisation.
struct ScoringInputs: Sendable {
    var ids: [Int64]
    var history: PurchaseHistory
    var returns: PurchaseHistory
    var organisation: FeatureColumn
    /// The satisfaction class's rank (0 angry … 4 enthusiastic; 2 when unknown) and whether it is
    /// unknown: a customer never classified is neither praised nor blamed.
    var satisfaction = FeatureColumn(name: "satisfaction", values: [])
    var satisfactionUnknown = FeatureColumn(name: "satisfaction_unknown", values: [])

    /// The columns the churn model adds to the purchase history. One that does not vary (nobody
    /// classified yet) is left out by the model.
    var staticFeatures: [FeatureColumn] { [organisation, satisfaction, satisfactionUnknown] }

    final class Stream: @unchecked Sendable {
        let lock = NIOLock()
        var ids: [Int64] = []
        var history = PurchaseHistory()

        func add(customer: Int64, day: Int32, amount: Double) {
            lock.withLock {
                if ids.last != customer {
                    ids.append(customer)
                    history.startCustomer()
                }
                history.add(day: day, amount: amount)
            }
        }
    }

    static func load(_ database: Database, asOf: Date) async throws -> ScoringInputs {
        let purchases = Stream(), returned = Stream()
        let cutoff = Clock.millis(asOf)
        func day(_ column: String) -> String {
            database.dialect == .postgres ? "CAST((\(column) / 86400000) AS INTEGER)" : "(\(column) / 86400000)"
        }
        try await database.sql.raw("""
            SELECT o.customer_id, \(unsafeRaw: day("o.ordered_at")) AS day, CAST(SUM(l.base_net_minor) AS BIGINT) AS amount
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.status <> 'draft' AND o.status <> 'cancelled' AND o.ordered_at <= \(bind: cutoff)
            GROUP BY o.customer_id, \(unsafeRaw: day("o.ordered_at"))
            ORDER BY o.customer_id, \(unsafeRaw: day("o.ordered_at"))
            """).run { row in
                guard let c = try? row.decode(column: "customer_id", as: Int64.self), let d = try? row.decode(column: "day", as: Int64.self),
                      let a = try? row.decode(column: "amount", as: Int64.self), a > 0 else { return }
                purchases.add(customer: c, day: Int32(d), amount: Double(a))
            }
        purchases.history.finish()
        try await database.sql.raw("""
            SELECT customer_id, \(unsafeRaw: day("returned_at")) AS day FROM returns WHERE returned_at <= \(bind: cutoff)
            ORDER BY customer_id, returned_at
            """).run { row in
                guard let c = try? row.decode(column: "customer_id", as: Int64.self), let d = try? row.decode(column: "day", as: Int64.self) else { return }
                returned.add(customer: c, day: Int32(d), amount: 1)
            }
        returned.history.finish()
        let ids = purchases.ids
        // Returns and kinds aligned with the buyers (both lists are in customer id order).
        var returns = PurchaseHistory(), r = 0
        for id in ids {
            returns.startCustomer()
            while r < returned.ids.count, returned.ids[r] < id { r += 1 }
            if r < returned.ids.count, returned.ids[r] == id {
                for j in returned.history.range(r) { returns.add(day: returned.history.days[j], amount: returned.history.amounts[j]) }
            }
        }
        returns.finish()
        let organisations = Set(try await database.sql.raw("SELECT id FROM customers WHERE kind = 'organisation'").all()
            .compactMap { try? $0.decode(column: "id", as: Int64.self) })
        let isOrganisation = ids.map { organisations.contains($0) ? 1.0 : 0 }
        var ranks: [Int64: Int] = [:]
        for row in try await database.sql.raw("SELECT customer_id, class FROM customer_satisfaction WHERE class IS NOT NULL").all() {
            if let c = try? row.decode(column: "customer_id", as: Int64.self),
               let k = (try? row.decode(column: "class", as: String.self)).flatMap(SatisfactionClass.init(rawValue:)) { ranks[c] = k.rank }
        }
        return ScoringInputs(ids: ids, history: purchases.history, returns: returns,
                             organisation: FeatureColumn(name: "organisation", values: isOrganisation),
                             satisfaction: FeatureColumn(name: "satisfaction", values: ids.map { Double(ranks[$0] ?? SatisfactionClass.satisfied.rank) }),
                             satisfactionUnknown: FeatureColumn(name: "satisfaction_unknown", values: ids.map { ranks[$0] == nil ? 1 : 0 }))
    }
}
