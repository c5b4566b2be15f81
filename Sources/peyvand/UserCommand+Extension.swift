import ArgumentParser
import Foundation
import PeyvandCore
import PeyvandStore

extension UserCommand {
    /// `peyvand user set-extension --email X --extension 201`: who answers which extension of the
    /// PBX, so a call the PBX reports with an extension pops up in that person's browser.
    struct SetExtension: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-extension", abstract: "Set (or, with an empty value, clear) a person's extension on the PBX.")
        @OptionGroup var target: Target
        @Option(name: .customLong("extension"), help: "Letters, digits, - or _ (at most 20); empty clears it.") var ext: String

        func run() async throws {
            let set = try await withDatabase(target.database) { db in
                guard let user = try await UserRepository(db).find(email: target.email) else { throw CLIError("no user with email \(target.email)") }
                do { return try await StaffExtensions(db).set(user.id, to: ext, by: UserCommand.commandLine) } catch StoreError.invalid(let error) {
                    throw CLIError(error.issues.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
                }
            }
            print(set.map { "\(target.email) answers extension \($0)" } ?? "\(target.email) has no extension")
        }
    }
}
