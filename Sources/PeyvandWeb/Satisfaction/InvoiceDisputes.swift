import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The invoice page's "Payment disputes" box: each dispute of its payments (open or closed, with
/// the outcome), a form to open one on a payment and one to close each open one. Shown when the
/// invoice has payments.
struct InvoiceDisputes {
    struct Row {
        let id: Int64, payment: String, reason: String, opened: String, open: Bool, status: String, outcome: String?, version: Int
    }
    let invoiceId: Int64
    let rows: [Row]
    let canWrite: Bool
    /// The payments without an open dispute: those one may be opened on.
    let payments: [Choice]
    let outcomes: [Choice]
    let reason: String
}

extension InvoiceDisputes {
    init?(_ data: InvoiceData, principal: Principal, form: FormData?, text x: PageText) {
        guard !data.payments.isEmpty || !data.disputes.isEmpty else { return nil }
        invoiceId = data.invoice.id
        let byId = Dictionary(uniqueKeysWithValues: data.payments.map { ($0.id, $0) })
        func paymentText(_ id: Int64) -> String {
            byId[id].map { x.when($0.receivedAt) + " · " + x.money($0.amount) } ?? x.digits("#\(id)")
        }
        rows = data.disputes.reversed().map { d in
            Row(id: d.id, payment: paymentText(d.paymentId), reason: d.reason, opened: x.when(d.openedAt), open: d.isOpen,
                status: x.t(d.isOpen ? "dispute_open" : "dispute_closed"), outcome: d.outcome.map { x.label("dispute_outcome", $0.rawValue) },
                version: d.version)
        }
        canWrite = principal.may(.financeWrite)
        let disputed = Set(data.disputes.filter(\.isOpen).map(\.paymentId))
        payments = data.payments.filter { !disputed.contains($0.id) }.map {
            Choice(value: String($0.id), label: paymentText($0.id), selected: form?["paymentId"] == String($0.id))
        }
        outcomes = PaymentDisputeOutcome.allCases.map { x.choice($0.rawValue, "dispute_outcome", selected: false) }
        reason = form?["disputeReason"] ?? ""
    }
}

extension InvoicePages {
    /// Opens a dispute on one of the invoice's payments (form: `paymentId`, `disputeReason`).
    @Sendable func openDispute(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "invoice")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        let invoice = try await invoices.get(id, by: principal)
        do {
            guard let paymentId = form["paymentId"].flatMap({ Int64($0) }),
                  try await invoices.payments(of: invoice.id, by: principal).contains(where: { $0.id == paymentId }) else {
                throw StoreError.invalid(ValidationError(field: "paymentId", reason: "choose a payment of this invoice", code: "ref.unknown"))
            }
            _ = try await PaymentDisputes(customers.database).open(paymentId: paymentId, reason: form["disputeReason"] ?? "", by: principal)
            return .redirect("/invoices/\(id)?done=disputed#disputes")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, form: form, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.conflict(let why) {
            return try await render(request, context, id: id, form: form,
                                    issues: [FieldIssue(field: "paymentId", reason: why, code: "dispute.open")], status: .conflict)
        }
    }

    /// Closes an open dispute with its outcome (form: `outcome`, `version`).
    @Sendable func closeDispute(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "invoice")
        guard let disputeId = context.parameters.get("disputeId").flatMap({ Int64($0) }) else {
            throw HTTPError(.notFound, message: "no such dispute")
        }
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        let disputes = PaymentDisputes(customers.database)
        let dispute = try await disputes.get(disputeId, by: principal)
        guard dispute.invoiceId == id else { throw HTTPError(.notFound, message: "no such dispute on this invoice") }
        do {
            _ = try await disputes.close(disputeId, outcome: form["outcome"], expectedVersion: form["version"].flatMap { Int($0) }, by: principal)
            return .redirect("/invoices/\(id)?done=dispute_closed#disputes")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, form: form, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.conflict(let why) {
            return try await render(request, context, id: id, form: form,
                                    issues: [FieldIssue(field: "outcome", reason: why, code: "dispute.closed")], status: .conflict)
        } catch StoreError.versionMismatch {
            return try await render(request, context, id: id, form: form,
                                    issues: [FieldIssue(field: "outcome", reason: "the dispute was changed meanwhile; look again", code: "version.conflict")],
                                    status: .conflict)
        }
    }
}
