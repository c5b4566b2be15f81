import ArgumentParser
import Foundation
import PeyvandCore
import PeyvandStore

/// `peyvand service`: customer-service jobs from the command line.
struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service", abstract: "Customer service: run the SLA watch or the satisfaction watch once, assess satisfaction classes.",
        subcommands: [SLACheck.self, SatisfactionCheck.self, SatisfactionAssess.self])

    struct SLACheck: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sla-check",
            abstract: "Warn and escalate every ticket whose service-level step has come, once, and print what was done.",
            discussion: """
                The server does this every 30 seconds; run it by hand after downtime, from cron on a setup without a \
                server, or with --at to see what a given moment would do to the open tickets (the steps it takes are \
                real: the escalations are stored and emailed, and never taken twice).
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The moment to check as of (RFC 3339, e.g. 2026-12-08T10:00:00Z); default: now.") var at: String?
        @Option(help: "The public address links in the emails start with.") var publicUrl: String = ""

        func validate() throws {
            if let at, Self.instant(at) == nil { throw ValidationError("--at must be an RFC 3339 instant, e.g. 2026-12-08T10:00:00Z") }
        }

        static func instant(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text)
        }

        func run() async throws {
            let now = at.flatMap(Self.instant) ?? Date()
            let url = publicUrl
            try await withDatabase(database) { db in
                let report = try await SLAWatch(db, baseURL: url).run(now: now)
                print("tickets looked at: \(report.tickets); warnings: \(report.warnings); breaches escalated to team leads: \(report.breaches); to managers: \(report.toManagers)")
            }
        }
    }
}
