import Foundation
import NIOConcurrencyHelpers
import PeyvandAnalytics
import PeyvandCore
import SQLKit

/// What the models say of one customer (the 360 page, lists, the API).
public struct CustomerScore: Sendable, Hashable {
    public let customerId: Int64
    public let recencyDays: Int
    public let purchases: Int
    public let monetary: Money
    public let r: Int, f: Int, m: Int
    public let segment: RFMSegment
    public let repeatPurchases: Int
    /// BG/NBD probability that the customer still buys (nil when the model could not be fitted).
    public let probabilityAlive: Double?
    /// Expected purchases in the next 90 days.
    public let expectedPurchases: Double?
    /// 12-month lifetime value at 1% a month (BG/NBD × Gamma-Gamma).
    public let lifetimeValue: Money?
    public let computedAt: Date
    /// Behavioural segment 1…k (k-means; 1 spends most), nil when segments could not be fitted.
    public var segmentNumber: Int? = nil
    /// Probability of no purchase in the next 90 days (the churn classifier).
    public var churnRisk: Double? = nil
    /// The features that raise that risk most (`recency`, `frequency`, …).
    public var churnReasons: [String] = []
}

/// Scores every customer who bought from the order history: RFM quintiles and segment
/// (`RFM.quintileScores`), and — when the data allow — BG/NBD P(alive) and expected purchases and
/// Gamma-Gamma lifetime value. Purchases are counted per day (orders of one day are one purchase,
/// as the models' papers and `lifetimes` do), valued at their net in the organisation's currency.
/// The history is streamed and summarised per customer in compact arrays, so memory grows with
/// customers, not with orders.
public struct CustomerScores: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The scores of one customer the person may see; nil before the first run or when they never bought.
    public func score(of customerId: Int64, by principal: Principal) async throws -> CustomerScore? {
        try await score(of: try await CustomerRepository(database).get(customerId, by: principal))
    }

    /// The scores of a customer already read (and so already checked against the person's reach).
    public func score(of customer: Customer) async throws -> CustomerScore? {
        let customerId = customer.id
        let base = try await Settings.baseCurrency(database.sql)
        guard let row = try await database.sql.raw("""
            SELECT customer_id, recency_days, purchases, monetary_minor, r, f, m, segment, repeat_purchases, p_alive, expected_purchases,
                   clv_minor, computed_at, segment_number, churn_risk, churn_reasons FROM customer_scores WHERE customer_id = \(bind: customerId)
            """).first() else { return nil }
        func int(_ c: String) throws -> Int { Int(try row.decode(column: c, as: Int64.self)) }
        return CustomerScore(
            customerId: customerId, recencyDays: try int("recency_days"), purchases: try int("purchases"),
            monetary: Money(minorUnits: try row.decode(column: "monetary_minor", as: Int64.self), currency: base),
            r: try int("r"), f: try int("f"), m: try int("m"),
            segment: RFMSegment(rawValue: try row.decode(column: "segment", as: String.self)) ?? .lost,
            repeatPurchases: try int("repeat_purchases"), probabilityAlive: try row.decode(column: "p_alive", as: Double?.self),
            expectedPurchases: try row.decode(column: "expected_purchases", as: Double?.self),
            lifetimeValue: try row.decode(column: "clv_minor", as: Int64?.self).map { Money(minorUnits: $0, currency: base) },
            computedAt: Clock.date(try row.decode(column: "computed_at", as: Int64.self)),
            segmentNumber: try row.decode(column: "segment_number", as: Int64?.self).map(Int.init),
            churnRisk: try row.decode(column: "churn_risk", as: Double?.self),
            churnReasons: (try row.decode(column: "churn_reasons", as: String?.self) ?? "").split(separator: ",").map(String.init))
    }
}
