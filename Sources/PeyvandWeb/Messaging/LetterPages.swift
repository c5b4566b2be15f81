import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/customers/{id}/letter`: a letter or fax by mail merge from a template (fa or en, Jalali
/// dates), shown as a print-ready sheet; and the form that logs it on the timeline — sent or
/// received, letter or fax — with its scanned copy.
struct LetterPages {
    let views: Views
    let customers: CustomerRepository
    let templates: MessageTemplates
    let letters: Letters
    let interactions: InteractionRepository
    let documents: DocumentRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/:id/letter", use: show)
        group.post("customers/:id/letter", use: log)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        let templateId = FormData.query(request).get("template").flatMap { Int64($0) }
        return try await render(request, context, id: id, templateId: templateId, form: nil, issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, templateId: Int64?, form: Multipart?, issues: [FieldIssue],
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.messagesSend, to: "write letters to customers")
        let customer = try await customers.get(id, by: principal)
        async let all = templates.list(by: principal)
        let draft = try await templateId.asyncMap { try await letters.draft(customerId: id, templateId: $0, by: principal) }
        let model = LetterModel(customer: customer, templates: try await all, draft: draft, form: form, issues: issues,
                                text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("letter", request, context, title: views.t("letter_title", context) + " · " + customer.fields.name,
                          current: "customers", status: status, model: model)
    }

    @Sendable func log(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        let principal = try context.principal()
        try principal.require(.interactionsLog, to: "log letters and faxes")
        let form = try await Multipart.read(request, limit: documents.maxSize + 256 * 1024)
        guard let csrf = context.csrf, let given = form.value("_csrf"), Secrets.equal(given, csrf) else {
            throw HTTPError(.forbidden, message: "the form has expired; reload the page and try again")
        }
        do {
            // The scan first: a file that is refused logs nothing.
            var document: Document?
            if let file = form.file("file"), file.size > 0 {
                document = try await documents.attach(Array(file.data), filename: file.filename ?? "", customerId: id, by: principal)
            }
            let kind = form.value("kind") == "fax" ? "fax" : "letter"
            let input = InteractionInput(kind: kind, direction: form.value("direction") == "in" ? "in" : "out",
                                         subject: form.value("subject"), body: form.value("body"))
            let logged = try await interactions.create(customerId: id, input, by: principal)
            if let document { try await letters.link(documentId: document.id, to: logged.id, customerId: id, by: principal) }
            return .redirect("/customers/\(id)?logged=1#timeline")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, templateId: form.value("templateId").flatMap { Int64($0) }, form: form,
                                    issues: error.issues, status: .unprocessableContent)
        }
    }
}
