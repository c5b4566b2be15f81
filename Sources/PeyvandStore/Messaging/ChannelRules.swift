import Foundation
import PeyvandCore
import SQLKit

/// The rules the administrator sets for sending to customers: the order channels are tried in
/// when a customer's preferred one is not allowed, and the quiet hours marketing waits out.
/// Kept in `settings`, so every instance agrees.
public struct ChannelRules: Sendable, Hashable, Codable {
    public var order: [ContactChannel]
    public var quietHours: QuietHours

    public static let sendable: [ContactChannel] = [.email, .sms, .messenger]

    public init(order: [ContactChannel] = [.email, .sms, .messenger], quietHours: QuietHours = QuietHours()) {
        self.order = order
        self.quietHours = quietHours
    }

    static func read(_ db: any SQLDatabase) async throws -> ChannelRules {
        let row = try await db.raw("SELECT value FROM settings WHERE key = 'channel_rules'").first()
        return try row.flatMap { JSONText.decode(ChannelRules.self, try $0.decode(column: "value", as: String.self)) } ?? ChannelRules()
    }

    public static func read(_ database: Database) async throws -> ChannelRules {
        try await read(database.sql)
    }

    /// Saves new rules (`templates.manage`): every sendable channel once, in the order wanted.
    public static func save(_ rules: ChannelRules, in database: Database, by principal: Principal) async throws {
        try principal.require(.templatesManage, to: "set the channel rules")
        var issues: [FieldIssue] = []
        if Set(rules.order).count != rules.order.count || !rules.order.allSatisfy(sendable.contains) || rules.order.isEmpty {
            issues.append(FieldIssue(field: "order", reason: "email, sms and messenger, each at most once", code: "rules.order"))
        }
        let q = rules.quietHours
        if !(0..<1440).contains(q.start) { issues.append(FieldIssue(field: "quietStart", reason: "a time of day, hh:mm", code: "rules.time")) }
        if !(0..<1440).contains(q.end) { issues.append(FieldIssue(field: "quietEnd", reason: "a time of day, hh:mm", code: "rules.time")) }
        if !q.days.allSatisfy((1...7).contains) { issues.append(FieldIssue(field: "quietDays", reason: "days 1 (Sunday) to 7", code: "rules.days")) }
        if TimeZone(identifier: q.timeZone) == nil { issues.append(FieldIssue(field: "timeZone", reason: "an IANA time zone", code: "rules.timeZone")) }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        let json = JSONText.encode(rules)
        try await database.transaction { db in
            try await db.raw("DELETE FROM settings WHERE key = 'channel_rules'").run()
            try await db.raw("INSERT INTO settings (key, value) VALUES ('channel_rules', \(bind: json))").run()
            try await AuditLog.record(db, entity: "settings", entityId: 0, by: principal, action: "update", field: "channel_rules",
                                      after: json, at: Clock.nowMillis())
        }
    }
}
