import Foundation
import PeyvandCore
import Logging
import PeyvandStore
import SQLKit

/// The databases the store and channels suites run on: SQLite always, PostgreSQL when
/// `PEYVAND_TEST_POSTGRES_URL` names a server (scripts/test starts one). Each test gets a fresh,
/// migrated database of its own, removed afterwards.
public enum TestDatabase {
    /// An administrator to act as, in a fresh database.
    public static func admin(_ db: Database) async throws -> Principal {
        try await UserRepository(db).create(email: "admin@example.test", name: "Admin", role: .administrator, password: "long enough pw").principal
    }

    public static var kinds: [String] {
        ProcessInfo.processInfo.environment["PEYVAND_TEST_POSTGRES_URL"] == nil ? ["sqlite"] : ["sqlite", "postgres"]
    }

    /// Runs `body` on a fresh database of `kind` migrated by `migrations` (all of them unless a
    /// test starts from an older schema to upgrade it).
    public static func with<R>(_ kind: String, migrations: [Migration] = Migration.all, _ body: (Database) async throws -> R) async throws -> R {
        FastPasswords.use()
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let database: Database
        var serverURL: String?
        var file: String?
        if kind == "postgres", let url = ProcessInfo.processInfo.environment["PEYVAND_TEST_POSTGRES_URL"] {
            // The server connection is held only to create and to drop: hundreds of tests run at
            // once, and each holding two connections throughout would exhaust the server's slots.
            let server = try Database.open(url, logger: logger, poolSize: 1)
            do { try await server.sql.raw("CREATE DATABASE \(ident: String(name))").run() } catch {
                try? await server.shutdown()
                throw error
            }
            try await server.shutdown()
            serverURL = url
            let base = String(url[..<url.lastIndex(of: "/")!])
            // One connection per event loop, so a test of concurrent writers queues for them: under
            // the whole suite's load (hundreds of tests on two cores) the default ten seconds' wait
            // for a connection timed out behind writers that were only slow.
            database = try Database.open("\(base)/\(name)", logger: logger, poolSize: 1, requestTimeout: .seconds(120))
        } else {
            let path = NSTemporaryDirectory() + "peyvand-\(name).sqlite"
            file = path
            database = try Database.open("sqlite:\(path)", logger: logger)
        }
        func cleanUp() async throws {
            try await database.shutdown()
            if let serverURL {
                // Shut down whether the drop worked or not: a pool dropped unclosed stops the run.
                let server = try Database.open(serverURL, logger: logger, poolSize: 1)
                do { try await server.sql.raw("DROP DATABASE IF EXISTS \(ident: String(name))").run() } catch {
                    try? await server.shutdown()
                    throw error
                }
                try await server.shutdown()
            }
            if let file {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
            }
        }
        do {
            try await Migrator(database).migrate(migrations)
            let result = try await body(database)
            try await cleanUp()
            return result
        } catch let error as StoreError {
            try? await cleanUp()
            throw error
        } catch {
            try? await cleanUp()
            throw DatabaseFailure(description: String(reflecting: error))
        }
    }
}

/// A driver error with its details (PostgreSQL's errors print a generic text by default).
struct DatabaseFailure: Error, CustomStringConvertible {
    let description: String
}
