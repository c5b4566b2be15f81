import ArgumentParser
import PeyvandCore
import PeyvandStore

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue an API token; it is printed once and stored only as a hash.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email of the user the token acts for.") var email: String
        @Option(help: "A label to recognise the token by.") var name: String = "command line"

        func run() async throws {
            let secret = try await withDatabase(database) { db in
                guard let user = try await UserRepository(db).find(email: email) else { throw CLIError("no user with email \(email)") }
                return try await TokenRepository(db).create(userId: user.id, name: name).secret
            }
            print(secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's tokens.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email of the user.") var email: String

        func run() async throws {
            let tokens = try await withDatabase(database) { db in
                guard let user = try await UserRepository(db).find(email: email) else { throw CLIError("no user with email \(email)") }
                return try await TokenRepository(db).list(userId: user.id)
            }
            for t in tokens { print("\(t.id)\t\(t.name)\t\(t.revokedAt == nil ? "active" : "revoked")") }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email of the user.") var email: String
        @Argument(help: "The token id (from `peyvand token list`).") var id: Int64

        func run() async throws {
            try await withDatabase(database) { db in
                guard let user = try await UserRepository(db).find(email: email) else { throw CLIError("no user with email \(email)") }
                try await TokenRepository(db).revoke(id: id, userId: user.id)
            }
            print("revoked token \(id)")
        }
    }
}
