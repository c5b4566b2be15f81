import Foundation
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit

/// What the messenger suites share: a bot named against the loopback API, updates as the
/// platform writes them, and reads of what the store holds.
enum BotFixture {
    static let token = "123456789:AAtest_token-abcdef"

    static func client(_ peer: LoopbackBotAPI, timeout: Int64 = 5) -> BotAPIClient {
        BotAPIClient(baseURL: peer.baseURL, token: token, timeout: .seconds(timeout))
    }

    static func worker(_ db: Database, _ peer: LoopbackBotAPI, timeout: Int64 = 5) -> OutboxWorker {
        OutboxWorker(database: db, channels: [MessengerChannel(database: db, client: client(peer, timeout: timeout))],
                     policy: RetryPolicy(base: .seconds(30), cap: .seconds(3600), maxAttempts: 5))
    }

    static func configure(_ db: Database) async throws -> MessengerSettings.Values {
        try await MessengerSettings(db).configure(botName: "peyvand_bot", baseURL: "https://tapi.bale.ai")
    }

    static func update(_ id: Int64, chat: Int64, message: Int64, text: String?, first: String = "سارا", last: String? = "احمدی",
                       username: String? = "sara_a") -> MessengerUpdate {
        MessengerUpdate(updateId: id, message: .init(
            messageId: message, from: .init(id: chat, firstName: first, lastName: last, username: username),
            chat: .init(id: chat, type: "private"), date: 1_764_950_400, text: text))
    }

    static func json(_ id: Int64, chat: Int64, message: Int64, text: String) -> String {
        let escaped = String(data: try! JSONEncoder().encode(text), encoding: .utf8)!
        return #"{"update_id":\#(id),"message":{"message_id":\#(message),"from":{"id":\#(chat),"is_bot":false,"first_name":"Reza","last_name":"Karimi","username":"reza_k"},"chat":{"id":\#(chat),"type":"private"},"date":1764950400,"text":\#(escaped)}}"#
    }

    static func outbox(_ db: Database) async throws -> [(status: String, attempts: Int, recipient: String, nextAttempt: Int64, error: String?)] {
        try await db.sql.raw("SELECT status, attempts, recipient, next_attempt_at, last_error FROM outbox_messages ORDER BY id").all().map {
            (try $0.decode(column: "status", as: String.self), Int(try $0.decode(column: "attempts", as: Int64.self)),
             try $0.decode(column: "recipient", as: String.self), try $0.decode(column: "next_attempt_at", as: Int64.self),
             try $0.decode(column: "last_error", as: String?.self))
        }
    }

    static func interactions(_ db: Database, customer: Int64) async throws -> [(body: String, direction: String, channel: String)] {
        try await db.sql.raw("SELECT body, direction, channel FROM interactions WHERE customer_id = \(bind: customer) ORDER BY id").all().map {
            (try $0.decode(column: "body", as: String?.self) ?? "", try $0.decode(column: "direction", as: String?.self) ?? "",
             try $0.decode(column: "channel", as: String?.self) ?? "")
        }
    }

    static func count(_ db: Database, _ table: String) async throws -> Int {
        Int(try await db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int64.self))
    }

    /// Queues `text` to the customer on chat `chat`, as the 360's sender will.
    static func enqueue(_ db: Database, customer: Int64, chat: String, text: String, key: String = "msg_" + UUID().uuidString) async throws {
        _ = try await db.transaction { sql in
            try await ChannelMessages.enqueue(CustomerMessage(customerId: customer, channel: .messenger, address: chat,
                                                              payload: ChannelPayload(text: text), idempotencyKey: key), in: sql)
        }
    }
}
