import ArgumentParser
import Foundation
import Logging
import PeyvandStore

/// `--db URL`, shared by every command that touches data.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The database: sqlite:PATH or postgres://user:password@host:port/database.",
        discussion: "Defaults to $PEYVAND_DB, else sqlite:./peyvand.sqlite."))
    var url: String?

    var resolved: String { url ?? ProcessInfo.processInfo.environment["PEYVAND_DB"] ?? Database.defaultURL }

    /// Opens the database and brings its schema up to date.
    func open(logLevel: Logger.Level = .warning) async throws -> Database {
        var logger = Logger(label: "peyvand.store")
        logger.logLevel = logLevel
        let database = try Database.open(resolved, logger: logger)
        do {
            try await Migrator(database).migrate()
        } catch {
            try? await database.shutdown()
            throw CLIError("cannot use the database \(resolved): \(Self.describe(error))")
        }
        return database
    }

    static func describe(_ error: any Error) -> String {
        let text = String(reflecting: error)
        return text.count > 400 ? String(text.prefix(400)) + "…" : text
    }
}

/// A message for the person at the terminal; printed to stderr with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` with an open database and closes it afterwards, translating store errors into CLI messages.
func withDatabase<R>(_ options: DatabaseOptions, logLevel: Logger.Level = .warning, _ body: (Database) async throws -> R) async throws -> R {
    let database = try await options.open(logLevel: logLevel)
    do {
        let result = try await body(database)
        try await database.shutdown()
        return result
    } catch let error as StoreError {
        try? await database.shutdown()
        throw CLIError(error.description)
    } catch {
        try? await database.shutdown()
        throw error
    }
}
