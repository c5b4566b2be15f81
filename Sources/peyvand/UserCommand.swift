import ArgumentParser
import Foundation
import PeyvandCore
import PeyvandStore

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage staff accounts.", subcommands: [
            Add.self, List.self, Deactivate.self, Reactivate.self, SetRole.self, ResetPassword.self, SignOut.self, Sessions.self, Unlock.self,
            SetExtension.self,
        ])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member of staff.",
            discussion: "Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email address used to sign in.") var email: String
        @Option(help: "Full name as shown to colleagues.") var name: String
        @Option(help: "Role (see above).") var role: String
        @Option(help: "Interface language: fa or en.") var language: String = "fa"
        @Flag(help: "Read the password from standard input (first line).") var passwordStdin = false

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("unknown role '\(role)'; one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard Language(rawValue: language) != nil else { throw ValidationError("--language must be fa or en") }
            guard passwordStdin else { throw ValidationError("pass --password-stdin and give the password on standard input") }
        }

        func run() async throws {
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw CLIError("no password on standard input")
            }
            let user = try await withDatabase(database) { db in
                do {
                    return try await UserRepository(db).create(email: email, name: name, role: Role(rawValue: role)!, password: password,
                                                               language: Language(rawValue: language)!, by: UserCommand.commandLine)
                } catch StoreError.invalid(let error) {
                    throw CLIError(error.issues.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
                }
            }
            print("added user \(user.id) \(user.email) (\(user.role.rawValue))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff accounts.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let users = try await withDatabase(database) { try await UserRepository($0).list(limit: 500).items }
            for u in users { print("\(u.id)\t\(u.email)\t\(u.role.rawValue)\t\(u.active ? "active" : "deactivated")\t\(u.name)") }
        }
    }
}
