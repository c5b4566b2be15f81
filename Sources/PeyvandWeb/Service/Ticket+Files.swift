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

extension PageText {
    /// A file's size as a person reads it, to the nearest: `12 KB` under a megabyte (never `0`),
    /// else `1.4 MB`; `۱٫۴ مگابایت` in Persian.
    func fileSize(_ bytes: Int) -> String {
        if bytes < 1 << 20 { return number(max(1, (bytes + 512) >> 10)) + " " + t("kilobytes") }
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return decimal("\(tenths / 10).\(tenths % 10)") + " " + t("megabytes")
    }
}
