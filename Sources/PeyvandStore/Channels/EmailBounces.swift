import Foundation
import PeyvandCore
import SQLKit

/// What the record of bounces knows about one address.
public struct EmailBounce: Sendable, Hashable {
    /// Lower-cased.
    public let address: String
    /// The latest enhanced status code, `5.1.1`.
    public let status: String
    /// The remote server's words with the latest report.
    public let diagnostic: String?
    /// A permanent failure arrived for it at some point: mail is not sent there again.
    public let hard: Bool
    public let count: Int
    public let firstAt: Date
    public let lastAt: Date

    /// `5.1.1 user unknown` (the diagnostic cut to fit a tooltip).
    public var summary: String {
        [status, diagnostic.map { String($0.prefix(200)) }].compactMap { $0 }.joined(separator: " ")
    }
}

/// Bounces recorded against addresses (from the delivery status notifications the mail inbox
/// reads), so a hard-bounced address is shown beside the customer's email and skipped by sends.
public struct EmailBounces: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Counts one bounce of `address`; a report already counted (`report`, its Message-ID) is not
    /// counted again. A hard bounce stays hard whatever soft ones follow.
    public func record(address: String, status: String, diagnostic: String?, hard: Bool, report: String? = nil,
                       at now: Date = Date()) async throws {
        let key = address.lowercased()
        let millis = Clock.millis(now)
        let detail = diagnostic.map { String($0.prefix(500)) }
        try await database.sql.raw("""
            INSERT INTO email_bounces (address, status, diagnostic, hard, bounce_count, last_report, first_at, last_at)
            VALUES (\(bind: key), \(bind: String(status.prefix(32))), \(bind: detail), \(bind: hard), 1, \(bind: report),
              \(bind: millis), \(bind: millis))
            ON CONFLICT (address) DO UPDATE SET status = excluded.status, diagnostic = excluded.diagnostic,
              hard = (CASE WHEN email_bounces.hard THEN email_bounces.hard ELSE excluded.hard END),
              bounce_count = email_bounces.bounce_count + 1, last_report = excluded.last_report, last_at = excluded.last_at
            WHERE email_bounces.last_report IS NULL OR excluded.last_report IS NULL OR email_bounces.last_report <> excluded.last_report
            """).run()
    }

    /// Whether mail to `address` came back permanently: sending code skips it.
    public func isHardBounced(_ address: String) async throws -> Bool {
        try await database.sql.raw("""
            SELECT 1 AS hit FROM email_bounces WHERE address = \(bind: address.lowercased()) AND hard = \(bind: true)
            """).first() != nil
    }

    /// The bounce record of each of these addresses that has one, keyed by the lower-cased address.
    public func bounces(of addresses: [String]) async throws -> [String: EmailBounce] {
        let keys = Array(Set(addresses.map { $0.lowercased() }).prefix(200))
        guard !keys.isEmpty else { return [:] }
        let rows = try await database.sql.raw("""
            SELECT address, status, diagnostic, hard, bounce_count, first_at, last_at FROM email_bounces
            WHERE address IN (\(binds: keys))
            """).all()
        var result: [String: EmailBounce] = [:]
        for row in rows {
            let bounce = EmailBounce(
                address: try row.decode(column: "address", as: String.self), status: try row.decode(column: "status", as: String.self),
                diagnostic: try row.decode(column: "diagnostic", as: String?.self), hard: try row.decode(column: "hard", as: Bool.self),
                count: Int(try row.decode(column: "bounce_count", as: Int64.self)),
                firstAt: Clock.date(try row.decode(column: "first_at", as: Int64.self)),
                lastAt: Clock.date(try row.decode(column: "last_at", as: Int64.self)))
            result[bounce.address] = bounce
        }
        return result
    }

    /// Forgets the bounces of `address` (the customer fixed their mailbox); true when there were any.
    @discardableResult
    public func clear(_ address: String) async throws -> Bool {
        try await database.sql.raw("""
            DELETE FROM email_bounces WHERE address = \(bind: address.lowercased()) RETURNING address
            """).first() != nil
    }
}

extension ChannelMessages {
    /// The conversation an outgoing message belongs to, by the outbox message that carries it
    /// (one indexed read: what an email's subject token names).
    public func thread(ofOutboxMessage outboxMessageId: Int64) async throws -> Int64? {
        try await database.sql.raw("""
            SELECT thread_id FROM channel_messages WHERE outbox_message_id = \(bind: outboxMessageId) ORDER BY id LIMIT 1
            """).first()?.decode(column: "thread_id", as: Int64?.self)
    }
}
