import Foundation
import PeyvandCore
import SQLKit

/// A chat with the bot tied to a customer.
public struct MessengerLink: Sendable, Hashable {
    public let id: Int64
    public let bot: String
    /// The chat id, the address messages to the customer go to.
    public let chatId: String
    public let customerId: Int64
    /// The user's `@name` on the platform, if they have one.
    public let userName: String?
    /// "First Last" as the user calls themselves.
    public let displayName: String?
    public let linkedAt: Date
    /// False once the user blocked the bot (a 403 on sending); true again when they write.
    public let active: Bool
    public let inactiveReason: String?

    static let columns = "id, bot, chat_id, customer_id, user_name, display_name, linked_at, active, inactive_reason"

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        bot = try row.decode(column: "bot", as: String.self)
        chatId = try row.decode(column: "chat_id", as: String.self)
        customerId = try row.decode(column: "customer_id", as: Int64.self)
        userName = try row.decode(column: "user_name", as: String?.self)
        displayName = try row.decode(column: "display_name", as: String?.self)
        linkedAt = Clock.date(try row.decode(column: "linked_at", as: Int64.self))
        active = try row.decode(column: "active", as: Bool.self)
        inactiveReason = try row.decode(column: "inactive_reason", as: String?.self)
    }
}

/// A one-time code a customer sends the bot to tie their chat to their record.
public struct MessengerLinkCode: Sendable, Hashable {
    public let code: String
    public let customerId: Int64
    public let createdAt: Date
    public let expiresAt: Date
}

/// What the customer's page shows about the bot: the chats tied to them, the code waiting to be
/// sent (only to those who may make one), and the bot's settings for the deep link.
public struct MessengerLinkState: Sendable, Hashable {
    public let links: [MessengerLink]
    public let code: MessengerLinkCode?
    public let settings: MessengerSettings.Values?

    /// The deep link that sends the code to the bot, when the bot is named.
    public var deepLink: String? { code.flatMap { settings?.deepLink(code: $0.code) } }
}

/// Link codes and the chats they tie to customers. Staff with `customers.write` make a code for a
/// customer they reach; the newest code replaces older ones; it works once, for seven days. The
/// bot's inbox (`MessengerInbox`) consumes it and writes the link.
public struct MessengerLinks: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// No 0/O, 1/I/L: nothing to misread when a customer types it.
    public static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    public static let codeLength = 8
    public static let lifetime: TimeInterval = 7 * 86400

    /// Makes a fresh code for the customer (older unused ones stop working).
    public func createCode(for customerId: Int64, by principal: Principal, at now: Date = Date()) async throws -> MessengerLinkCode {
        try principal.require(.customersWrite, to: "connect a customer's messenger")
        let customer = try await CustomerRepository(database).get(customerId, by: principal)
        guard !customer.isDeleted else { throw StoreError.conflict("a deleted customer cannot be connected to a messenger") }
        let millis = Clock.millis(now)
        let expires = Clock.millis(now.addingTimeInterval(Self.lifetime))
        return try await database.transaction { db in
            try await db.raw("""
                UPDATE messenger_link_codes SET expires_at = \(bind: millis)
                WHERE customer_id = \(bind: customerId) AND consumed_at IS NULL AND expires_at > \(bind: millis)
                """).run()
            for _ in 0..<8 {
                let code = Self.newCode()
                let stored = try await db.raw("""
                    INSERT INTO messenger_link_codes (code, customer_id, created_by, created_at, expires_at)
                    VALUES (\(bind: code), \(bind: customerId), \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: millis), \(bind: expires))
                    ON CONFLICT (code) DO NOTHING RETURNING code
                    """).first() != nil
                if stored {
                    try await AuditLog.record(db, entity: "customer", entityId: customerId, by: principal, action: "create",
                                              field: "messengerCode", at: millis)
                    return MessengerLinkCode(code: code, customerId: customerId, createdAt: Clock.date(millis), expiresAt: Clock.date(expires))
                }
            }
            throw StoreError.conflict("no free link code was found; try again")
        }
    }

    /// The customer's chats and waiting code, for someone who reads the customer. The code is
    /// shown only to those who may make one.
    public func state(of customerId: Int64, by principal: Principal, at now: Date = Date()) async throws -> MessengerLinkState {
        _ = try await CustomerRepository(database).get(customerId, by: principal)
        let db = database.sql
        let settings = try await MessengerSettings.current(db)
        let links = try await db.raw("""
            SELECT \(unsafeRaw: MessengerLink.columns) FROM messenger_links WHERE customer_id = \(bind: customerId) ORDER BY id DESC LIMIT 20
            """).all().map(MessengerLink.init(row:))
        var code: MessengerLinkCode?
        if principal.may(.customersWrite), let row = try await db.raw("""
            SELECT code, customer_id, created_at, expires_at FROM messenger_link_codes
            WHERE customer_id = \(bind: customerId) AND consumed_at IS NULL AND expires_at > \(bind: Clock.millis(now))
            ORDER BY created_at DESC LIMIT 1
            """).first() {
            code = MessengerLinkCode(code: try row.decode(column: "code", as: String.self), customerId: customerId,
                                     createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
                                     expiresAt: Clock.date(try row.decode(column: "expires_at", as: Int64.self)))
        }
        return MessengerLinkState(links: links, code: code, settings: settings)
    }

    /// The chat to send the customer's messages to: the newest active link with the configured
    /// bot, nil when they have none. (Whoever sends checks that the sender may reach the customer.)
    public func chat(for customerId: Int64) async throws -> MessengerLink? {
        let db = database.sql
        let bot = try await MessengerSettings.current(db)?.bot ?? "bot"
        return try await db.raw("""
            SELECT \(unsafeRaw: MessengerLink.columns) FROM messenger_links
            WHERE customer_id = \(bind: customerId) AND bot = \(bind: bot) AND active = \(bind: true) ORDER BY id DESC LIMIT 1
            """).first().map(MessengerLink.init(row:))
    }

    /// The link of a chat, active or not.
    public func link(chatId: String) async throws -> MessengerLink? {
        let db = database.sql
        let bot = try await MessengerSettings.current(db)?.bot ?? "bot"
        return try await db.raw("""
            SELECT \(unsafeRaw: MessengerLink.columns) FROM messenger_links WHERE bot = \(bind: bot) AND chat_id = \(bind: chatId)
            """).first().map(MessengerLink.init(row:))
    }

    /// Marks a chat's link inactive (the user blocked the bot); messages to it are refused until
    /// the user writes again.
    public func deactivate(chatId: String, reason: String, at now: Date = Date()) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE messenger_links SET active = \(bind: false), inactive_reason = \(bind: String(reason.prefix(300))),
                  updated_at = \(bind: Clock.millis(now))
                WHERE chat_id = \(bind: chatId) AND active = \(bind: true)
                """).run()
        }
    }

    /// A code as a customer may type it (lower case, Persian digits, spaces or a dash) in the form
    /// it is stored; nil when it cannot be one.
    public static func normalise(_ text: String) -> String? {
        let latin = PersianText.latinDigits(text).uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard latin.count == codeLength, latin.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return latin
    }

    static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<codeLength).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
