import Foundation
import PeyvandCore
import SQLKit

/// A file that came with an inbound message, as its channel decoded it.
public struct InboundFile: Sendable {
    public var filename: String
    public var bytes: [UInt8]

    public init(filename: String, bytes: [UInt8]) {
        self.filename = filename
        self.bytes = bytes
    }
}

extension Inbox {
    /// Keeps the files of a message the inbox landed (`receipt`, not a duplicate) as the customer's
    /// documents of the message's interaction and, when the message opened or continued a ticket,
    /// as that ticket message's files — the documents and the links in one transaction. Each file
    /// is checked on its own: one the documents refuse (a kind not taken, too big) is left out
    /// with its reason, and stays listed in the message's text. Returns the documents stored.
    public func keep(_ files: [InboundFile], of receipt: InboundReceipt, in documents: DocumentRepository,
                     by principal: Principal) async throws -> (stored: [Int64], refused: [(filename: String, reason: String)]) {
        var accepted: [DocumentFile] = []
        var refused: [(filename: String, reason: String)] = []
        for file in files {
            do {
                let checked = try documents.check(file.bytes, filename: file.filename)
                try documents.keep(checked)
                accepted.append(checked)
            } catch StoreError.invalid(let error) {
                refused.append((file.filename, error.issues.map(\.reason).joined(separator: "; ")))
            }
        }
        guard !accepted.isEmpty else { return ([], refused) }
        let checked = accepted
        let stored = try await database.transaction { db -> [Int64] in
            let at = Clock.nowMillis()
            var ids: [Int64] = []
            for file in checked {
                ids.append(try await DocumentRepository.insert(db, file, customerId: receipt.customerId, interactionId: receipt.interactionId,
                                                               by: principal, at: at))
            }
            if let ticketId = receipt.ticketId, let message = try await db.raw("""
                SELECT id FROM ticket_messages WHERE ticket_id = \(bind: ticketId) AND channel_message_id = \(bind: receipt.messageId)
                ORDER BY id LIMIT 1
                """).first()?.decode(column: "id", as: Int64.self) {
                try await Tickets.link(db, messageId: message, documentIds: ids)
            }
            return ids
        }
        return (stored, refused)
    }
}
