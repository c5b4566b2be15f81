// Throughput of PeyvandExchange's CSV reader/writer and vCard parser on
// generated, realistic Persian customer data held in memory (no file I/O).
//
// Besides the standard metrics, the CSV benchmarks report two custom metrics
// measured inside each iteration: `rows/s` (`cards/s` for vCard) and `bytes/s` of
// UTF-8 input/output, shown in thousands, so "bytes/s (K)  78000" is 78 MB/s.
import Benchmark
import BenchmarkSupport
import Foundation
import PeyvandExchange

let rowsPerSecond = BenchmarkMetric.custom("rows/s", polarity: .prefersLarger, useScalingFactor: false)
let bytesPerSecond = BenchmarkMetric.custom("bytes/s", polarity: .prefersLarger, useScalingFactor: false)
let cardsPerSecond = BenchmarkMetric.custom("cards/s", polarity: .prefersLarger, useScalingFactor: false)

/// Records `count / elapsed` and `bytes / elapsed` for one iteration.
func recordRates(_ benchmark: Benchmark, items: Int, bytes: Int, elapsed: Duration, itemMetric: BenchmarkMetric) {
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    guard seconds > 0 else { return }
    benchmark.measurement(itemMetric, Int((Double(items) / seconds).rounded()))
    benchmark.measurement(bytesPerSecond, Int((Double(bytes) / seconds).rounded()))
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        units: [bytesPerSecond: .kilo],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    let rowCount = 100_000
    let cardCount = 10_000

    Benchmark(
        "CSV read 100k Persian customer rows (CSVReader(bytes:))",
        configuration: .init(metrics: Benchmark.defaultConfiguration.metrics + [rowsPerSecond, bytesPerSecond])
    ) { benchmark, csv in
        let clock = ContinuousClock()
        let start = clock.now
        var reader = CSVReader(bytes: csv)
        var rows = 0, cells = 0
        while let row = try? reader.next() {
            if case .success(let record) = row {
                rows += 1
                cells += record.fields.count
            }
        }
        let elapsed = clock.now - start
        precondition(rows == rowCount + 1, "read \(rows) rows")  // + header
        blackHole(cells)
        recordRates(benchmark, items: rows, bytes: csv.count, elapsed: elapsed, itemMetric: rowsPerSecond)
    } setup: {
        var writer = CSVWriter(byteOrderMark: true)
        try writer.write(Generated.csvHeader)
        try writer.write(rows: Generated.customerRows(count: rowCount))
        return writer.bytes
    }

    Benchmark(
        "CSV write 100k Persian customer rows (CSVWriter, in memory)",
        configuration: .init(metrics: Benchmark.defaultConfiguration.metrics + [rowsPerSecond, bytesPerSecond])
    ) { benchmark, rows in
        let clock = ContinuousClock()
        let start = clock.now
        var writer = CSVWriter(byteOrderMark: true)
        try? writer.write(Generated.csvHeader)
        try? writer.write(rows: rows)
        let elapsed = clock.now - start
        let size = writer.bytes.count
        blackHole(size)
        recordRates(benchmark, items: rows.count + 1, bytes: size, elapsed: elapsed, itemMetric: rowsPerSecond)
    } setup: {
        Generated.customerRows(count: rowCount)
    }

    Benchmark(
        "vCard parse 10k Persian cards (VCardParser.parse(bytes:))",
        configuration: .init(metrics: Benchmark.defaultConfiguration.metrics + [cardsPerSecond, bytesPerSecond])
    ) { benchmark, vcf in
        let clock = ContinuousClock()
        let start = clock.now
        let result = VCardParser.parse(bytes: vcf)
        let elapsed = clock.now - start
        precondition(result.entries.count == cardCount && result.issues.isEmpty, "parsed \(result.entries.count) cards, \(result.issues.count) issues")
        blackHole(result)
        recordRates(benchmark, items: result.entries.count, bytes: vcf.count, elapsed: elapsed, itemMetric: cardsPerSecond)
    } setup: {
        Array(VCardWriter(version: .v4).string(for: Generated.contacts(count: cardCount)).utf8)
    }
}

/// Deterministic synthetic customers in the columns of `CustomerFormats.csvHeader`.
enum Generated {
    static let csvHeader = CustomerFormats.csvHeader

    static let given = ["علی", "محمد", "حسین", "رضا", "مهدی", "محمد\u{200C}رضا", "سعید", "کامران", "آرش", "فاطمه", "زهرا",
                        "مریم", "سارا", "نرگس", "لیلا", "شیرین", "مهسا", "الهام", "نازنین", "آزاده", "علي", "كامران", "مهدي"]
    static let family = ["رضایی", "محمدی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "صادقی", "نیک\u{200C}نام", "تهرانی",
                         "شیرازی", "اصفهانی", "رضايي", "كريمي", "کاظمی", "قاسمی", "امینی", "یوسفی"]
    static let cities = ["تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "کرج", "اهواز", "قم", "رشت", "یزد", "کرمان", "همدان"]
    static let stages = ["lead", "prospect", "customer", "churned"]
    static let tags = ["وفادار", "VIP", "عمده\u{200C}فروش", "newsletter", "نمایشگاه ۱۴۰۳", "B2B"]
    static let jobs = ["مدیر فروش", "کارشناس خرید", "مدیرعامل", "حسابدار", "Marketing manager", ""]
    static let latin = ["ali", "mohammad", "hossein", "reza", "mahdi", "saeed", "kamran", "arash", "fatemeh", "zahra", "maryam", "sara"]

    static func phone(_ rng: inout SeededGenerator) -> String {
        "+989" + String(format: "%09d", Int.random(in: 0..<1_000_000_000, using: &rng))
    }

    static func customerRows(count: Int) -> [[String]] {
        var rng = SeededGenerator(seed: 1403)
        let epoch = 1_672_531_200  // 2023-01-01T00:00:00Z
        let iso = ISO8601DateFormatter()
        return (1...count).map { id in
            let g = rng.pick(given), f = rng.pick(family)
            let phones = rng.chance(0.3) ? [phone(&rng), phone(&rng)] : [phone(&rng)]
            let email = rng.chance(0.6) ? "\(rng.pick(latin)).\(id)@example.ir" : ""
            let tagList = rng.chance(0.5) ? [rng.pick(tags), rng.pick(tags)] : []
            let created = epoch + Int.random(in: 0..<60_000_000, using: &rng)
            let updated = created + Int.random(in: 0..<5_000_000, using: &rng)
            let custom = rng.chance(0.25) ? "{\"کد ملی\":\"\(Int.random(in: 1_000_000_000..<9_999_999_999, using: &rng))\"}" : ""
            return [
                String(id), "person", "\(g) \(f)", g, f, phones.joined(separator: "; "), email, rng.pick(cities), rng.pick(stages),
                String(Int.random(in: 1...12, using: &rng)), tagList.joined(separator: ", "), rng.chance(0.5) ? "sms" : "phone",
                String(rng.chance(0.7)), String(rng.chance(0.8)), String(rng.chance(0.5)), "false", rng.pick(jobs), "",
                custom, iso.string(from: Date(timeIntervalSince1970: Double(created))),
                iso.string(from: Date(timeIntervalSince1970: Double(updated))), "",
            ]
        }
    }

    static func contacts(count: Int) -> [VCardContact] {
        var rng = SeededGenerator(seed: 1404)
        return (1...count).map { id in
            let g = rng.pick(given), f = rng.pick(family)
            let isOrg = rng.chance(0.2)
            return VCardContact(
                formattedName: "\(g) \(f)", givenName: g, familyName: f,
                organisation: isOrg ? "شرکت \(rng.pick(family)) و شرکا" : nil,
                title: rng.chance(0.4) ? rng.pick(jobs.filter { !$0.isEmpty }) : nil,
                phones: rng.chance(0.3) ? [phone(&rng), phone(&rng)] : [phone(&rng)],
                emails: rng.chance(0.6) ? ["\(rng.pick(latin)).\(id)@example.ir"] : [],
                city: rng.pick(cities),
                note: rng.chance(0.2) ? "مشتری از نمایشگاه ۱۴۰۳؛ تماس بعدی: اول مهر, ساعت ۱۰" : nil,
                categories: rng.chance(0.5) ? [rng.pick(tags)] : [])
        }
    }
}
