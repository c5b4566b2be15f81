// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "peyvand",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "peyvand", targets: ["peyvand"]),
        .library(name: "PeyvandCore", targets: ["PeyvandCore"]),
        .library(name: "PeyvandStore", targets: ["PeyvandStore"]),
        .library(name: "PeyvandWeb", targets: ["PeyvandWeb"]),
        .library(name: "PeyvandAnalytics", targets: ["PeyvandAnalytics"]),
        .library(name: "PeyvandExchange", targets: ["PeyvandExchange"]),
        .library(name: "PeyvandChannels", targets: ["PeyvandChannels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .target(name: "PeyvandCore", swiftSettings: strict),
        .target(name: "PeyvandExchange", dependencies: ["PeyvandCore", "PeyvandAnalytics"], swiftSettings: strict),
        .target(name: "PeyvandAnalytics", swiftSettings: strict),
        .target(
            name: "PeyvandStore",
            dependencies: [
                "PeyvandCore", "PeyvandExchange", "PeyvandAnalytics",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PeyvandChannels",
            dependencies: [
                "PeyvandCore", "PeyvandStore", "PeyvandExchange",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PeyvandWeb",
            dependencies: [
                "PeyvandCore", "PeyvandStore", "PeyvandExchange",
                // SMS: the callback endpoint reads the gateway's own shapes.
                "PeyvandChannels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "peyvand",
            dependencies: [
                "PeyvandCore", "PeyvandStore", "PeyvandWeb", "PeyvandExchange", "PeyvandChannels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "PeyvandCoreTests", dependencies: ["PeyvandCore"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "PeyvandAnalyticsTests", dependencies: ["PeyvandAnalytics"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "PeyvandExchangeTests", dependencies: ["PeyvandExchange"], resources: [.copy("Fixtures")], swiftSettings: strict),
        // A fresh migrated database per test, on SQLite and (when configured) PostgreSQL: shared by
        // the store and channels suites (test targets cannot share files).
        .target(
            name: "PeyvandTestSupport",
            dependencies: ["PeyvandCore", "PeyvandStore", .product(name: "Logging", package: "swift-log"), .product(name: "SQLKit", package: "sql-kit")],
            path: "Tests/PeyvandTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "PeyvandStoreTests", dependencies: ["PeyvandStore", "PeyvandTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PeyvandChannelsTests",
            dependencies: [
                "PeyvandChannels", "PeyvandTestSupport",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PeyvandWebTests",
            dependencies: [
                "PeyvandWeb", "PeyvandTestSupport",
                // SMS: the API tests configure a gateway.
                "PeyvandChannels",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)
