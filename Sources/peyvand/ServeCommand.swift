import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandWeb
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the web interface and the API.",
        discussion: "Migrations run before the server accepts traffic.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 8080
    @Flag(help: "If the database has no users yet, fill it with demo data and print the demo logins.") var demo = false
    @Option(help: "Customers to create with --demo.") var demoCustomers: Int = 2_000
    @Option(help: "Time zone dates are shown in.") var timeZone: String = "Asia/Tehran"
    @Flag(help: "Mark cookies Secure (when served over HTTPS behind a proxy).") var secureCookies = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"
    @Option(help: "Folder for document files (created if missing).") var documents: String = "./peyvand-documents"
    @Option(help: "Score every customer (RFM, P(alive), lifetime value) this often, in hours; 0 turns it off.")
    var analyticsEvery: Double = 24
    @Option(help: "SMTP server the outbox sends email through (host name); without it no email is sent.") var smtpHost: String?
    @Option(help: "SMTP port (default 587, or 465 with --smtp-security tls).") var smtpPort: Int?
    @Option(help: "SMTP security: starttls, tls or none.") var smtpSecurity: String = "starttls"
    @Option(help: "SMTP user name; its password is read from PEYVAND_SMTP_PASSWORD.") var smtpUser: String?
    @Option(help: "The address email is sent from, e.g. crm@example.com.") var mailFrom: String?
    @Option(help: ArgumentHelp("File holding the bearer token /metrics asks for (or set PEYVAND_METRICS_TOKEN); without either, /metrics is not served.",
                               valueName: "FILE"))
    var metricsTokenFile: String?

    /// The token from --metrics-token-file, else PEYVAND_METRICS_TOKEN; nil when neither is set.
    func metricsToken() throws -> String? {
        let raw: String
        if let metricsTokenFile {
            guard let text = try? String(contentsOfFile: metricsTokenFile, encoding: .utf8) else {
                throw ValidationError("cannot read --metrics-token-file \(metricsTokenFile)")
            }
            raw = text
        } else if let env = ProcessInfo.processInfo.environment["PEYVAND_METRICS_TOKEN"] {
            raw = env
        } else {
            return nil
        }
        let token = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= 16, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw ValidationError("the metrics token must be at least 16 printable ASCII characters without spaces")
        }
        return token
    }

    func validate() throws {
        _ = try emailChannel()
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("unknown time zone \(timeZone)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level \(logLevel)") }
        guard analyticsEvery >= 0, analyticsEvery <= 24 * 365 else { throw ValidationError("--analytics-every must be 0 (off) to 8760 hours") }
        _ = try metricsToken()
    }

    func run() async throws {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let db = try await database.open(logLevel: level == .trace ? .trace : .warning)
        do {
            try await serve(db, registry: registry, level: level)
        } catch {
            try? await db.shutdown()
            if error is CLIError { throw error }
            throw CLIError("the server stopped: \(DatabaseOptions.describe(error))")
        }
        try await db.shutdown()
    }

    private func serve(_ db: Database, registry: PrometheusCollectorRegistry, level: Logger.Level) async throws {
        if demo, try await UserRepository(db).count() == 0 {
            Console.line("Creating demo data in \(database.resolved) …")
            let started = Date()
            let total = demoCustomers
            try await DemoGenerator(database: db, seed: 1405).run(customers: total) { made in
                ProgressBar.show(made, of: total, since: started, unit: "customers")
            }
            ProgressBar.finish()
            try await DemoHistory.add(db, seed: 1405, customers: total)
        }
        if demo, try await UserRepository(db).find(email: DemoGenerator.logins[0].login.email) != nil { DemoLogins.print() }
        let configuration = AppConfiguration(host: host, port: port, timeZone: TimeZone(identifier: timeZone)!,
                                             secureCookies: secureCookies, logLevel: level, documentsPath: documents,
                                             metricsToken: try metricsToken())
        let host = self.host
        let app = try await buildApplication(configuration: configuration, database: db, metrics: registry) { port in
            Console.line("Peyvand is serving http://\(host):\(port)")
        }
        let every = analyticsEvery
        let scoring = Task {
            guard every > 0 else { return }
            // Soon after start when nothing is scored yet, then on the schedule.
            var wait: Double = try await CustomerScores(db).hasRun() == false ? 10 : every * 3600
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(wait))
                do { try await CustomerScores(db).refresh() } catch {
                    Logger(label: "peyvand.analytics").notice("scoring skipped: \(error)")
                }
                wait = every * 3600
            }
        }
        defer { scoring.cancel() }
        // The outbox's deliveries (webhooks today), on every instance: claims never overlap.
        var channels: [any PeyvandChannels.Channel] = [WebhookChannel(database: db)]
        if let email = try emailChannel(database: db) { channels.append(email) }
        let delivery = Task { [channels] in await OutboxWorker(database: db, channels: channels).run() }
        defer { delivery.cancel() }
        try await app.runService()
    }

    /// The email channel, when an SMTP server is named.
    func emailChannel(database: Database? = nil) throws -> EmailChannel? {
        guard let smtpHost else { return nil }
        guard let security = SMTPConfiguration.Security(rawValue: smtpSecurity) else {
            throw ValidationError("--smtp-security must be starttls, tls or none")
        }
        guard let mailFrom, mailFrom.contains("@") else { throw ValidationError("--mail-from must be the address email is sent from") }
        let password = ProcessInfo.processInfo.environment["PEYVAND_SMTP_PASSWORD"] ?? ""
        return EmailChannel(configuration: SMTPConfiguration(host: smtpHost, port: smtpPort, security: security,
                                                             credentials: smtpUser.map { .init(username: $0, password: password) }),
                            sender: MailAddress(mailFrom), database: database)
    }
}
