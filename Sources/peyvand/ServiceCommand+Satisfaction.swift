import ArgumentParser
import Foundation
import PeyvandCore
import PeyvandStore

extension ServiceCommand {
    /// `peyvand service satisfaction-check`: the satisfaction watch, once.
    struct SatisfactionCheck: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "satisfaction-check",
            abstract: "Reassess every customer whose satisfaction evidence has aged out of a window, once, and print what changed.",
            discussion: """
                The server does this every 10 minutes; run it by hand after downtime, from cron on a setup without a \
                server, or with --at to see what a given moment would do to the classes (the changes it records are real).
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The moment to check as of (RFC 3339, e.g. 2026-12-08T10:00:00Z); default: now.") var at: String?

        func validate() throws {
            if let at, SLACheck.instant(at) == nil { throw ValidationError("--at must be an RFC 3339 instant, e.g. 2026-12-08T10:00:00Z") }
        }

        func run() async throws {
            let now = at.flatMap(SLACheck.instant) ?? Date()
            try await withDatabase(database) { db in
                let report = try await SatisfactionWatch(db).run(now: now)
                print("customers reassessed: \(report.customers); classes changed: \(report.changes)")
            }
        }
    }

    /// `peyvand service satisfaction-assess`: classify the customers already there.
    struct SatisfactionAssess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "satisfaction-assess",
            abstract: "Assess the satisfaction class of every customer with evidence never assessed (after an upgrade), or of all with --all.",
            discussion: """
                Evidence is answered surveys, tickets, returns, payment disputes, referrals and recovery cases. Each \
                change of class is recorded (cause "manual") and handled as any other.
                """)

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Reassess every customer with evidence, not only those never assessed.") var all = false

        func run() async throws {
            let everyone = all
            try await withDatabase(database) { db in
                let started = Date()
                let report = try await SatisfactionWatch(db).assessAll(all: everyone)
                let seconds = Date().timeIntervalSince(started)
                print("customers assessed: \(report.customers); classes changed: \(report.changes); in \(String(format: "%.1f", seconds)) s")
            }
        }
    }
}
