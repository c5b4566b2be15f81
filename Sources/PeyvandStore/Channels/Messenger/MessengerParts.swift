import Foundation
import SQLKit

/// The parts of a long outgoing bot message already accepted by the platform, so a retry after a
/// failed part sends only the parts after it.
public struct MessengerParts: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The platform's message id of each part already sent, by part number (0 first).
    public func sent(outboxMessageId: Int64) async throws -> [Int: String] {
        let rows = try await database.sql.raw("""
            SELECT part, message_id FROM messenger_parts WHERE outbox_message_id = \(bind: outboxMessageId)
            """).all()
        var parts: [Int: String] = [:]
        for row in rows {
            parts[Int(try row.decode(column: "part", as: Int64.self))] = try row.decode(column: "message_id", as: String.self)
        }
        return parts
    }

    /// Records that `part` was accepted as `messageId`.
    public func record(outboxMessageId: Int64, part: Int, messageId: String, at now: Date = Date()) async throws {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO messenger_parts (outbox_message_id, part, message_id, sent_at)
                VALUES (\(bind: outboxMessageId), \(bind: part), \(bind: messageId), \(bind: Clock.millis(now)))
                ON CONFLICT (outbox_message_id, part) DO NOTHING
                """).run()
        }
    }
}
