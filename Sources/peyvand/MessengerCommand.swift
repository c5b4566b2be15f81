import ArgumentParser
import Foundation
import PeyvandChannels
import PeyvandStore

/// `peyvand messenger …`: registers the installation's webhook with the bot platform (or removes
/// it, for polling), and shows the webhook's address.
struct MessengerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messenger", abstract: "Connect the messenger bot (Bale or Telegram).",
        subcommands: [SetWebhook.self, DeleteWebhook.self, Show.self])

    /// Where the bot's API is and its token (from PEYVAND_MESSENGER_TOKEN).
    struct BotOptions: ParsableArguments {
        @Option(help: "The bot API: https://tapi.bale.ai (Bale) or https://api.telegram.org (Telegram).")
        var messengerBaseURL: String = BotAPIClient.bale

        func client() throws -> BotAPIClient {
            try MessengerConfiguration.client(baseURL: messengerBaseURL)
        }
    }

    struct SetWebhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-webhook",
            abstract: "Tell the platform to post the bot's updates to this server.",
            discussion: """
                --url is the server's public address (https://crm.example) or the whole webhook URL \
                (https://crm.example/api/v1/messenger/webhook/<secret>, as `peyvand messenger show` prints it). \
                A fresh secret token is registered too, and the server then refuses calls without it.
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var bot: BotOptions
        @Option(help: "The server's public https address, or the whole webhook URL.") var url: String
        @Flag(help: "Register without a secret token (for a platform that does not send X-Telegram-Bot-Api-Secret-Token back).")
        var noSecretToken = false

        func run() async throws {
            let client = try bot.client()
            try await withDatabase(database) { db in
                let settings = try await MessengerSettings(db).ensure()
                let target = try MessengerConfiguration.webhookURL(url, path: settings.webhookPath)
                let secret = noSecretToken ? nil : MessengerSettings.newHeaderSecret()
                do {
                    try await client.setWebhook(url: target, secretToken: secret)
                } catch {
                    throw CLIError("setWebhook failed: \(error)")
                }
                try await MessengerSettings(db).setHeaderSecret(secret)
                print("webhook set: \(target)" + (secret == nil ? " (no secret token)" : " (with a secret token)"))
            }
        }
    }

    struct DeleteWebhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete-webhook", abstract: "Remove the webhook, to read updates with `serve --messenger-poll` instead.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var bot: BotOptions

        func run() async throws {
            let client = try bot.client()
            try await withDatabase(database) { db in
                do { try await client.deleteWebhook() } catch { throw CLIError("deleteWebhook failed: \(error)") }
                try await MessengerSettings(db).setHeaderSecret(nil)
                print("webhook removed")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the webhook's path on this server and the bot's settings.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let settings = try await withDatabase(database) { db in try await MessengerSettings(db).ensure() }
            print("webhook path: \(settings.webhookPath)")
            print("bot: \(settings.botName.map { "@" + $0 } ?? "(not named yet: serve --messenger-bot-name)")")
            print("api: \(settings.baseURL ?? "(not set yet)")")
            print("secret token: \(settings.headerSecret == nil ? "not required" : "required")")
        }
    }
}

/// The checks `serve` and `peyvand messenger` share.
enum MessengerConfiguration {
    static func client(baseURL: String) throws -> BotAPIClient {
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw ValidationError("--messenger-base-url must be an http(s) address, e.g. https://tapi.bale.ai")
        }
        guard let token = ProcessInfo.processInfo.environment["PEYVAND_MESSENGER_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines),
              !token.isEmpty else {
            throw ValidationError("set PEYVAND_MESSENGER_TOKEN to the bot's token (from BotFather)")
        }
        guard BotAPIClient.isPlausibleToken(token) else {
            throw ValidationError("PEYVAND_MESSENGER_TOKEN does not look like a bot token (digits, a colon, then letters and digits)")
        }
        return BotAPIClient(baseURL: baseURL, token: token)
    }

    /// The full webhook URL from the server's address, or the given one when it already names the path.
    static func webhookURL(_ given: String, path: String) throws -> String {
        guard let url = URL(string: given), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw CLIError("--url must be an https address, e.g. https://crm.example")
        }
        var base = given
        while base.hasSuffix("/") { base.removeLast() }
        if url.path.contains("/api/v1/messenger/webhook/") {
            guard base.hasSuffix(path) else {
                throw CLIError("--url names another webhook secret than this installation's; run `peyvand messenger show` for the path")
            }
            return base
        }
        guard url.path.isEmpty || url.path == "/" else {
            throw CLIError("--url is the server's address (https://crm.example) or the whole webhook URL ending in \(path)")
        }
        return base + path
    }
}
