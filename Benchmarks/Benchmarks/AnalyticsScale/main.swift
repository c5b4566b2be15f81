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

// MARK: - Input

/// The whole file as bytes.
func readBytes(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { fail("cannot open \(path)") }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { fail("cannot stat \(path)") }
    let size = Int(st.st_size)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        var done = 0
        while done < size {
            let n = read(fd, buffer.baseAddress! + done, size - done)
            if n <= 0 { break }
            done += n
        }
        count = done
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("AnalyticsScale: \(message)\n".utf8))
    exit(1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil).
@inline(__always)
func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

/// A plain decimal number (`-12.345`) in `bytes[start..<end]`. The digits are
/// read as an integer and divided by a power of ten, both exact, so the result
/// is the correctly rounded double (what `strtod` gives) for up to 15 digits.
@inline(__always)
func parseDecimal(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double {
    var i = start
    var negative = false
    if i < end && p[i] == UInt8(ascii: "-") { negative = true; i += 1 }
    var mantissa: Int64 = 0
    var decimals = -1
    while i < end {
        let c = p[i]
        if c == UInt8(ascii: ".") {
            decimals = 0
        } else {
            mantissa = mantissa &* 10 &+ Int64(c &- 48)
            if decimals >= 0 { decimals += 1 }
        }
        i += 1
    }
    let value = Double(mantissa) / powersOfTen[max(decimals, 0)]
    return negative ? -value : value
}

/// Parses `customer_id,date,amount` rows (no quoting; ids such as C0000001).
func parseTransactions(_ bytes: [UInt8]) -> [Transaction] {
    var result: [Transaction] = []
    result.reserveCapacity(bytes.count / 30)
    var idCache: [String?] = []
    bytes.withUnsafeBufferPointer { p in
        let n = p.count
        var i = 0
        while i < n && p[i] != UInt8(ascii: "\n") { i += 1 }  // header
        i += 1
        while i < n {
            // customer id
            let idStart = i
            var number = 0
            var numeric = p[i] == UInt8(ascii: "C")
            i += 1
            while i < n && p[i] != UInt8(ascii: ",") {
                let d = Int(p[i]) - 48
                if d < 0 || d > 9 { numeric = false }
                number = number &* 10 &+ d
                i += 1
            }
            let id: String
            if numeric && i - idStart > 1 && number < 100_000_000 {
                if number >= idCache.count { idCache.append(contentsOf: repeatElement(nil, count: number + 1 - idCache.count + 1024)) }
                if let cached = idCache[number] {
                    id = cached
                } else {
                    id = String(decoding: UnsafeBufferPointer(rebasing: p[idStart..<i]), as: UTF8.self)
                    idCache[number] = id
                }
            } else {
                id = String(decoding: UnsafeBufferPointer(rebasing: p[idStart..<i]), as: UTF8.self)
            }
            guard i + 11 < n else { fail("truncated transaction row at byte \(idStart)") }
            i += 1
            // date YYYY-MM-DD
            func digits(_ at: Int, _ count: Int) -> Int {
                var v = 0
                for k in 0..<count { v = v * 10 + Int(p[at + k]) - 48 }
                return v
            }
            let day = daysFromCivil(digits(i, 4), digits(i + 5, 2), digits(i + 8, 2))
            i += 11
            // amount
            let amountStart = i
            while i < n && p[i] != UInt8(ascii: "\n") && p[i] != UInt8(ascii: "\r") { i += 1 }
            let amount = parseDecimal(p, amountStart, i)
            while i < n && (p[i] == UInt8(ascii: "\n") || p[i] == UInt8(ascii: "\r")) { i += 1 }
            result.append(Transaction(customerID: id, day: day, amount: amount))
        }
    }
    return result
}

struct SurvivalTable {
    var durations: [Double] = []
    var events: [Bool] = []
    var x1: [Double] = [], x2: [Double] = [], x3: [Double] = []
}

/// Parses `duration,event,x1,x2,x3` rows.
func parseSurvival(_ bytes: [UInt8]) -> SurvivalTable {
    var t = SurvivalTable()
    let estimate = bytes.count / 24
    t.durations.reserveCapacity(estimate); t.events.reserveCapacity(estimate)
    t.x1.reserveCapacity(estimate); t.x2.reserveCapacity(estimate); t.x3.reserveCapacity(estimate)
    bytes.withUnsafeBufferPointer { p in
        let n = p.count
        var i = 0
        while i < n && p[i] != UInt8(ascii: "\n") { i += 1 }
        i += 1
        var fields = [Double](repeating: 0, count: 5)
        while i < n {
            for f in 0..<5 {
                let start = i
                while i < n && p[i] != UInt8(ascii: ",") && p[i] != UInt8(ascii: "\n") && p[i] != UInt8(ascii: "\r") { i += 1 }
                fields[f] = parseDecimal(p, start, i)
                i += 1
            }
            while i < n && (p[i] == UInt8(ascii: "\n") || p[i] == UInt8(ascii: "\r")) { i += 1 }
            t.durations.append(fields[0])
            t.events.append(fields[1] != 0)
            t.x1.append(fields[2]); t.x2.append(fields[3]); t.x3.append(fields[4])
        }
    }
    return t
}

/// A `PurchaseHistory` of the transactions up to `asOf`, customers in id order (as
/// `CustomerSummary.fromTransactions` and pandas sort them), days ascending.
func buildHistory(_ transactions: [Transaction], asOf: Int) -> PurchaseHistory {
    var index: [String: Int32] = [:]
    var ids: [String] = []
    var customer = [Int32](repeating: -1, count: transactions.count)
    for (k, t) in transactions.enumerated() where t.day <= asOf {
        if let i = index[t.customerID] {
            customer[k] = i
        } else {
            let i = Int32(ids.count)
            index[t.customerID] = i
            ids.append(t.customerID)
            customer[k] = i
        }
    }
    let byID = ids.indices.sorted { ids[$0] < ids[$1] }
    var rank = [Int32](repeating: 0, count: ids.count)
    for (r, i) in byID.enumerated() { rank[i] = Int32(r) }
    // Counting sort of the rows by customer rank, then each customer's rows by day.
    var offsets = [Int](repeating: 0, count: ids.count + 1)
    for c in customer where c >= 0 { offsets[Int(rank[Int(c)]) + 1] += 1 }
    for i in 0..<ids.count { offsets[i + 1] += offsets[i] }
    var next = offsets
    var rows = [Int32](repeating: 0, count: offsets[ids.count])
    for (k, c) in customer.enumerated() where c >= 0 {
        let r = Int(rank[Int(c)])
        rows[next[r]] = Int32(k)
        next[r] += 1
    }
    var history = PurchaseHistory()
    for r in 0..<ids.count {
        history.startCustomer()
        let mine = rows[offsets[r]..<offsets[r + 1]].sorted { transactions[Int($0)].day < transactions[Int($1)].day }
        for k in mine { history.add(day: Int32(transactions[Int(k)].day), amount: transactions[Int(k)].amount) }
    }
    history.finish()
    return history
}

// MARK: - Output

func writeArray(_ values: [Double], _ directory: String, _ name: String) {
    let data = values.withUnsafeBufferPointer { Data(buffer: $0) }  // little-endian on every supported platform
    guard FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: data) else { fail("cannot write \(directory)/\(name)") }
}

func writeBytes(_ values: [UInt8], _ directory: String, _ name: String) {
    guard FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data(values)) else { fail("cannot write \(directory)/\(name)") }
}

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // KiB
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1_048_576  // bytes
    #endif
}

/// JSON-safe number (NaN and infinities become null).
func json(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

func log(_ message: String) {
    FileHandle.standardError.write(Data("[swift] \(message)\n".utf8))
}

func timed<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    let d = start.duration(to: clock.now)
    return (value, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
}

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
