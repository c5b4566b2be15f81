import Foundation
import SQLKit

/// The installation's messenger bot, as `serve` and `peyvand messenger` configured it: its user
/// name (for the customers' deep links), the API it talks to, the secret in its webhook's path,
/// the header secret it was registered with, and how far polling has read. One row; every
/// instance of the server reads the same one.
public struct MessengerSettings: Sendable {
    public struct Values: Sendable, Hashable {
        /// The bot's user name without `@` (`peyvand_bot`); nil until `serve` names it.
        public let botName: String?
        /// `https://tapi.bale.ai`, `https://api.telegram.org`.
        public let baseURL: String?
        /// The secret path word of `/api/v1/messenger/webhook/{secret}`.
        public let pathSecret: String
        /// What the platform sends in `X-Telegram-Bot-Api-Secret-Token` (nil: the header is not checked).
        public let headerSecret: String?
        /// The next update id `getUpdates` asks for.
        public let pollOffset: Int64

        /// The name updates and links are kept under: chats of another bot are other chats.
        public var bot: String { botName ?? "bot" }

        /// The customer's deep link: `https://ble.ir/<bot>?start=<code>` for Bale, else `https://t.me/<bot>?start=<code>`.
        public func deepLink(code: String) -> String? {
            guard let botName else { return nil }
            return "\(Self.linkBase(for: baseURL))\(botName)?start=\(code)"
        }

        /// Where a bot's page is: Bale's for a Bale API, else Telegram's.
        public static func linkBase(for baseURL: String?) -> String {
            let host = baseURL.flatMap { URL(string: $0)?.host?.lowercased() } ?? ""
            return host == "bale.ai" || host.hasSuffix(".bale.ai") ? "https://ble.ir/" : "https://t.me/"
        }

        /// The platform's name for people: Bale or Telegram.
        public var platform: String { Self.linkBase(for: baseURL) == "https://ble.ir/" ? "bale" : "telegram" }

        /// The webhook's path on this server.
        public var webhookPath: String { "/api/v1/messenger/webhook/\(pathSecret)" }
    }

    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = "bot_name, base_url, path_secret, header_secret, poll_offset"

    static func values(_ row: any SQLRow) throws -> Values {
        Values(botName: try row.decode(column: "bot_name", as: String?.self), baseURL: try row.decode(column: "base_url", as: String?.self),
               pathSecret: try row.decode(column: "path_secret", as: String.self),
               headerSecret: try row.decode(column: "header_secret", as: String?.self),
               pollOffset: try row.decode(column: "poll_offset", as: Int64.self))
    }

    /// The settings, nil before the bot was configured.
    public func current() async throws -> Values? {
        try await Self.current(database.sql)
    }

    static func current(_ db: any SQLDatabase) async throws -> Values? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM messenger_settings WHERE id = 1").first().map(values)
    }

    /// The settings, made with a fresh webhook secret when there were none.
    @discardableResult
    public func ensure() async throws -> Values {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO messenger_settings (id, path_secret, poll_offset, updated_at)
                VALUES (1, \(bind: Secrets.token(prefix: "")), 0, \(bind: Clock.nowMillis()))
                ON CONFLICT (id) DO NOTHING
                """).run()
            guard let values = try await Self.current(db) else { throw StoreError.conflict("the messenger settings were not stored") }
            return values
        }
    }

    /// Names the bot and its API (on every start of `serve`); the secrets stay as they were.
    @discardableResult
    public func configure(botName: String, baseURL: String) async throws -> Values {
        _ = try await ensure()
        try await database.transaction { db in
            try await db.raw("""
                UPDATE messenger_settings SET bot_name = \(bind: botName), base_url = \(bind: baseURL), updated_at = \(bind: Clock.nowMillis())
                WHERE id = 1
                """).run()
        }
        return try await ensure()
    }

    /// The header secret the webhook was registered with (nil: registered without one).
    public func setHeaderSecret(_ secret: String?) async throws {
        _ = try await ensure()
        try await database.transaction { db in
            try await db.raw("UPDATE messenger_settings SET header_secret = \(bind: secret), updated_at = \(bind: Clock.nowMillis()) WHERE id = 1").run()
        }
    }

    /// How far polling has read: the next `getUpdates` asks from `offset`. Never moves back.
    public func setPollOffset(_ offset: Int64) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE messenger_settings SET poll_offset = \(bind: offset), updated_at = \(bind: Clock.nowMillis())
                WHERE id = 1 AND poll_offset < \(bind: offset)
                """).run()
        }
    }

    /// A header secret for `setWebhook`: 1–256 of `A–Z a–z 0–9 _ -`, as the Bot API allows.
    public static func newHeaderSecret() -> String {
        Secrets.token(prefix: "")
    }
}
