// Scale benchmark of PeyvandAnalytics against the Python reference
// implementations (lifetimes, scikit-learn, lifelines); the Swift side of
// scripts/bench-analytics, which generates the data, runs this and
// scripts/bench_analytics/reference.py on the same files and compares them.
//
//     AnalyticsScale --work DIR [--out FILE.json]
//
// Reads DIR/transactions.csv (customer_id,date,amount) and DIR/survival.csv
// (duration,event,x1,x2,x3) with a small byte-level parser (timed separately,
// not part of any model step), then times the same steps as reference.py:
//
//   rfm              RFM.analyze(transactions, asOf: last day)
//   summary          CustomerSummary.fromTransactions(…, observationEnd: last day)
//   summary_history  the same summaries from a PurchaseHistory (Swift only; building it not timed)
//   bgnbd_fit        BGNBD.fit(summaries)
//   bgnbd_score      BatchScores.probabilityAlive + expectedPurchases(in: 90) for every customer (all cores)
//   gamma_gamma_fit  GammaGamma.fit(summaries) (it keeps the repeat buyers itself)
//   clv              BatchScores.lifetimeValues(…, months: 12, discountRate: 0.01, .days) for every customer (all cores)
//   kmeans           KMeans.fit(log1p recency, log1p frequency, log1p monetary; k 5, 10 restarts, standardised)
//   cox              CoxPH.fit(durations:events:covariates:) with Efron ties (concordance included)
//
// Prints JSON in the shape of reference.py's and writes per-customer arrays
// (little-endian, customers sorted by id) to DIR/swift/ for the comparison.
import Foundation
import PeyvandAnalytics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Benchmark

func run() {
    var work = "/tmp/peyvand-bench-analytics"
    var outPath: String?
    var args = CommandLine.arguments.dropFirst()
    while let a = args.popFirst() {
        switch a {
        case "--work": work = args.popFirst() ?? work
        case "--out": outPath = args.popFirst()
        case "-h", "--help":
            print("usage: AnalyticsScale --work DIR [--out FILE.json]  (see scripts/bench-analytics)")
            return
        default: fail("unknown option \(a)")
        }
    }
    let arrays = "\(work)/swift"
    try? FileManager.default.createDirectory(atPath: arrays, withIntermediateDirectories: true)
    var out: [String: Any] = ["implementation": "swift"]
    var steps: [String: Any] = [:]
    var readSeconds: [String: Any] = [:]

    // Read.
    var (transactions, tRead) = timed { parseTransactions(readBytes("\(work)/transactions.csv")) }
    readSeconds["transactions"] = tRead
    let (survival, sRead) = timed { parseSurvival(readBytes("\(work)/survival.csv")) }
    readSeconds["survival"] = sRead
    out["read_seconds"] = readSeconds
    log(String(format: "read %d transactions in %.2f s", transactions.count, tRead))
    let asOf = transactions.reduce(Int.min) { max($0, $1.day) }

    // 1. RFM
    var rfm: [RFM.Customer] = []
    do {
        let (customers, seconds) = try timed { () throws(AnalyticsError) in try RFM.analyze(transactions, asOf: asOf) }
        rfm = customers
        var counts = ["R": [Int](repeating: 0, count: 5), "F": [Int](repeating: 0, count: 5), "M": [Int](repeating: 0, count: 5)]
        var scores = [UInt8]()
        scores.reserveCapacity(3 * customers.count)
        var c111 = 0, c555 = 0
        for c in customers {
            counts["R"]![c.recencyScore - 1] += 1
            counts["F"]![c.frequencyScore - 1] += 1
            counts["M"]![c.monetaryScore - 1] += 1
            scores += [UInt8(c.recencyScore), UInt8(c.frequencyScore), UInt8(c.monetaryScore)]
            if c.code == "111" { c111 += 1 }
            if c.code == "555" { c555 += 1 }
        }
        let n = Double(customers.count)
        steps["rfm"] = [
            "seconds": seconds, "customers": customers.count,
            "first_id": customers.first?.id ?? "", "last_id": customers.last?.id ?? "",
            "mean_recency": Double(customers.reduce(0) { $0 + $1.recency }) / n,
            "mean_frequency": Double(customers.reduce(0) { $0 + $1.frequency }) / n,
            "total_monetary": customers.reduce(0.0) { $0 + $1.monetary },
            "score_counts": counts, "champions_111_555": [c111, c555],
        ] as [String: Any]
        writeArray(customers.map { Double($0.recency) }, arrays, "rfm_recency.f8")
        writeArray(customers.map { Double($0.frequency) }, arrays, "rfm_frequency.f8")
        writeArray(customers.map(\.monetary), arrays, "rfm_monetary.f8")
        writeBytes(scores, arrays, "rfm_scores.u1")
        log(String(format: "rfm %.2f s", seconds))
    } catch {
        steps["rfm"] = ["error": "\(error)"]
        log("rfm failed: \(error)")
    }
    out["sizes"] = ["transactions": transactions.count, "customers": rfm.count, "survival_rows": survival.durations.count]

    // 2. Customer summaries
    var summaries: [CustomerSummary] = []
    do {
        let (s, seconds) = try timed { () throws(AnalyticsError) in
            try CustomerSummary.fromTransactions(transactions, observationEnd: asOf)
        }
        summaries = s
        steps["summary"] = [
            "seconds": seconds, "customers": s.count, "repeat_customers": s.filter { $0.frequency > 0 }.count,
            "sum_frequency": Double(s.reduce(0) { $0 + $1.frequency }), "sum_recency": s.reduce(0.0) { $0 + $1.recency },
            "sum_T": s.reduce(0.0) { $0 + $1.age },
            "mean_monetary_value": s.reduce(0.0) { $0 + $1.monetaryValue } / Double(s.count),
        ] as [String: Any]
        writeArray(s.map { Double($0.frequency) }, arrays, "summary_frequency.f8")
        writeArray(s.map(\.recency), arrays, "summary_recency.f8")
        writeArray(s.map(\.age), arrays, "summary_T.f8")
        writeArray(s.map(\.monetaryValue), arrays, "summary_monetary.f8")
        log(String(format: "summary %.2f s", seconds))
    } catch {
        steps["summary"] = ["error": "\(error)"]
        log("summary failed: \(error)")
    }
    // 2b. The same summaries from a PurchaseHistory (the compact form the live scoring keeps in
    // memory). Building it from the transaction log (grouping by customer, sorting by day) is
    // reported but not timed as part of the step: the live scoring streams it from the database
    // already grouped and sorted.
    do {
        let (history, buildSeconds) = timed { buildHistory(transactions, asOf: asOf) }
        let (s, seconds) = timed {
            (0..<history.customerCount).compactMap { history.summary($0, observationEnd: asOf) }
        }
        steps["summary_history"] = [
            "seconds": seconds, "build_seconds": buildSeconds, "customers": s.count,
            "purchase_days": history.days.count,
        ] as [String: Any]
        writeArray(s.map { Double($0.frequency) }, arrays, "history_frequency.f8")
        writeArray(s.map(\.recency), arrays, "history_recency.f8")
        writeArray(s.map(\.age), arrays, "history_T.f8")
        writeArray(s.map(\.monetaryValue), arrays, "history_monetary.f8")
        log(String(format: "summary from PurchaseHistory %.2f s (building the history %.2f s, not counted)", seconds, buildSeconds))
    }
    transactions = []  // as reference.py drops its transaction frame here

    // 3. BG/NBD fit, 4. scoring
    var bgnbd: BGNBD?
    if !summaries.isEmpty {
        do {
            let (model, seconds) = try timed { () throws(AnalyticsError) in try BGNBD.fit(summaries) }
            bgnbd = model
            steps["bgnbd_fit"] = [
                "seconds": seconds, "r": model.r, "alpha": model.alpha, "a": model.a, "b": model.b,
                "log_likelihood": json(model.logLikelihood), "customers": summaries.count,
            ] as [String: Any]
            log(String(format: "bgnbd fit %.2f s: r %.6g alpha %.6g a %.6g b %.6g", seconds, model.r, model.alpha, model.a, model.b))
        } catch {
            steps["bgnbd_fit"] = ["error": "\(error)"]
            log("bgnbd fit failed: \(error)")
        }
    }
    if let model = bgnbd {
        let ((alive, e90), seconds) = timed {
            (BatchScores.probabilityAlive(model, summaries), BatchScores.expectedPurchases(model, in: 90, summaries))
        }
        steps["bgnbd_score"] = [
            "seconds": seconds, "sum_p_alive": json(alive.reduce(0, +)), "sum_expected_90": json(e90.reduce(0, +)),
            "nonfinite": alive.filter { !$0.isFinite }.count + e90.filter { !$0.isFinite }.count,
        ] as [String: Any]
        writeArray(alive, arrays, "p_alive.f8")
        writeArray(e90, arrays, "expected_90.f8")
        log(String(format: "bgnbd score %.2f s", seconds))
    }

    // 5. Gamma-Gamma fit, 6. CLV
    var gammaGamma: GammaGamma?
    if !summaries.isEmpty {
        do {
            let (model, seconds) = try timed { () throws(AnalyticsError) in try GammaGamma.fit(summaries) }
            gammaGamma = model
            steps["gamma_gamma_fit"] = [
                "seconds": seconds, "p": model.p, "q": model.q, "v": model.v, "log_likelihood": json(model.logLikelihood),
                "repeat_customers": summaries.filter { $0.frequency > 0 }.count,
            ] as [String: Any]
            log(String(format: "gamma-gamma fit %.2f s: p %.6g q %.6g v %.6g", seconds, model.p, model.q, model.v))
        } catch {
            steps["gamma_gamma_fit"] = ["error": "\(error)"]
            log("gamma-gamma fit failed: \(error)")
        }
    }
    if let model = bgnbd, let spend = gammaGamma {
        do {
            let (clv, seconds) = try timed { () throws(AnalyticsError) in
                BatchScores.lifetimeValues(transactions: model, spend: spend, summaries, months: 12, discountRate: 0.01, periodsPerMonth: .days)
            }
            steps["clv"] = [
                "seconds": seconds, "sum_clv": json(clv.reduce(0, +)), "nonfinite": clv.filter { !$0.isFinite }.count,
                "months": 12, "monthly_discount": 0.01,
            ] as [String: Any]
            writeArray(clv, arrays, "clv.f8")
            log(String(format: "clv %.2f s", seconds))
        } catch {
            steps["clv"] = ["error": "\(error)"]
            log("clv failed: \(error)")
        }
    }

    // 7. k-means on log1p(recency), log1p(frequency), log1p(monetary)
    if !rfm.isEmpty {
        let features = [
            FeatureColumn(name: "log1p(recency)", values: rfm.map { log1p(Double($0.recency)) }),
            FeatureColumn(name: "log1p(frequency)", values: rfm.map { log1p(Double($0.frequency)) }),
            FeatureColumn(name: "log1p(monetary)", values: rfm.map { log1p($0.monetary) }),
        ]
        do {
            let options = KMeans.Options(restarts: 10, maxIterations: 300, seed: 0, standardize: true)
            let (model, seconds) = try timed { () throws(AnalyticsError) in try KMeans.fit(features, k: 5, options: options) }
            let order = model.clusterSizes.indices.sorted { model.clusterSizes[$0] > model.clusterSizes[$1] }
            steps["kmeans"] = [
                "seconds": seconds, "inertia": model.inertia, "iterations": model.iterations,
                "cluster_sizes": order.map { model.clusterSizes[$0] },
                "centroids_standardized": order.map { c in model.centroids[c].map { ($0 * 1e6).rounded() / 1e6 } },
                "features": model.featureNames, "rows": rfm.count, "best_restart": model.bestRestart,
            ] as [String: Any]
            log(String(format: "kmeans %.2f s, inertia %.6g", seconds, model.inertia))
        } catch {
            steps["kmeans"] = ["error": "\(error)"]
            log("kmeans failed: \(error)")
        }
    }

    // 8. Cox PH (Efron)
    do {
        let covariates = [
            CoxPH.Covariate(name: "x1", values: survival.x1),
            CoxPH.Covariate(name: "x2", values: survival.x2),
            CoxPH.Covariate(name: "x3", values: survival.x3),
        ]
        let (model, seconds) = try timed { () throws(AnalyticsError) in
            try CoxPH.fit(durations: survival.durations, events: survival.events, covariates: covariates, ties: .efron)
        }
        var coefficients: [String: Any] = [:], errors: [String: Any] = [:]
        for c in model.coefficients {
            coefficients[c.name] = c.coefficient
            errors[c.name] = c.standardError
        }
        steps["cox"] = [
            "seconds": seconds, "coefficients": coefficients, "standard_errors": errors,
            "concordance": model.concordance, "log_likelihood": model.logLikelihood, "rows": survival.durations.count,
            "events": survival.events.filter { $0 }.count, "distinct_durations": Set(survival.durations).count,
            "ties": "efron", "iterations": model.iterations,
        ] as [String: Any]
        log(String(format: "cox %.2f s", seconds))
    } catch {
        steps["cox"] = ["error": "\(error)"]
        log("cox failed: \(error)")
    }

    out["steps"] = steps
    out["peak_rss_mb"] = peakRSSMegabytes()
    guard let data = try? JSONSerialization.data(withJSONObject: out, options: [.prettyPrinted, .sortedKeys]) else {
        fail("could not encode the results as JSON")
    }
    if let outPath {
        guard FileManager.default.createFile(atPath: outPath, contents: data + Data("\n".utf8)) else { fail("cannot write \(outPath)") }
    } else {
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}

run()
