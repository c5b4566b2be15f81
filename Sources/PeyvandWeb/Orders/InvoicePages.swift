import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The printable invoice (or credit note) with its payments and the payment form, and the
/// receivables page: ageing and overdue invoices.
struct InvoicePages {
    let views: Views
    let invoices: InvoiceRepository
    let orders: OrderRepository
    let customers: CustomerRepository
    let receivables: Receivables

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("invoices/:id", use: show)
        group.post("invoices/:id/pay", use: pay)
        group.post("invoices/:id/disputes", use: openDispute)  // payment disputes
        group.post("invoices/:id/disputes/:disputeId/close", use: closeDispute)
        group.get("receivables", use: receivablesPage)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, id: try RouteID.require(context, resource: "invoice"), form: nil, issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData?, issues: [FieldIssue],
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let data = try await InvoiceQuery(invoices: invoices, orders: orders, customers: customers).read(id, by: principal)
        let model = InvoiceModel(data, principal: principal, done: FormData.query(request).get("done"), form: form, issues: issues,
                                 text: PageText(views: views, lang: context.language, toman: context.toman))
        return await views.page("invoice", request, context, title: data.invoice.number, current: "orders", status: status, model: model,
                                customerId: data.invoice.customerId)
    }

    @Sendable func pay(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "invoice")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var issues: [FieldIssue] = []
        var chequeDue: Date?
        if let text = form["chequeDueDate"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            chequeDue = FormDates.parse(text, timeZone: views.formatting.timeZone)
            if chequeDue == nil { issues.append(FieldIssue(field: "chequeDueDate", reason: "must be a date such as 2026-11-23 or 1405/09/02", code: "date.format")) }
        }
        func value(_ name: String) -> String? { form[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        let input = PaymentInput(amount: form["amount"] ?? "", method: form["method"] ?? "", reference: value("reference"),
                                 chequeBank: value("chequeBank"), chequeDueDate: chequeDue)
        do {
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            _ = try await invoices.pay(id, input, by: try context.principal())
            return .redirect("/invoices/\(id)?done=paid")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func receivablesPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let data = try await ReceivablesQuery(receivables: receivables)
            .read(after: FormData.query(request).get("after").flatMap(TimelineCursor.decode), by: principal)
        let model = ReceivablesModel(data, text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("receivables", request, context, title: views.t("receivables_title", context), current: "orders", model: model)
    }
}
