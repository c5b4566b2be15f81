import Foundation
import PeyvandCore
import SQLKit

/// Message and letter templates: written by those who run the channels (`templates.manage`),
/// read by everyone who sends (`messages.send`).
public struct MessageTemplates: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = "id, name, channel, language, purpose, subject, body, version, updated_at"

    public func list(channel: ContactChannel? = nil, by principal: Principal) async throws -> [MessageTemplate] {
        guard principal.may(.messagesSend) || principal.may(.templatesManage) else {
            throw StoreError.forbidden("the role \(principal.role.rawValue) may not read message templates")
        }
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM message_templates"
        if let channel { sql += " WHERE channel = \(bind: channel.rawValue)" }
        sql += " ORDER BY name, channel, language LIMIT 500"
        return try await database.sql.raw(sql).all().map(Self.template)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> MessageTemplate {
        guard principal.may(.messagesSend) || principal.may(.templatesManage) else {
            throw StoreError.forbidden("the role \(principal.role.rawValue) may not read message templates")
        }
        guard let row = try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM message_templates WHERE id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "template", id: String(id))
        }
        return try Self.template(row)
    }

    /// Saves a new template (`id` nil) or a new version of one; a name already used for the same
    /// channel and language is a conflict, and so is an edit of a version someone else replaced.
    public func save(_ input: MessageTemplateInput, id: Int64? = nil, expectedVersion: Int? = nil, by principal: Principal) async throws -> MessageTemplate {
        try principal.require(.templatesManage, to: "write message templates")
        let t: (name: String, channel: ContactChannel, language: String, purpose: MessagePurpose, subject: String?, body: String)
        do { t = try input.validated() } catch { throw StoreError.invalid(error) }
        let now = Clock.nowMillis()
        let saved = try await database.transaction { db -> Int64 in
            if let clash = try await db.raw("""
                SELECT id FROM message_templates WHERE name = \(bind: t.name) AND channel = \(bind: t.channel.rawValue)
                  AND language = \(bind: t.language)
                """).first()?.decode(column: "id", as: Int64.self), clash != id {
                throw StoreError.invalid(ValidationError(field: "name", reason: "a template of this name exists for this channel and language",
                                                         code: "template.nameTaken"))
            }
            if let id {
                var sql: SQLQueryString = """
                    UPDATE message_templates SET name = \(bind: t.name), channel = \(bind: t.channel.rawValue), language = \(bind: t.language),
                      purpose = \(bind: t.purpose.rawValue), subject = \(bind: t.subject), body = \(bind: t.body), version = version + 1,
                      updated_at = \(bind: now)
                    WHERE id = \(bind: id)
                    """
                if let expectedVersion { sql += " AND version = \(bind: expectedVersion)" }
                guard try await db.raw(sql + " RETURNING id").first() != nil else {
                    guard let current = try await db.raw("SELECT version FROM message_templates WHERE id = \(bind: id)").first() else {
                        throw StoreError.notFound(entity: "template", id: String(id))
                    }
                    throw StoreError.versionMismatch(current: Int(try current.decode(column: "version", as: Int64.self)))
                }
                try await AuditLog.record(db, entity: "template", entityId: id, by: principal, action: "update", after: t.name, at: now)
                return id
            }
            guard let row = try await db.raw("""
                INSERT INTO message_templates (name, channel, language, purpose, subject, body, created_by, created_at, updated_at)
                VALUES (\(bind: t.name), \(bind: t.channel.rawValue), \(bind: t.language), \(bind: t.purpose.rawValue), \(bind: t.subject),
                        \(bind: t.body), \(bind: principal.userId), \(bind: now), \(bind: now))
                RETURNING id
                """).first() else { throw StoreError.conflict("the template was not stored") }
            let made = try row.decode(column: "id", as: Int64.self)
            try await AuditLog.record(db, entity: "template", entityId: made, by: principal, action: "create", after: t.name, at: now)
            return made
        }
        return try await get(saved, by: principal)
    }

    public func delete(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.templatesManage, to: "delete message templates")
        let gone = try await database.transaction { db in
            let gone = try await db.raw("DELETE FROM message_templates WHERE id = \(bind: id) RETURNING id").first() != nil
            if gone { try await AuditLog.record(db, entity: "template", entityId: id, by: principal, action: "delete", at: Clock.nowMillis()) }
            return gone
        }
        if !gone { throw StoreError.notFound(entity: "template", id: String(id)) }
    }

    static func template(_ row: any SQLRow) throws -> MessageTemplate {
        MessageTemplate(
            id: try row.decode(column: "id", as: Int64.self),
            name: try row.decode(column: "name", as: String.self),
            channel: ContactChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .email,
            language: try row.decode(column: "language", as: String.self),
            purpose: MessagePurpose(rawValue: try row.decode(column: "purpose", as: String.self)) ?? .service,
            subject: try row.decode(column: "subject", as: String?.self),
            body: try row.decode(column: "body", as: String.self),
            version: Int(try row.decode(column: "version", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}
