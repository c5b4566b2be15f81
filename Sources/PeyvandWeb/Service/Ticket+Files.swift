import Foundation
import PeyvandCore
import PeyvandStore

/// One file of a thread's message as the ticket page lists it: its name (isolated by the
/// template), its size in the reader's digits, and the document's download link — only for a
/// reader who may open the customer's documents (the rule `/documents/{id}` itself applies).
struct TicketFile {
    let id: Int64
    let name: String
    let size: String
    let type: String
    let href: String?

    init(_ a: TicketAttachment, canOpen: Bool, text x: PageText) {
        id = a.id
        name = a.filename
        size = x.fileSize(a.size)
        type = a.mediaType
        href = canOpen ? "/documents/\(a.id)" : nil
    }
}
