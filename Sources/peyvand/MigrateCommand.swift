import ArgumentParser
import PeyvandStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or update the database schema (each migration runs once).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var logger = Logger(label: "peyvand.store")
        logger.logLevel = .warning
        let db = try Database.open(database.resolved, logger: logger)
        do {
            let applied = try await Migrator(db).migrate()
            let all = try await Migrator(db).appliedIDs()
            print(applied.isEmpty ? "schema is current (\(all.count) migrations)" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
            try await db.shutdown()
        } catch {
            try? await db.shutdown()
            throw CLIError("cannot migrate \(database.resolved): \(DatabaseOptions.describe(error))")
        }
    }
}

import Logging
