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
        group.get("receivables", use: receivablesPage)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, id: try RouteID.require(context, resource: "invoice"), form: nil, issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData?, issues: [FieldIssue],
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let invoice = try await invoices.get(id, by: principal)
        let order = try await orders.get(invoice.orderId, by: principal)
        let customer = try await customers.get(invoice.customerId, by: principal)
        let lang = context.language
        let payments: [[String: Any]] = invoice.kind == .invoice ? try await invoices.payments(of: id, by: principal).map { p in
            var how = views.catalogs.label("method", p.method.kind, lang)
            if case .cheque(let c) = p.method {
                how += " \(c.number) · \(c.bankName) · " + views.formatting.day(c.dueDate, lang)
            }
            return ["when": views.formatting.dateTime(p.receivedAt, lang), "amount": views.money(p.amount, context), "how": how]
        } : []
        let lines: [[String: Any]] = order.lines.map { l in
            ["no": views.formatting.number(l.lineNo, lang), "description": l.description, "quantity": l.quantity.description,
             "unitPrice": views.money(l.unitPrice, context), "discount": views.money(l.discount, context), "taxRate": l.taxRate.percentString,
             "total": views.money(l.total, context)]
        }
        let done = FormData.query(request).get("done").map { views.t("invoice_done_\($0)", context) }
        return views.page("invoice", request, context, title: invoice.number, current: "orders", status: status, [
            "invoice": [
                "id": invoice.id, "number": invoice.number, "isCreditNote": invoice.kind == .creditNote,
                "issued": views.formatting.dateTime(invoice.issuedAt, lang), "due": views.formatting.dateTime(invoice.dueAt, lang),
                "terms": views.formatting.number(invoice.termsDays, lang), "net": views.money(invoice.net, context), "tax": views.money(invoice.tax, context),
                "total": views.money(invoice.total, context), "paid": views.money(invoice.paid, context), "credited": views.money(invoice.credited, context),
                "outstanding": views.money(invoice.outstanding, context), "refundDue": invoice.refundDue.isZero ? false : views.money(invoice.refundDue, context) as Any,
                "settled": invoice.kind == .invoice && invoice.outstanding.isZero,
            ] as [String: Any],
            "order": ["id": order.id], "customer": ["id": customer.id, "name": customer.fields.name],
            "lines": invoice.kind == .invoice ? lines : [], "payments": payments, "flash": done ?? false,
            "canPay": principal.may(.financeWrite) && invoice.kind == .invoice && !invoice.outstanding.isZero,
            "pay": [
                "amount": form?["amount"] ?? invoice.outstanding.majorString, "reference": form?["reference"] ?? "",
                "chequeBank": form?["chequeBank"] ?? "", "chequeDueDate": form?["chequeDueDate"] ?? "",
                "methods": ["cash", "card", "bankTransfer", "cheque"].map { m in
                    ["value": m, "label": views.catalogs.label("method", m, lang), "selected": m == (form?["method"] ?? "cash")] },
            ] as [String: Any],
            "errors": issues.map { ["field": $0.field, "reason": $0.reason] },
        ])
    }

    @Sendable func pay(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "invoice")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var issues: [FieldIssue] = []
        var chequeDue: Date?
        if let text = form["chequeDueDate"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            chequeDue = FormDates.parse(text, timeZone: views.formatting.timeZone)
            if chequeDue == nil { issues.append(FieldIssue(field: "chequeDueDate", reason: views.t("date_format_hint", context))) }
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
        let lang = context.language
        let report = try await receivables.ageing(by: principal)
        let buckets = AgeingBucket.allCases
        let rows: [[String: Any]] = report.totals.keys.sorted { $0.rawValue < $1.rawValue }.map { c in
            let t = report.totals(in: c)
            return ["currency": c.rawValue, "amounts": buckets.map { views.money(t[$0], context) }, "total": views.money(t.total, context)]
        }
        let params = FormData.query(request)
        let overdue = try await receivables.overdue(after: params.get("after").flatMap(TimelineCursor.decode), limit: 50, by: principal)
        let overdueRows: [[String: Any]] = overdue.items.map { o in
            ["id": o.invoice.id, "number": o.invoice.number, "customerId": o.invoice.customerId, "customer": o.customerName,
             "due": views.formatting.dateTime(o.invoice.dueAt, lang), "days": views.formatting.number(o.daysPastDue, lang),
             "outstanding": views.money(o.invoice.outstanding, context)]
        }
        return views.page("receivables", request, context, title: views.t("receivables_title", context), current: "orders", [
            "buckets": buckets.map { views.catalogs.label("bucket", $0.rawValue, lang) }, "ageing": rows, "overdue": overdueRows,
            "next": overdue.next.map { "/receivables?after=\($0)" } ?? false,
        ])
    }
}
