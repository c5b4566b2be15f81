import Foundation
import PeyvandCore
import SQLKit

/// One file of a ticket message: one of the customer's documents (opened where documents are,
/// `/documents/{id}`, by whoever may see the customer).
public struct TicketAttachment: Sendable, Hashable {
    public let id: Int64
    public let filename: String
    public let mediaType: String
    public let size: Int
}

extension Tickets {
    /// At most this many files go with one message, and at most `maxFileBytes` in all: what an
    /// email may carry (mail servers commonly refuse messages past 25 MB once encoded).
    public static let maxFiles = CustomerMessaging.maxAttachments
    public static let maxFileBytes = CustomerMessaging.maxAttachmentBytes

    /// The live files of a ticket's messages, by message, each message's in the order attached.
    static func attachments(_ db: any SQLDatabase, ticketId: Int64) async throws -> [Int64: [TicketAttachment]] {
        let rows = try await db.raw("""
            SELECT l.message_id, d.id, d.filename, d.media_type, d.size
            FROM ticket_messages m JOIN ticket_message_documents l ON l.message_id = m.id JOIN documents d ON d.id = l.document_id
            WHERE m.ticket_id = \(bind: ticketId) AND d.deleted_at IS NULL ORDER BY l.message_id, d.id LIMIT 5000
            """).all()
        var out: [Int64: [TicketAttachment]] = [:]
        for row in rows {
            out[try row.decode(column: "message_id", as: Int64.self), default: []].append(TicketAttachment(
                id: try row.decode(column: "id", as: Int64.self), filename: try row.decode(column: "filename", as: String.self),
                mediaType: try row.decode(column: "media_type", as: String.self), size: Int(try row.decode(column: "size", as: Int64.self))))
        }
        return out
    }

    /// Records the documents as the message's files, in the caller's transaction.
    static func link(_ db: any SQLDatabase, messageId: Int64, documentIds: [Int64]) async throws {
        for documentId in documentIds {
            try await db.raw("""
                INSERT INTO ticket_message_documents (message_id, document_id) VALUES (\(bind: messageId), \(bind: documentId))
                ON CONFLICT DO NOTHING
                """).run()
        }
    }

    /// Refuses the files a message cannot carry, before anything is stored: more than `maxFiles`
    /// or `maxFileBytes` in all; a document that is not one of the customer's live ones; and any
    /// file on a public reply going by SMS or messenger, which carry none — the agent sends the
    /// reply without them, or keeps them on an internal note. Returns the documents named, once each.
    static func checkFiles(_ db: any SQLDatabase, _ files: [DocumentFile], documentIds: [Int64], customerId: Int64,
                           replyChannel: ContactChannel?) async throws -> [Int64] {
        var seen = Set<Int64>()
        let named = documentIds.filter { seen.insert($0).inserted }
        guard !files.isEmpty || !named.isEmpty else { return [] }
        func refuse(_ field: String, _ reason: String, _ code: String) -> StoreError {
            StoreError.invalid(ValidationError(field: field, reason: reason, code: code,
                                               params: ["max": String(maxFiles), "mb": String(maxFileBytes >> 20)]))
        }
        let field = files.isEmpty ? "attachmentIds" : "files"
        if let channel = replyChannel, channel != .email {
            throw refuse(field, "the reply goes by \(channel.rawValue), which cannot carry files: send it without them or keep them on an internal note",
                         "ticket.filesNotCarried")
        }
        guard files.count + named.count <= maxFiles else { throw refuse(field, "at most \(maxFiles) files with one message", "ticket.filesTooMany") }
        var total = files.reduce(Int64(0)) { $0 + Int64($1.size) }
        if !named.isEmpty {
            let rows = try await db.raw("""
                SELECT id, size FROM documents WHERE id IN (\(binds: named)) AND customer_id = \(bind: customerId) AND deleted_at IS NULL
                """).all()
            guard rows.count == named.count else {
                throw refuse("attachmentIds", "names a document that is not this customer's", "send.attachmentUnknown")
            }
            total += try rows.reduce(Int64(0)) { $0 + (try $1.decode(column: "size", as: Int64.self)) }
        }
        guard total <= Int64(maxFileBytes) else { throw refuse(field, "at most \(maxFileBytes >> 20) MB of files in all", "ticket.filesTooLarge") }
        return named
    }
}
