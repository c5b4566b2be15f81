import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/customers/{id}/send`: write to a customer — a template or a text, on the channel they
/// prefer if they consented, else the next allowed one — and see where it would go first.
struct SendMessagePages {
    let views: Views
    let customers: CustomerRepository
    let messaging: CustomerMessaging
    let templates: MessageTemplates
    let documents: DocumentRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/:id/send", use: show)
        group.post("customers/:id/send", use: send)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, id: try RouteID.require(context, resource: "customer"), form: nil, issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData?, issues: [FieldIssue],
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.messagesSend, to: "send messages to customers")
        let data = try await SendMessageQuery(customers: customers, messaging: messaging, templates: templates, documents: documents).read(id, by: principal)
        let model = SendMessageModel(data, principal: principal, form: form, issues: issues,
                                     text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("send-message", request, context, title: views.t("send_message", context) + " · " + data.customer.fields.name,
                          current: "customers", status: status, model: model)
    }

    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var send = CustomerMessaging.Request(language: form["language"] == "en" ? "en" : "fa")
        send.channel = form["channel"].flatMap(ContactChannel.init(rawValue:)).flatMap { ChannelRules.sendable.contains($0) ? $0 : nil }
        send.purpose = form["purpose"].flatMap(MessagePurpose.init(rawValue:)) ?? .service
        send.templateId = form["templateId"].flatMap { Int64($0) }
        send.subject = form["subject"]
        send.text = form["text"]
        send.attachmentIds = form.pairs.filter { $0.0 == "attachmentIds" }.compactMap { Int64($0.1) }
        // One click is one message, however often the form is sent again (a double click, a reload).
        send.idempotencyKey = form["sendKey"]
        do {
            let sent = try await messaging.send(to: id, send, by: try context.principal())
            return .redirect("/customers/\(id)?\(sent.notBefore == nil ? "sent" : "held")=1#timeline")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }
}
