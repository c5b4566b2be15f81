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
