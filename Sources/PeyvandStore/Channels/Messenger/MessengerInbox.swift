import Foundation
import PeyvandCore
import SQLKit

/// What became of one bot update.
public enum MessengerOutcome: Sendable, Hashable {
    /// The update was handled before (a webhook retried, a poll read it again): nothing stored.
    case duplicate
    /// Not a message in a private chat with text or media (an edited message, a group, a bare
    /// `/start`): acknowledged, nothing stored.
    case ignored(String)
    /// A valid code tied the chat to the customer; the confirmation is queued in the outbox.
    case linked(customerId: Int64, chatId: String)
    /// An unknown, used or expired code: the polite answer is queued; nothing else stored.
    case refusedCode(String)
    /// A message landed on the timeline (of the linked customer, or of a new contact now linked).
    case received(InboundReceipt)
}

/// Lands bot updates, each once, in one transaction: a link code ties the chat to its customer
/// and queues the bot's confirmation; any other message lands on the linked customer's timeline
/// through `Inbox`, or makes the sender a new contact and links the chat to it, so the next
/// message finds them. Replies the bot sends go through the outbox with a key made from the
/// update, so a repeated update never sends a second reply.
public struct MessengerInbox: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func receive(_ update: MessengerUpdate, at now: Date = Date()) async throws -> MessengerOutcome {
        let outcome = try await database.transaction { db in try await Self.receive(update, in: db, at: now) }
        if case .refusedCode(let why) = outcome {
            database.logger.notice("messenger update \(update.updateId): \(why)")
        }
        return outcome
    }

    static func receive(_ update: MessengerUpdate, in db: any SQLDatabase, at now: Date) async throws -> MessengerOutcome {
        let bot = try await MessengerSettings.current(db)?.bot ?? "bot"
        guard try await db.raw("""
            INSERT INTO messenger_updates (bot, update_id, received_at) VALUES (\(bind: bot), \(bind: update.updateId), \(bind: Clock.millis(now)))
            ON CONFLICT (bot, update_id) DO NOTHING RETURNING update_id
            """).first() != nil else { return .duplicate }
        guard let message = update.message else { return .ignored("not a new message") }
        guard message.chat.type == nil || message.chat.type == "private" else { return .ignored("a \(message.chat.type ?? "") chat") }
        let chatId = String(message.chat.id)
        let text = message.text?.trimmingCharacters(in: .whitespacesAndNewlines)
        let replyKey = "messenger:\(bot):\(update.updateId):reply"

        // A link code: `/start CODE` from the deep link, or the code typed on its own.
        var attempt: String??
        if let text, text == "/start" || text.hasPrefix("/start ") || text.hasPrefix("/start@") {
            let parameter = text.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            if parameter.trimmingCharacters(in: .whitespaces).isEmpty {
                if try await link(bot: bot, chatId: chatId, in: db) == nil {
                    try await reply(MessengerReplies.welcome(english: false), key: replyKey, customerId: nil, chatId: chatId, in: db, at: now)
                }
                return .ignored("/start without a code")
            }
            attempt = .some(MessengerLinks.normalise(parameter))
        } else if let text, let code = MessengerLinks.normalise(text),
                  try await db.raw("SELECT code FROM messenger_link_codes WHERE code = \(bind: code)").first() != nil {
            attempt = .some(code)
        }
        if let attempt {
            return try await consume(attempt, bot: bot, chatId: chatId, from: message.from, replyKey: replyKey, in: db, at: now)
        }

        var known = try await link(bot: bot, chatId: chatId, in: db)
        if let link = known, try await db.raw("SELECT id FROM customers WHERE id = \(bind: link.customerId) AND deleted_at IS NULL").first() == nil {
            known = nil
        }
        let sent = message.date.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        let body = text.flatMap { $0.isEmpty ? nil : $0 } ?? message.caption ?? "[\(message.mediaKind ?? "message")]"
        let inbound = InboundMessage(
            channel: .messenger, address: chatId, senderName: message.from?.fullName ?? message.from?.username, body: body,
            receivedAt: sent.flatMap { $0 > Date(timeIntervalSince1970: 0) && $0 < now.addingTimeInterval(86400) ? $0 : nil } ?? now,
            externalId: "\(chatId):\(message.messageId)", customerId: known?.customerId)
        let receipt = try await Inbox.receive(inbound, in: db)
        if known == nil || known?.active == false || known?.customerId != receipt.customerId {
            try await upsertLink(bot: bot, chatId: chatId, customerId: receipt.customerId, from: message.from, in: db, at: now)
        }
        return .received(receipt)
    }

    /// Consumes a code (nil: it could not be one) and links the chat, or queues the polite refusal.
    static func consume(_ code: String?, bot: String, chatId: String, from: MessengerUpdate.User?, replyKey: String,
                        in db: any SQLDatabase, at now: Date) async throws -> MessengerOutcome {
        let millis = Clock.millis(now)
        var customerId: Int64?
        if let code, let row = try await db.raw("""
            UPDATE messenger_link_codes SET consumed_at = \(bind: millis)
            WHERE code = \(bind: code) AND consumed_at IS NULL AND expires_at > \(bind: millis)
              AND customer_id IN (SELECT id FROM customers WHERE deleted_at IS NULL)
            RETURNING customer_id
            """).first() {
            customerId = try row.decode(column: "customer_id", as: Int64.self)
        }
        guard let customerId else {
            try await reply(MessengerReplies.unknownCode, key: replyKey, customerId: nil, chatId: chatId, in: db, at: now)
            return .refusedCode("the link code \(code ?? "(malformed)") is unknown, used or expired")
        }
        try await upsertLink(bot: bot, chatId: chatId, customerId: customerId, from: from, in: db, at: now)
        try await AuditLog.record(db, entity: "customer", entityId: customerId, by: Inbox.principal(.messenger), action: "update",
                                  field: "messenger", after: from?.username.map { "@" + $0 } ?? from?.fullName ?? chatId, at: millis)
        let english = try await db.raw("SELECT custom_fields FROM customers WHERE id = \(bind: customerId)").first()
            .flatMap { try? $0.decode(column: "custom_fields", as: String?.self) }
            .flatMap { JSONText.decode([String: String].self, $0) }
            .map { ($0["language"] ?? $0["lang"])?.lowercased().hasPrefix("en") == true } ?? false
        try await reply(MessengerReplies.linked(english: english), key: replyKey, customerId: customerId, chatId: chatId, in: db, at: now)
        return .linked(customerId: customerId, chatId: chatId)
    }

    static func link(bot: String, chatId: String, in db: any SQLDatabase) async throws -> MessengerLink? {
        try await db.raw("SELECT \(unsafeRaw: MessengerLink.columns) FROM messenger_links WHERE bot = \(bind: bot) AND chat_id = \(bind: chatId)")
            .first().map(MessengerLink.init(row:))
    }

    static func upsertLink(bot: String, chatId: String, customerId: Int64, from: MessengerUpdate.User?, in db: any SQLDatabase,
                           at now: Date) async throws {
        let millis = Clock.millis(now)
        try await db.raw("""
            INSERT INTO messenger_links (bot, chat_id, customer_id, user_name, display_name, linked_at, active, updated_at)
            VALUES (\(bind: bot), \(bind: chatId), \(bind: customerId), \(bind: from?.username.map { String($0.prefix(100)) }),
              \(bind: from?.fullName.map { String($0.prefix(200)) }), \(bind: millis), \(bind: true), \(bind: millis))
            ON CONFLICT (bot, chat_id) DO UPDATE SET
              linked_at = CASE WHEN messenger_links.customer_id = excluded.customer_id THEN messenger_links.linked_at ELSE excluded.linked_at END,
              customer_id = excluded.customer_id, user_name = excluded.user_name, display_name = excluded.display_name,
              active = excluded.active, inactive_reason = NULL, updated_at = excluded.updated_at
            """).run()
    }

    /// Queues a reply of the bot in the outbox, once per update.
    static func reply(_ text: String, key: String, customerId: Int64?, chatId: String, in db: any SQLDatabase, at now: Date) async throws {
        let payload = JSONText.encode(ChannelPayload(text: text, language: "fa"))
        try await Outbox.enqueue(OutgoingMessage(channel: .messenger, idempotencyKey: key, customerId: customerId, recipient: chatId,
                                                 payload: payload), in: db, at: now)
    }
}

/// What the bot answers on its own.
public enum MessengerReplies {
    public static func linked(english: Bool) -> String {
        let fa = "گفت‌وگوی شما به پرونده‌تان وصل شد. از این پس پیام‌هایتان را همین‌جا بفرستید."
        return english ? fa + "\n\nYour chat is now connected to your account. You can send us your messages here." : fa
    }

    public static let unknownCode = """
        این کد شناخته نشد، پیش‌تر به کار رفته یا مهلتش گذشته است. لطفاً از ما کد تازه‌ای بخواهید.

        This code is unknown, already used or expired. Please ask us for a new one.
        """

    public static func welcome(english: Bool) -> String {
        "سلام! برای وصل شدن به پرونده‌تان، کدی را که از ما گرفته‌اید همین‌جا بفرستید."
            + (english ? "\n\nHello! To connect this chat to your account, send the code you received from us." : "")
    }
}
