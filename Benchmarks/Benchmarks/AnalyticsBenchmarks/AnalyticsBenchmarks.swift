// Large-input benchmarks of PeyvandAnalytics' models on seeded synthetic data.
//
// Inputs are generated once per benchmark (in its `setup`, not measured) from
// the models' own generative assumptions, so every fit converges to sensible
// parameters. One iteration is one full analysis/fit; throughput is fits per second.
import Benchmark
import BenchmarkSupport
import Foundation
import PeyvandAnalytics

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 5
    )

    Benchmark("RFM.analyze 1M transactions / 200k customers") { benchmark, input in
        let customers = try! RFM.analyze(input.transactions, asOf: input.asOf)
        precondition(customers.count == 200_000, "scored \(customers.count) customers")
        blackHole(customers)
    } setup: {
        Synthetic.transactions(count: 1_000_000, customers: 200_000)
    }

    Benchmark("BGNBD.fit 100k customer summaries") { benchmark, summaries in
        let model = try! BGNBD.fit(summaries)
        blackHole(model)
    } setup: {
        Synthetic.customerSummaries(count: 100_000)
    }

    Benchmark("GammaGamma.fit 100k customer summaries") { benchmark, summaries in
        let model = try! GammaGamma.fit(summaries)
        blackHole(model)
    } setup: {
        Synthetic.customerSummaries(count: 100_000)
    }

    Benchmark("CoxPH.fit 100k rows, 3 covariates (Efron ties)") { benchmark, input in
        let model = try! CoxPH.fit(durations: input.durations, events: input.events, covariates: input.covariates)
        blackHole(model)
    } setup: {
        Synthetic.survival(count: 100_000)
    }

    Benchmark("KaplanMeier.fit 1M durations") { benchmark, input in
        let curve = try! KaplanMeier.fit(durations: input.durations, events: input.events)
        blackHole(curve)
    } setup: {
        Synthetic.survival(count: 1_000_000, covariates: false)
    }
}

enum Synthetic {
    struct TransactionLog: Sendable {
        var transactions: [Transaction]
        var asOf: Int
    }

    struct SurvivalData: Sendable {
        var durations: [Double]
        var events: [Bool]
        var covariates: [CoxPH.Covariate]
    }

    /// `count` purchases over two years by exactly `customers` customers: each
    /// customer buys once, the remaining purchases go preferentially to a
    /// minority of heavy buyers; amounts are log-normal (median ≈ 450,000 rials).
    static func transactions(count: Int, customers: Int) -> TransactionLog {
        precondition(count >= customers)
        var rng = SeededGenerator(seed: 20_250_101)
        let ids = (0..<customers).map { "C" + String(format: "%07d", $0) }
        let firstDay = 19_723, days = 730  // 2024-01-01 … 2025-12-30
        var log: [Transaction] = []
        log.reserveCapacity(count)
        for i in 0..<count {
            let customer: Int
            if i < customers {
                customer = i
            } else {
                let u = rng.uniform()
                customer = Int(Double(customers) * u * u)  // skewed towards low indices
            }
            let amount = (13 + 0.8 * rng.normal()).exponentialValue.rounded()
            log.append(Transaction(customerID: ids[customer], day: firstDay + Int.random(in: 0..<days, using: &rng), amount: amount))
        }
        // Shuffle so that the input is not grouped by customer.
        log.shuffle(using: &rng)
        return TransactionLog(transactions: log, asOf: firstDay + days)
    }

    /// Customer summaries simulated from the BG/NBD model (r 0.25, α 4, a 0.8,
    /// b 2.5, in weeks, as for CDNOW) with Gamma-Gamma spend (p 6, q 4, γ 15).
    static func customerSummaries(count: Int) -> [CustomerSummary] {
        var rng = SeededGenerator(seed: 2005)
        return (0..<count).map { i in
            let age = 26 + 13 * rng.uniform()  // weeks observed since the first purchase
            let lambda = rng.gamma(shape: 0.25, rate: 4)
            let p = rng.beta(0.8, 2.5)
            let nu = rng.gamma(shape: 4, rate: 15)
            var t = 0.0, x = 0, tx = 0.0, spend = 0.0
            while true {
                t += rng.exponential(rate: max(lambda, 1e-12))
                if t > age { break }
                x += 1
                tx = t
                spend += rng.gamma(shape: 6, rate: nu)
                if rng.chance(p) { break }  // drops out after this purchase
            }
            return CustomerSummary(
                id: String(i), frequency: x, recency: tx, age: age, monetaryValue: x > 0 ? spend / Double(x) : 0)
        }
    }

    /// Churn times in whole days (many ties) with administrative censoring at
    /// one year and random loss to follow-up; hazard exp(0.5·z + 0.8·complaint − 0.6·share).
    static func survival(count: Int, covariates withCovariates: Bool = true) -> SurvivalData {
        var rng = SeededGenerator(seed: 1348)
        var durations: [Double] = [], events: [Bool] = []
        var z: [Double] = [], complaint: [Double] = [], share: [Double] = []
        durations.reserveCapacity(count)
        events.reserveCapacity(count)
        for _ in 0..<count {
            let x1 = rng.normal(), x2: Double = rng.chance(0.3) ? 1 : 0, x3 = rng.uniform()
            let hazard = 0.004 * (0.5 * x1 + 0.8 * x2 - 0.6 * x3).exponentialValue
            let eventTime = rng.exponential(rate: hazard)
            let censorTime = min(365, rng.exponential(rate: 1.0 / 900))
            durations.append(min(eventTime, censorTime).rounded(.up))
            events.append(eventTime <= censorTime)
            if withCovariates {
                z.append(x1)
                complaint.append(x2)
                share.append(x3)
            }
        }
        let covariates = withCovariates
            ? [CoxPH.Covariate(name: "z", values: z), CoxPH.Covariate(name: "complaint", values: complaint),
               CoxPH.Covariate(name: "share", values: share)]
            : []
        return SurvivalData(durations: durations, events: events, covariates: covariates)
    }
}

extension Double {
    fileprivate var exponentialValue: Double { Foundation.exp(self) }
}
