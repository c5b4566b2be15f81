import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/invoices/{id}` and its payments, a customer's invoices and value, and the
/// receivables reports `/api/v1/reports/ageing` and `/api/v1/reports/overdue`.
struct InvoicesController {
    let invoices: InvoiceRepository
    let receivables: Receivables
    let value: CustomerValueQuery

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("invoices/:id", use: show)
        group.get("invoices/:id/payments", use: payments)
        group.post("invoices/:id/payments", use: pay)
        group.get("customers/:id/invoices", use: listOfCustomer)
        group.get("customers/:id/value", use: customerValue)
        group.get("reports/ageing", use: ageing)
        group.get("reports/overdue", use: overdue)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(InvoiceDTO(try await invoices.get(try RouteID.require(context, resource: "invoice"), by: try context.principal())))
    }

    @Sendable func payments(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await invoices.payments(of: try RouteID.require(context, resource: "invoice"), by: try context.principal())
        return try JSONResponse.make(ListBody(items: items.map(PaymentDTO.init), next: nil))
    }

    @Sendable func pay(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "invoice")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["amount", "method", "reference", "chequeBank", "chequeDueDate", "receivedAt"])
        let amount = body.decimal("amount"), method = body.string("method")
        if amount == nil { body.append(FieldIssue(field: "amount", reason: "is required", code: "required")) }
        if method == nil { body.append(FieldIssue(field: "method", reason: "is required", code: "required")) }
        var chequeDue: Date?
        if let text = body.string("chequeDueDate") {
            chequeDue = FormDates.parse(text, timeZone: Tehran.timeZone)
            if chequeDue == nil { body.append(FieldIssue(field: "chequeDueDate", reason: "must be a date: 2026-12-21 or ۱۴۰۵/۰۹/۳۰", code: "date.invalid")) }
        }
        let input = PaymentInput(amount: amount ?? "", method: method ?? "", reference: body.string("reference"), chequeBank: body.string("chequeBank"),
                                 chequeDueDate: chequeDue, receivedAt: body.instant("receivedAt"))
        try body.check()
        let payment = try await invoices.pay(id, input, by: try context.principal())
        return try JSONResponse.make(PaymentDTO(payment), status: .created)
    }

    @Sendable func listOfCustomer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await invoices.list(customerId: try RouteID.require(context, resource: "customer"), limit: try ListQuery.limit(request),
                                            by: try context.principal())
        return try JSONResponse.make(ListBody(items: items.map(InvoiceDTO.init), next: nil))
    }

    static func day(_ request: Request, _ name: String) throws -> Date? {
        guard let raw = FormData.query(request).get(name) else { return nil }
        guard let date = FormDates.parse(raw, timeZone: Tehran.timeZone) else {
            throw Problem.badRequest("\(name) must be a date: 2026-03-21 or ۱۴۰۵/۰۱/۰۱", field: name)
        }
        return date
    }

    @Sendable func customerValue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let from = try Self.day(request, "from"), to = try Self.day(request, "to")
        if let from, let to, from >= to { throw Problem.validation(ValidationError(field: "from", reason: "must be before to", code: "date.order")) }
        let report = try await value.value(of: try RouteID.require(context, resource: "customer"), from: from, to: to, by: try context.principal())
        return try JSONResponse.make(CustomerValueDTO(report))
    }

    @Sendable func ageing(_ request: Request, context: AppRequestContext) async throws -> Response {
        let report = try await receivables.ageing(asOf: try Self.day(request, "asOf") ?? Date(), by: try context.principal())
        return try JSONResponse.make(AgeingDTO(report))
    }

    @Sendable func overdue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let after = try ListQuery.after(request, TimelineCursor.decode)
        let page = try await receivables.overdue(asOf: try Self.day(request, "asOf") ?? Date(), after: after,
                                                 limit: try ListQuery.limit(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(OverdueDTO.init), next: page.next))
    }
}
