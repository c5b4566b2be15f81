import Foundation
import PeyvandCore
import SQLKit

/// Each member of staff's extension on the PBX: how a call the PBX reports with an extension
/// finds the agent. Set by administrators (`users.manage`); an extension belongs to one person.
public struct StaffExtensions: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public static let maxLength = 20

    /// Sets (or, with nil or an empty text, clears) a person's extension. Letters, digits, `-`
    /// and `_`, at most 20; an extension someone else has is refused.
    public func set(_ userId: Int64, to raw: String?, by principal: Principal) async throws -> String? {
        try principal.require(.usersManage, to: "set extensions")
        let text = raw?.trimmingCharacters(in: .whitespaces) ?? ""
        let ext: String? = text.isEmpty ? nil : text
        if let ext, ext.count > Self.maxLength || !ext.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }) {
            throw StoreError.invalid(ValidationError(field: "extension", reason: "must be 1 to \(Self.maxLength) letters, digits, - or _",
                                                     code: "extension.invalid", params: ["max": "\(Self.maxLength)"]))
        }
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT extension FROM users WHERE id = \(bind: userId)").first() else {
                throw StoreError.notFound(entity: "user", id: String(userId))
            }
            let before = try row.decode(column: "extension", as: String?.self)
            if let ext, try await db.raw("SELECT id FROM users WHERE extension = \(bind: ext) AND id <> \(bind: userId)").first() != nil {
                throw StoreError.invalid(ValidationError(field: "extension", reason: "another member of staff has this extension", code: "extension.taken"))
            }
            try await db.raw("UPDATE users SET extension = \(bind: ext) WHERE id = \(bind: userId)").run()
            try await AuditLog.record(db, entity: "user", entityId: userId, by: principal, action: "update", field: "extension",
                                      before: before, after: ext, at: Clock.nowMillis())
        }
        return ext
    }

    /// A person's extension, if they have one.
    public func get(_ userId: Int64) async throws -> String? {
        try await database.sql.raw("SELECT extension FROM users WHERE id = \(bind: userId)").first()?.decode(column: "extension", as: String?.self)
    }
}
