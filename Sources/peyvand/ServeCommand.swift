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
    @Option(help: "How long, in seconds, a claimed outbox message is this instance's before another may send it (longer than any channel's time-out).")
    var outboxLease: Int = 120
    @Option(help: "The address customers reach Peyvand at, for unsubscribe links, e.g. https://crm.example.com (default http://HOST:PORT).")
    var publicURL: String?
    // Messenger bots.
    @Option(help: "The messenger bot's user name (without @); with PEYVAND_MESSENGER_TOKEN it turns the bot on.") var messengerBotName: String?
    @Option(help: "The bot API: https://tapi.bale.ai (Bale) or https://api.telegram.org (Telegram).")
    var messengerBaseURL: String = BotAPIClient.bale
    @Flag(help: "Read the bot's updates by polling (getUpdates) instead of a webhook; on one instance only.") var messengerPoll = false
    // SMS
    @Option(help: "SMS gateway: kavenegar or generic; its API key is read from PEYVAND_SMS_API_KEY. Without it no SMS is sent.")
    var smsProvider: String?
    @Option(help: "The line SMS are sent from, e.g. 3000xxxx (also the line whose replies are polled).") var smsSender: String?
    @Option(help: "The gateway's address (default https://api.kavenegar.com for kavenegar).") var smsBaseUrl: String?
    @Option(help: "Poll delivery reports and replies this often, in seconds; 0 relies on the callback alone.") var smsPollEvery: Int = 60
    @Option(help: "What one part of a Persian (UCS-2) SMS costs, in the base currency's major units.") var smsPriceFa: String?
    @Option(help: "What one part of a Latin (GSM-7) SMS costs, in the base currency's major units.") var smsPriceEn: String?
    @Option(help: "generic: the URL template ({to} {to_national} {text} {sender} {id} {key}).") var smsGenericUrl: String?
    @Option(help: "generic: GET, POST or PUT.") var smsGenericMethod: String = "POST"
    @Option(help: "generic: the body template, with the same placeholders.") var smsGenericBody: String?
    @Option(help: "generic: the body is form (x-www-form-urlencoded) or json.") var smsGenericFormat: String = "form"
    @Option(help: "generic: a header 'Name: value' ({key} is the API key); repeatable.") var smsGenericHeader: [String] = []
    @Option(help: "generic: where the message id is in the JSON answer, e.g. data.messageIds.0.") var smsGenericIdPath: String?
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
        _ = try messengerClient()  // messenger bots
        _ = try smsChannel()
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard (5...86_400).contains(outboxLease) else { throw ValidationError("--outbox-lease must be 5…86400 seconds") }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("unknown time zone \(timeZone)") }
        if let publicURL, URL(string: publicURL)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--public-url must be an http:// or https:// address")
        }
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
        // The outbox's channels, on every instance: claims never overlap.
        var channels: [any PeyvandChannels.Channel] = [WebhookChannel(database: db)]
        if let email = try emailChannel(database: db) { channels.append(email) }
        // SMS
        let sms = try smsChannel()
        if let sms { channels.append(sms) }
        // Messenger bots: the channel, the bot's settings for deep links and the webhook, and polling.
        var polling: Task<Void, Never>?
        if let bot = try messengerClient(), let name = messengerBotName.map({ $0.hasPrefix("@") ? String($0.dropFirst()) : $0 }) {
            channels.append(MessengerChannel(database: db, client: bot))
            let settings = try await MessengerSettings(db).configure(botName: name, baseURL: messengerBaseURL)
            Console.line("Messenger bot @\(name): webhook path \(settings.webhookPath)" + (messengerPoll ? " (polling instead)" : ""))
            if messengerPoll { polling = Task { await MessengerPoller(database: db, client: bot).run() } }
        }
        defer { polling?.cancel() }
        var configuration = AppConfiguration(host: host, port: port, timeZone: TimeZone(identifier: timeZone)!,
                                             secureCookies: secureCookies, logLevel: level, documentsPath: documents,
                                             metricsToken: try metricsToken())
        configuration.publicURL = publicURL
        configuration.warmForecast = true
        configuration.configuredChannels = channels.map(\.kind.rawValue)
        configuration.smsProvider = sms?.provider
        configuration.smsSender = sms?.sender
        configuration.smsPrices = try await smsPrices(db)
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
        let lease = Duration.seconds(outboxLease)
        let delivery = Task { [channels] in await OutboxWorker(database: db, channels: channels, lease: lease).run() }
        defer { delivery.cancel() }
        // Links in messages written anywhere (a lead imported from the command line too) start here.
        try await PublicAddress.record(db, configuration.baseURL)
        // Sales: task reminders, on every instance (each reminder is claimed once).
        let remindersBase = configuration.baseURL, remindersZone = configuration.timeZone
        let reminders = Task { await Reminders(db, baseURL: remindersBase, zone: remindersZone).run() }
        defer { reminders.cancel() }
        let pollEvery = smsPollEvery
        let smsPolling = Task {
            guard let sms, pollEvery > 0 else { return }
            await SMSPoller(provider: sms.provider, line: sms.sender, database: db).run(every: .seconds(pollEvery))
        }
        defer { smsPolling.cancel() }
        // Contract renewal reminders to their owners, hourly, on every instance: each is claimed once.
        let renewals = Task { await ContractReminders(db, baseURL: remindersBase).loop() }
        defer { renewals.cancel() }
        // Service levels: warnings and escalations every 30 seconds, on every instance (each once).
        let slaWatch = Task { await SLAWatch(db, baseURL: remindersBase).loop() }
        defer { slaWatch.cancel() }
        // Satisfaction classes: customers whose evidence aged out of a window, every 10 minutes, on every instance.
        let satisfactionWatch = Task { await SatisfactionWatch(db).loop(every: .seconds(600)) }
        defer { satisfactionWatch.cancel() }
        try await app.runService()
    }

    /// Messenger bots: the bot API's client, when a bot is named.
    func messengerClient() throws -> BotAPIClient? {
        guard let name = messengerBotName else {
            if messengerPoll { throw ValidationError("--messenger-poll needs --messenger-bot-name") }
            return nil
        }
        let bare = name.hasPrefix("@") ? String(name.dropFirst()) : name
        guard !bare.isEmpty, bare.count <= 64, bare.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw ValidationError("--messenger-bot-name is the bot's user name: letters, digits and _ (e.g. peyvand_bot)")
        }
        return try MessengerConfiguration.client(baseURL: messengerBaseURL)
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
                            sender: MailAddress(mailFrom), database: database,
                            documents: database.map { DocumentRepository($0, root: documents) })
    }

    // SMS
    /// The SMS channel, when a gateway is named.
    func smsChannel() throws -> SMSChannel? {
        guard let smsProvider else { return nil }
        guard let sender = smsSender, !sender.isEmpty, sender.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+") }) else {
            throw ValidationError("--sms-sender must be the line SMS are sent from, in digits (e.g. 30004554)")
        }
        guard (0...86_400).contains(smsPollEvery) else { throw ValidationError("--sms-poll-every must be 0 (off) to 86400 seconds") }
        let key = ProcessInfo.processInfo.environment["PEYVAND_SMS_API_KEY"] ?? ""
        if let smsBaseUrl, !(smsBaseUrl.hasPrefix("http://") || smsBaseUrl.hasPrefix("https://")) {
            throw ValidationError("--sms-base-url must start with http:// or https://")
        }
        switch smsProvider {
        case "kavenegar":
            guard !key.isEmpty else { throw ValidationError("set PEYVAND_SMS_API_KEY to the API key from the Kavenegar panel") }
            return SMSChannel(provider: KavenegarProvider(apiKey: key, baseURL: smsBaseUrl ?? "https://api.kavenegar.com"), sender: sender)
        case "generic":
            guard let url = smsGenericUrl ?? smsBaseUrl else { throw ValidationError("--sms-provider generic needs --sms-generic-url") }
            guard let format = GenericHTTPProvider.BodyFormat(rawValue: smsGenericFormat), format != .none else {
                throw ValidationError("--sms-generic-format must be form or json")
            }
            var headers: [(String, String)] = []
            for header in smsGenericHeader {
                let parts = header.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ValidationError("--sms-generic-header must be 'Name: value', not \(header)")
                }
                headers.append((parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces)))
            }
            let configuration = GenericHTTPProvider.Configuration(urlTemplate: url, method: smsGenericMethod, bodyTemplate: smsGenericBody,
                                                                  bodyFormat: format, headers: headers, messageIdPath: smsGenericIdPath, apiKey: key)
            if let problem = configuration.problem { throw ValidationError(problem) }
            return SMSChannel(provider: GenericHTTPProvider(configuration), sender: sender)
        default:
            throw ValidationError("--sms-provider must be kavenegar or generic")
        }
    }

    /// The price of a part in each encoding, in the database's base currency.
    func smsPrices(_ db: Database) async throws -> SMSPrices? {
        guard smsPriceFa != nil || smsPriceEn != nil else { return nil }
        let currency = try await SMSSettings(db).baseCurrency()
        func price(_ raw: String?, _ option: String) throws -> Money {
            guard let raw else { return .zero(currency) }
            guard let money = try? Money(major: raw, currency: currency), !money.isNegative else {
                throw CLIError("\(option) must be an amount in \(currency.rawValue), e.g. 1200")
            }
            return money
        }
        return SMSPrices(ucs2: try price(smsPriceFa, "--sms-price-fa"), gsm7: try price(smsPriceEn, "--sms-price-en"))
    }
}
