// swift-tools-version:6.1
//
// Micro-benchmarks for Peyvand, run with ordo-one/benchmark:
//
//     cd Benchmarks && swift package benchmark
//
// This is a separate package so that the main package never depends on the
// benchmark framework. It depends only on the library products of the main
// package that carry no server dependencies (PeyvandCore, PeyvandExchange,
// PeyvandAnalytics), so building it does not compile the web stack.
import PackageDescription

let package = Package(
    name: "peyvand-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "peyvand", path: ".."),
        // `traits:` replaces benchmark's default traits (MallocInterposer +
        // RuntimeInterposer). Only MallocInterposer is wanted: it provides the
        // malloc metrics; RuntimeInterposer would pull in a package that is
        // not needed for these benchmarks.
        .package(
            url: "https://github.com/ordo-one/benchmark",
            from: "1.38.1",
            traits: ["MallocInterposer"]
        ),
        // Only for comparing PeyvandExchange's CSV reader with the CSV libraries in the local
        // package set (docs/architecture.md says why Peyvand keeps its own).
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV.git", from: "0.10.0"),
    ],
    targets: [
        // Seeded random numbers for the synthetic inputs (not a benchmark).
        .target(name: "BenchmarkSupport", path: "Sources/BenchmarkSupport"),
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PeyvandCore", package: "peyvand"),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ExchangeBenchmarks",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PeyvandCore", package: "peyvand"),
                .product(name: "PeyvandExchange", package: "peyvand"),
            ],
            path: "Benchmarks/ExchangeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "AnalyticsBenchmarks",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PeyvandAnalytics", package: "peyvand"),
            ],
            path: "Benchmarks/AnalyticsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CSVLibraries",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PeyvandExchange", package: "peyvand"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ],
            path: "Benchmarks/CSVLibraries",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a `swift package benchmark` target: a plain executable timing the
        // analytics models on 1M customers / 20M transactions side by side with
        // the Python reference libraries (run by scripts/bench-analytics).
        .executableTarget(
            name: "AnalyticsScale",
            dependencies: [
                .product(name: "PeyvandAnalytics", package: "peyvand"),
            ],
            path: "Benchmarks/AnalyticsScale"
        ),
    ]
)
