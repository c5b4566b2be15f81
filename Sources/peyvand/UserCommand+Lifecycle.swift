import ArgumentParser
import Foundation
import PeyvandCore
import PeyvandStore

/// `peyvand user deactivate|reactivate|set-role|reset-password|sign-out|sessions --email X`.
/// The command line acts as an administrator without an account: the audit log records
/// "command line" as who did it. The last-administrator rule still holds.
extension UserCommand {
    static let commandLine = UserLifecycle.commandLine

    /// `--db` and `--email`, and the account they name.
    struct Target: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email of the member of staff.") var email: String

        /// Runs `body` with the lifecycle service and the user's id; an unknown email is an error.
        func run<R>(_ body: (UserLifecycle, PasswordResets, Int64) async throws -> R) async throws -> R {
            try await withDatabase(database) { db in
                guard let user = try await UserRepository(db).find(email: email) else { throw CLIError("no user with email \(email)") }
                return try await body(UserLifecycle(db), PasswordResets(db), user.id)
            }
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate an account: its sessions and API tokens end at once.",
            discussion: "A running server notices within ten seconds.")
        @OptionGroup var target: Target

        func run() async throws {
            _ = try await target.run { lifecycle, _, id in try await lifecycle.deactivate(id, by: UserCommand.commandLine) }
            print("deactivated \(target.email); its sessions and API tokens have ended")
        }
    }

    struct Reactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a deactivated account sign in again (revoked tokens stay revoked).")
        @OptionGroup var target: Target

        func run() async throws {
            _ = try await target.run { lifecycle, _, id in try await lifecycle.reactivate(id, by: UserCommand.commandLine) }
            print("reactivated \(target.email)")
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-role", abstract: "Give an account another role.",
            discussion: "Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        @OptionGroup var target: Target
        @Option(help: "The new role (see above).") var role: String

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("unknown role '\(role)'; one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            _ = try await target.run { lifecycle, _, id in try await lifecycle.setRole(id, Role(rawValue: role)!, by: UserCommand.commandLine) }
            print("\(target.email) is now \(role)")
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Print a one-time password-reset link path (valid 24 hours, used once).",
            discussion: "Append the path to the server's address, e.g. https://crm.example.ir/password-reset/r_…")
        @OptionGroup var target: Target

        func run() async throws {
            let issued = try await target.run { _, resets, id in try await resets.issue(for: id, by: UserCommand.commandLine) }
            print(issued.path)
        }
    }

    struct SignOut: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sign-out", abstract: "End every browser session of an account.")
        @OptionGroup var target: Target
        @Flag(help: "Revoke the account's API tokens too.") var tokens = false

        func run() async throws {
            let ended = try await target.run { lifecycle, _, id in try await lifecycle.signOut(id, tokens: tokens, by: UserCommand.commandLine) }
            print("ended \(ended.sessions) session(s) and revoked \(ended.tokens) token(s) of \(target.email)")
        }
    }

    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an account's browser sessions and API tokens (never their secrets).")
        @OptionGroup var target: Target

        func run() async throws {
            let (sessions, tokens) = try await target.run { lifecycle, _, id in
                (try await lifecycle.sessions(of: id, by: UserCommand.commandLine), try await lifecycle.tokens(of: id, by: UserCommand.commandLine))
            }
            let time = { (date: Date) in CivilTime.rfc3339(date) }
            for s in sessions { print("session\tcreated \(time(s.createdAt))\tlast seen \(time(s.lastSeenAt))\texpires \(time(s.expiresAt))") }
            for t in tokens {
                let state = t.revokedAt.map { "revoked \(time($0))" } ?? "active"
                print("token \(t.id)\t\(t.name)\tcreated \(time(t.createdAt))\tlast used \(t.lastUsedAt.map(time) ?? "never")\t\(state)")
            }
            if sessions.isEmpty && tokens.isEmpty { print("no sessions or tokens") }
        }
    }
}

extension UserCommand {
    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lift the sign-in lock on an account (from every address) or on an address.",
            discussion: "Failed sign-ins slow down the account and address they came from; this clears them at once.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The account's email address.") var email: String?
        @Option(help: "A client address locked after many failures, e.g. 203.0.113.7.") var address: String?

        func validate() throws {
            guard (email == nil) != (address == nil) else { throw ValidationError("give --email or --address") }
        }

        func run() async throws {
            try await withDatabase(database) { db in
                if let email { try await LoginThrottle(db).unlock(email: email) }
                if let address { try await LoginThrottle(db).unlock(address: address) }
            }
            print("unlocked \(email ?? address ?? "")")
        }
    }
}
