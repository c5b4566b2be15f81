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
}

/// One run of the scoring: the data window, how many customers and the fitted parameters.
public struct AnalyticsRun: Sendable, Hashable {
    public let model: String
    public let asOf: Date
    public let customers: Int
    public let parameters: [String: Double]
    public let seconds: Double
    public let finishedAt: Date
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

    final class Accumulator: @unchecked Sendable {
        let lock = NIOLock()
        var ids: [Int64] = []
        var first: [Int32] = [], last: [Int32] = [], days: [Int32] = []
        var total: [Int64] = [], firstDay: [Int64] = []

        func add(customer: Int64, day: Int32, amount: Int64) {
            lock.withLock {
                if ids.last != customer {
                    ids.append(customer); first.append(day); last.append(day); days.append(1); total.append(amount); firstDay.append(amount)
                    return
                }
                let i = ids.count - 1
                if day == last[i] {
                    if days[i] == 1 { firstDay[i] += amount }
                } else {
                    last[i] = day
                    days[i] += 1
                }
                total[i] += amount
            }
        }
    }

    /// Recomputes every score as of `asOf` (default now) and records the run.
    @discardableResult
    public func refresh(asOf: Date = Date()) async throws -> [AnalyticsRun] {
        let started = Date()
        let asOfDay = Int32(Transaction.dayNumber(asOf))
        let accumulator = Accumulator()
        let day = "(o.ordered_at / 86400000)"
        try await database.sql.raw("""
            SELECT o.customer_id, \(unsafeRaw: database.dialect == .postgres ? "CAST(\(day) AS INTEGER)" : day) AS day,
                   CAST(SUM(l.base_net_minor) AS BIGINT) AS amount
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.status <> 'draft' AND o.status <> 'cancelled' AND o.ordered_at <= \(bind: Clock.millis(asOf))
            GROUP BY o.customer_id, \(unsafeRaw: day)
            ORDER BY o.customer_id, \(unsafeRaw: day)
            """).run { row in
                guard let c = try? row.decode(column: "customer_id", as: Int64.self), let d = try? row.decode(column: "day", as: Int64.self),
                      let a = try? row.decode(column: "amount", as: Int64.self), a > 0 else { return }
                accumulator.add(customer: c, day: Int32(d), amount: a)
            }
        let n = accumulator.ids.count
        guard n >= 2 else { throw StoreError.invalid(ValidationError(field: "orders", reason: "scoring needs purchases by at least two customers")) }
        let recency = (0..<n).map { Int(asOfDay - accumulator.last[$0]) }
        let r = RFM.quintileScores(recency.map { -Double($0) })
        let f = RFM.quintileScores((0..<n).map { Double(accumulator.days[$0]) })
        let m = RFM.quintileScores((0..<n).map { Double(accumulator.total[$0]) })
        let summaries = (0..<n).map { i in
            let repeats = Int(accumulator.days[i]) - 1
            let repeatSpend = Double(accumulator.total[i] - accumulator.firstDay[i])
            return CustomerSummary(frequency: repeats, recency: Double(accumulator.last[i] - accumulator.first[i]),
                                   age: Double(asOfDay - accumulator.first[i]), monetaryValue: repeats > 0 ? repeatSpend / Double(repeats) : 0)
        }
        var runs: [AnalyticsRun] = []
        let rfmSeconds = Date().timeIntervalSince(started)
        runs.append(AnalyticsRun(model: "rfm", asOf: asOf, customers: n, parameters: [:], seconds: rfmSeconds, finishedAt: Date()))
        var transactions: BGNBD?
        var spend: GammaGamma?
        let fitStart = Date()
        if let model = try? BGNBD.fit(summaries) {
            transactions = model
            runs.append(AnalyticsRun(model: "bgnbd", asOf: asOf, customers: n,
                                     parameters: ["r": model.r, "alpha": model.alpha, "a": model.a, "b": model.b, "logLikelihood": model.logLikelihood],
                                     seconds: Date().timeIntervalSince(fitStart), finishedAt: Date()))
            let ggStart = Date()
            if let gg = try? GammaGamma.fit(summaries.filter { $0.frequency > 0 }) {
                spend = gg
                runs.append(AnalyticsRun(model: "gamma-gamma", asOf: asOf, customers: summaries.filter { $0.frequency > 0 }.count,
                                         parameters: ["p": gg.p, "q": gg.q, "v": gg.v, "logLikelihood": gg.logLikelihood],
                                         seconds: Date().timeIntervalSince(ggStart), finishedAt: Date()))
            }
        }
        if let pareto = try await ValueConcentration.run(database, asOf: asOf) { runs.append(pareto) }
        // Keep and win-back lists: value is lifetime value where the models give one, else spend so far.
        let retention: [[any Encodable & Sendable]] = transactions.map { model in
            RetentionLists.rows(ids: accumulator.ids, value: (0..<n).map { i in
                if let g = spend, let v = try? customerLifetimeValue(transactions: model, spend: g, customer: summaries[i]), v.isFinite { return v }
                return Double(accumulator.total[i])
            }, alive: summaries.map { model.probabilityAlive($0) }, recency: recency)
        } ?? []
        let now = Clock.nowMillis()
        let finished = runs, fitted = (transactions, spend), retentionRows = retention
        let total = Date().timeIntervalSince(started)
        let ids = accumulator.ids, purchases = accumulator.days, spent = accumulator.total
        try await database.transaction { db in
            try await db.raw("DELETE FROM customer_scores").run()
            // Rows are made a chunk at a time, so memory holds the summaries, not a million rows of values.
            var start = 0
            while start < n {
                var chunk: [[any Encodable & Sendable]] = []
                for i in start..<min(start + 2000, n) {
                    let s = summaries[i]
                    let alive = fitted.0.map { $0.probabilityAlive(s) }.flatMap { $0.isFinite ? $0 : nil }
                    let expected = fitted.0.map { $0.expectedPurchases(in: 90, for: s) }.flatMap { $0.isFinite ? $0 : nil }
                    var clv: Int64?
                    if let t = fitted.0, let g = fitted.1, let value = try? customerLifetimeValue(transactions: t, spend: g, customer: s), value.isFinite {
                        clv = Int64(value.rounded())
                    }
                    chunk.append([ids[i], Int64(recency[i]), Int64(purchases[i]), spent[i], Int64(r[i]), Int64(f[i]), Int64(m[i]),
                                  RFMSegment(recencyScore: r[i], frequencyScore: f[i]).rawValue, Int64(s.frequency), alive, expected, clv, now])
                }
                try await CustomerRepository.insertMany(db, """
                    customer_scores (customer_id, recency_days, purchases, monetary_minor, r, f, m, segment, repeat_purchases, p_alive,
                      expected_purchases, clv_minor, computed_at)
                    """, chunk)
                start += 2000
            }
            try await RetentionLists.write(db, retentionRows)
            for run in finished {
                try await db.raw("""
                    INSERT INTO analytics_runs (model, as_of, customers, parameters, seconds, finished_at)
                    VALUES (\(bind: run.model), \(bind: Clock.millis(run.asOf)), \(bind: Int64(run.customers)),
                            \(bind: JSONText.encode(run.parameters)), \(bind: run.model == "rfm" ? total : run.seconds), \(bind: now))
                    """).run()
            }
        }
        return runs
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
                   clv_minor, computed_at FROM customer_scores WHERE customer_id = \(bind: customerId)
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
            computedAt: Clock.date(try row.decode(column: "computed_at", as: Int64.self)))
    }

    /// How many customers are in each RFM segment.
    public func segmentCounts() async throws -> [RFMSegment: Int] {
        var counts: [RFMSegment: Int] = [:]
        for row in try await database.sql.raw("SELECT segment, COUNT(*) AS n FROM customer_scores GROUP BY segment").all() {
            if let s = RFMSegment(rawValue: try row.decode(column: "segment", as: String.self)) {
                counts[s] = Int(try row.decode(column: "n", as: Int64.self))
            }
        }
        return counts
    }

    /// The latest run of each model.
    public func latestRuns() async throws -> [AnalyticsRun] {
        try await database.sql.raw("""
            SELECT model, as_of, customers, parameters, seconds, finished_at FROM analytics_runs a
            WHERE id = (SELECT MAX(id) FROM analytics_runs b WHERE b.model = a.model) ORDER BY model
            """).all().map { row in
                AnalyticsRun(model: try row.decode(column: "model", as: String.self),
                             asOf: Clock.date(try row.decode(column: "as_of", as: Int64.self)),
                             customers: Int(try row.decode(column: "customers", as: Int64.self)),
                             parameters: JSONText.decode([String: Double].self, try row.decode(column: "parameters", as: String.self)) ?? [:],
                             seconds: try row.decode(column: "seconds", as: Double.self),
                             finishedAt: Clock.date(try row.decode(column: "finished_at", as: Int64.self)))
            }
    }
}
