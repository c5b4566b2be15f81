import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The reply form of a ticket's page as it arrives: `multipart/form-data` with the files chosen
/// (`files`, any number of them), or a plain form without any. The body of a multipart form is
/// refused past the files' limit (`Tickets.maxFileBytes`) and a little more for the text.
struct TicketReplyForm {
    let fields: FormData
    /// Kept while the reply is stored: its file parts are temporary files removed with it.
    let upload: Multipart?

    /// The body's limit: the files allowed with one message, and the text beside them.
    static let limit = Tickets.maxFileBytes + 256 * 1024

    /// Reads the form and checks its CSRF token (403). A body past `limit` is 413 (`HTTPError`).
    static func read(_ request: Request, _ context: AppRequestContext) async throws -> TicketReplyForm {
        guard request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true else {
            return TicketReplyForm(fields: try await FormData.read(request, context, csrf: context.csrf), upload: nil)
        }
        let upload = try await Multipart.read(request, limit: limit)
        guard let csrf = context.csrf, let given = upload.value("_csrf"), Secrets.equal(given, csrf) else {
            throw HTTPError(.forbidden, message: "the form has expired or did not come from this site; reload the page and try again")
        }
        return TicketReplyForm(fields: upload.fields, upload: upload)
    }

    /// The files chosen, each checked as a document; every refusal at once (`file` issues naming
    /// the file). An empty file input (no file chosen) is no file.
    func files(checkedBy documents: DocumentRepository) throws -> [DocumentFile] {
        var checked: [DocumentFile] = []
        var issues: [FieldIssue] = []
        for part in upload?.files("files") ?? [] where !(part.filename ?? "").isEmpty || part.size > 0 {
            do { checked.append(try documents.check(Array(part.data), filename: part.filename ?? "")) } catch StoreError.invalid(let error) {
                issues += error.issues
            }
        }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        return checked
    }

    /// The message shown when the whole form was past `limit`.
    static var tooLarge: FieldIssue {
        FieldIssue(field: "files", reason: "at most \(Tickets.maxFileBytes >> 20) MB of files in all", code: "ticket.filesTooLarge",
                   params: ["max": String(Tickets.maxFiles), "mb": String(Tickets.maxFileBytes >> 20)])
    }
}
