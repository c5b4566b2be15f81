// PeyvandExchange's CSV reader beside the two CSV libraries in the local package set, on the same
// 100,000 rows of Persian customers (UTF-8 in memory, quoted cells with commas, quotes and line
// breaks): `cd Benchmarks && swift package benchmark --target CSVLibraries`.
//
// Each library lives in a file of its own (yaslab's module is named `CSV`, SwiftCSV has a type
// `CSV` and a `CSVDelimiter` like Peyvand's), so the names never meet.
import Benchmark
import Foundation
import PeyvandExchange

let rows = 100_000

/// The same bytes for every reader: a header and `rows` customers, written by Peyvand's writer.
func sample() -> [UInt8] {
    let given = ["علی", "فاطمه", "محمد\u{200C}رضا", "مریم", "Sara", "کامران"]
    let family = ["رضایی", "نیک\u{200C}نام", "Karimi", "حسینی"]
    var writer = CSVWriter(byteOrderMark: false, escapeFormulas: false)
    try? writer.write(["id", "name", "phones", "city", "note"])
    for i in 0..<rows {
        let note = i % 7 == 0 ? "خط اول\nخط دوم، با \"نقل\"" : ""
        try? writer.write([String(i), given[i % given.count] + " " + family[i % family.count],
                           "0912\(String(format: "%07d", i)), 021\(String(format: "%08d", i))", "تهران", note])
    }
    return writer.bytes
}

func peyvandRows(_ bytes: [UInt8]) -> Int {
    var reader = PeyvandExchange.CSVReader(bytes: bytes)
    var count = 0
    while let row = try? reader.next() { if case .success = row { count += 1 } }
    return count
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
                                           warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 10)
    Benchmark("CSV read 100k rows: PeyvandExchange.CSVReader") { benchmark, bytes in
        let n = peyvandRows(bytes)
        precondition(n == rows + 1, "read \(n)")
        blackHole(n)
    } setup: { sample() }
    Benchmark("CSV read 100k rows: yaslab/CSV.swift CSVReader (streaming)") { benchmark, bytes in
        let n = yaslabRows(bytes)
        precondition(n == rows + 1, "read \(n)")
        blackHole(n)
    } setup: { sample() }
    Benchmark("CSV read 100k rows: swiftcsv/SwiftCSV EnumeratedCSV (whole string)") { benchmark, bytes in
        let n = swiftCSVRows(bytes)
        precondition(n == rows, "read \(n)")
        blackHole(n)
    } setup: { sample() }
}
