import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Attaching a document from the customer 360 page, downloading and removing one.
struct DocumentPages {
    let documents: DocumentRepository
    let customerPages: CustomerPages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("customers/:id/documents", use: upload)
        group.get("documents/:id", use: download)
        group.post("documents/:id/delete", use: delete)
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let customerId = try RouteID.require(context, resource: "customer")
        try context.principal().require(.interactionsLog, to: "attach documents")
        let form = try await Multipart.read(request, limit: documents.maxSize + 64 * 1024)
        guard let csrf = context.csrf, let given = form.value("_csrf"), Secrets.equal(given, csrf) else {
            throw HTTPError(.forbidden, message: "the form has expired; reload the page and try again")
        }
        do {
            guard let file = form.file("file") else { throw StoreError.invalid(ValidationError([FieldIssue(field: "file", reason: "choose a file", code: "file.missing")])) }
            _ = try await documents.attach(Array(file.data), filename: file.filename ?? "", customerId: customerId, by: try context.principal())
            return .redirect("/customers/\(customerId)?attached=1#timeline")
        } catch StoreError.invalid(let error) {
            return try await customerPages.render360(request, context, id: customerId, logForm: nil, logIssues: [],
                                                     documentIssues: error.issues,
                                                     status: .unprocessableContent)
        }
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (document, data) = try await documents.content(try RouteID.require(context, resource: "document"), by: try context.principal())
        return DocumentsController.download(document, data)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        let document = try await documents.get(try RouteID.require(context, resource: "document"), by: principal)
        try await documents.delete(document.id, by: principal)
        return .redirect("/customers/\(document.customerId)#timeline")
    }
}
