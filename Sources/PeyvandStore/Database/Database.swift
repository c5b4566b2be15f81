import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The store's handle on one database: an SQLite file (the embedded default) or a PostgreSQL
/// server, opened from a URL: `sqlite:PATH` or `postgres://user:pass@host:port/db`.
public final class Database: Sendable {
    public let dialect: Dialect
    public let url: String
    let logger: Logger
    private let close: @Sendable () async throws -> Void
    private let makeSQL: @Sendable () -> any SQLDatabase
    /// Only for SQLite: one writer at a time in this process (see ``WriteGate``).
    private let writeGate: WriteGate?

    public static let defaultURL = "sqlite:./peyvand.sqlite"

    /// Opens the database named by `url`. Nothing is created until the first query; `sqlite:` files
    /// are created on first use. A query that waits longer than `requestTimeout` for a free
    /// connection fails (``StoreError/busy(retryAfterSeconds:)`` to a caller).
    public static func open(_ url: String, logger: Logger = Logger(label: "peyvand.store"), poolSize: Int = 4,
                            requestTimeout: TimeAmount = .seconds(10)) throws -> Database {
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw StoreError.badDatabaseURL(url, "the sqlite: URL needs a file path, e.g. sqlite:./peyvand.sqlite") }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw StoreError.badDatabaseURL(url, "the folder \(directory) does not exist")
            }
            let source = SQLiteFileSource(path: path)
            let pools = PoolBox(EventLoopGroupConnectionPool(
                source: source, maxConnectionsPerEventLoop: poolSize, requestTimeout: requestTimeout, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton
            ))
            return Database(
                dialect: .sqlite, url: url, logger: logger,
                sql: { PooledSQLiteDatabase(pools: pools, logger: logger).sql(queryLogLevel: .trace) },
                close: { try await pools.pool.shutdownAsync() }
            )
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let configuration: SQLPostgresConfiguration
            do { configuration = try SQLPostgresConfiguration(url: url) } catch {
                throw StoreError.badDatabaseURL(url, "expected postgres://user:password@host:port/database")
            }
            let pools = PoolBox(EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: poolSize, requestTimeout: requestTimeout, logger: logger, on: MultiThreadedEventLoopGroup.singleton
            ))
            return Database(
                dialect: .postgres, url: url, logger: logger,
                sql: { pools.pool.database(logger: logger).sql(queryLogLevel: .trace) },
                close: { try await pools.pool.shutdownAsync() }
            )
        }
        throw StoreError.badDatabaseURL(url, "use sqlite:PATH or postgres://user:password@host:port/database")
    }

    private init(dialect: Dialect, url: String, logger: Logger, sql: @escaping @Sendable () -> any SQLDatabase, close: @escaping @Sendable () async throws -> Void) {
        self.dialect = dialect
        self.url = url
        self.logger = logger
        self.makeSQL = sql
        self.close = close
        self.writeGate = dialect == .sqlite ? WriteGate() : nil
    }

    /// A database for single statements (reads, or one self-contained write).
    public var sql: any SQLDatabase { makeSQL() }

    /// Runs `body` in one transaction on one connection: committed if it returns, rolled back if it throws.
    /// Every write of the server goes through here: on SQLite one writer at a time through the
    /// write gate. A database that stays busy answers ``StoreError/busy(retryAfterSeconds:)``.
    public func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        do {
            guard let writeGate else { return try await session(body) }
            return try await writeGate.run { try await self.session(body) }
        } catch {
            throw StoreError.unavailable(error) ?? error
        }
    }

    /// A write that may be skipped: bookkeeping such as "last used" stamps. It never waits behind
    /// other writers (skipped when the SQLite write gate is taken) and never fails its caller.
    public func bestEffortWrite(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async {
        if let writeGate, await !writeGate.isIdle { return }
        do { try await transaction(body) } catch {
            logger.debug("skipped a best-effort write", metadata: ["error": .string("\(error)")])
        }
    }

    private func session<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let dialect = self.dialect
        return try await sql.withSession { db in
            try await db.raw(SQLQueryString(dialect.beginWrite)).run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Checks the database answers (for `/health`).
    public func ping() async throws {
        _ = try await sql.raw("SELECT 1 AS ok").first()
    }

    public func shutdown() async throws {
        try await close()
    }
}

/// Opens SQLite connections with the settings every connection needs: WAL (readers never wait
/// for the writer), foreign keys on, a busy timeout so concurrent writers queue instead of failing.
struct SQLiteFileSource: ConnectionPoolSource {
    let path: String

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop)
            .flatMap { conn in
                let pragmas = [
                    "PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000",
                    "PRAGMA synchronous = NORMAL", "PRAGMA temp_store = MEMORY",
                ]
                return pragmas.reduce(eventLoop.makeSucceededVoidFuture()) { future, pragma in
                    future.flatMap { conn.query(pragma).map { _ in } }
                }.map { conn }
            }
    }
}

/// The pool of SQLite connections seen as one `SQLiteDatabase`: each query borrows a connection.
struct PooledSQLiteDatabase: SQLiteDatabase {
    let pools: PoolBox<SQLiteFileSource>
    let logger: Logger

    var eventLoop: any EventLoop { pools.pool.eventLoopGroup.any() }

    func query(
        _ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void
    ) -> EventLoopFuture<Void> {
        pools.pool.withConnection(logger: logger) { $0.query(query, binds, logger: logger, onRow) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        pools.pool.withConnection(logger: logger, closure)
    }
}

/// AsyncKit's pool guards its state with a lock and is safe to share across threads, but is not
/// marked `Sendable`; this box states that once, here, instead of weakening checks elsewhere.
final class PoolBox<Source: ConnectionPoolSource>: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<Source>
    init(_ pool: EventLoopGroupConnectionPool<Source>) { self.pool = pool }
}
