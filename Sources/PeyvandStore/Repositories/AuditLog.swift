import Foundation
import PeyvandCore
import SQLKit

/// One row of the audit log.
public struct AuditEntry: Sendable, Hashable {
    public let id: Int64
    public let at: Date
    public let actorId: Int64?
    public let actorName: String?
    public let action: String
    public let field: String?
    public let before: String?
    public let after: String?

    public init(id: Int64, at: Date, actorId: Int64?, actorName: String?, action: String, field: String?, before: String?, after: String?) {
        (self.id, self.at, self.actorId, self.actorName, self.action) = (id, at, actorId, actorName, action)
        (self.field, self.before, self.after) = (field, before, after)
    }
}

/// Writes and reads the audit log. Writes happen inside the caller's transaction so a change and
/// its audit rows are stored together or not at all. A principal without an account (id 0, the
/// command line) is recorded by name with no actor id.
enum AuditLog {
    static func record(
        _ db: any SQLDatabase, entity: String, entityId: Int64, by principal: Principal, action: String,
        field: String? = nil, before: String? = nil, after: String? = nil, at: Int64
    ) async throws {
        try await db.raw("""
            INSERT INTO audit_log (entity, entity_id, at, actor_id, actor_name, action, field, before_value, after_value)
            VALUES (\(bind: entity), \(bind: entityId), \(bind: at), \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: principal.name),
                    \(bind: action), \(bind: field), \(bind: before), \(bind: after))
            """).run()
    }

    /// Marks a customer's record (an interaction, a document) removed and records who did it,
    /// together. The row stays, so history and merges can still account for it.
    static func softRemove(_ database: Database, table: String, id: Int64, customerId: Int64, by principal: Principal,
                           action: String, field: String, before: String) async throws {
        try await database.transaction { db in
            let now = Clock.nowMillis()
            try await db.raw("UPDATE \(ident: table) SET deleted_at = \(bind: now) WHERE id = \(bind: id)").run()
            try await record(db, entity: "customer", entityId: customerId, by: principal, action: action,
                             field: field, before: before, at: now)
        }
    }

    static func entries(_ db: any SQLDatabase, entity: String, entityId: Int64, limit: Int, before: Int64?) async throws -> [AuditEntry] {
        let cursor = before ?? Int64.max
        return try await db.raw("""
            SELECT id, at, actor_id, actor_name, action, field, before_value, after_value FROM audit_log
            WHERE entity = \(bind: entity) AND entity_id = \(bind: entityId) AND id < \(bind: cursor)
            ORDER BY id DESC LIMIT \(bind: limit)
            """).all().map { row in
            AuditEntry(
                id: try row.decode(column: "id", as: Int64.self),
                at: Clock.date(try row.decode(column: "at", as: Int64.self)),
                actorId: try row.decode(column: "actor_id", as: Int64?.self),
                actorName: try row.decode(column: "actor_name", as: String?.self),
                action: try row.decode(column: "action", as: String.self),
                field: try row.decode(column: "field", as: String?.self),
                before: try row.decode(column: "before_value", as: String?.self),
                after: try row.decode(column: "after_value", as: String?.self)
            )
        }
    }
}
