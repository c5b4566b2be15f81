import Foundation
import PeyvandCore
import SQLKit

/// Each member of staff's calendar feed: a secret URL (`/calendar/<token>.ics`) a phone's
/// calendar subscribes to. Only the token's SHA-256 digest is stored; making a new one revokes
/// the old, and a revoked or unknown token reads nothing.
public struct CalendarFeeds: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// What a person's feed is: when it was made (nil when they have none).
    public struct Status: Sendable, Hashable {
        public let createdAt: Date?
    }

    /// A new secret for the person's feed; their previous one stops working. Shown once.
    public func create(by principal: Principal, now: Date = Date()) async throws -> String {
        try SalesReach.requireRead(principal, "the calendar")
        let token = Secrets.token(prefix: "cal_")
        try await database.transaction { db in
            let at = Clock.millis(now)
            try await db.raw("UPDATE calendar_feeds SET revoked_at = \(bind: at) WHERE user_id = \(bind: principal.userId) AND revoked_at IS NULL").run()
            try await db.raw("""
                INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (\(bind: principal.userId), \(bind: Secrets.digest(token)), \(bind: at))
                """).run()
            try await AuditLog.record(db, entity: "user", entityId: principal.userId, by: principal, action: "calendar-feed", field: "feed", after: "created", at: at)
        }
        return token
    }

    /// Stops the person's feed.
    public func revoke(by principal: Principal, now: Date = Date()) async throws {
        try await database.transaction { db in
            let at = Clock.millis(now)
            try await db.raw("UPDATE calendar_feeds SET revoked_at = \(bind: at) WHERE user_id = \(bind: principal.userId) AND revoked_at IS NULL").run()
            try await AuditLog.record(db, entity: "user", entityId: principal.userId, by: principal, action: "calendar-feed", field: "feed", after: "revoked", at: at)
        }
    }

    public func status(of userId: Int64) async throws -> Status {
        let row = try await database.sql.raw("""
            SELECT created_at FROM calendar_feeds WHERE user_id = \(bind: userId) AND revoked_at IS NULL ORDER BY id DESC LIMIT 1
            """).first()
        return Status(createdAt: (try row?.decode(column: "created_at", as: Int64.self)).map(Clock.date))
    }

    /// The active member of staff whose live feed this token opens, as the principal the feed
    /// reads as; nil for an unknown, revoked or malformed token, or a deactivated user.
    public func principal(forToken token: String) async throws -> Principal? {
        guard token.hasPrefix("cal_"), token.count <= 100, token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            return nil
        }
        let row = try await database.sql.raw("""
            SELECT u.id, u.name, u.role FROM calendar_feeds f JOIN users u ON u.id = f.user_id
            WHERE f.token_hash = \(bind: Secrets.digest(token)) AND f.revoked_at IS NULL AND u.active = \(bind: true)
            """).first()
        guard let row, let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
        return Principal(userId: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self), role: role)
    }
}
