import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The satisfaction classes and payment disputes through the API:
/// `GET /api/v1/customers/{id}/satisfaction`, `POST /api/v1/customers/{id}/satisfaction/assess`,
/// `POST /api/v1/payments/{id}/disputes`, `GET /api/v1/payment-disputes` (customer, open),
/// `GET /api/v1/payment-disputes/{id}`, `POST /api/v1/payment-disputes/{id}/close` (If-Match).
struct SatisfactionController {
    let satisfaction: Satisfaction
    let disputes: PaymentDisputes

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/:id/satisfaction", use: show)
        group.post("customers/:id/satisfaction/assess", use: assess)
        group.post("payments/:id/disputes", use: openDispute)
        group.get("payment-disputes", use: listDisputes)
        group.get("payment-disputes/:id", use: showDispute)
        group.post("payment-disputes/:id/close", use: closeDispute)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        let principal = try context.principal()
        let current = try await satisfaction.current(of: id, by: principal)
        let changes = try await satisfaction.changesUnchecked(of: id, limit: 20)
        return try JSONResponse.make(SatisfactionDTO(customerId: id, current, changes: changes, language: context.language))
    }

    @Sendable func assess(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        let principal = try context.principal()
        let current = try await satisfaction.assess(id, by: principal)
        let changes = try await satisfaction.changesUnchecked(of: id, limit: 20)
        return try JSONResponse.make(SatisfactionDTO(customerId: id, current, changes: changes, language: context.language))
    }

    @Sendable func openDispute(_ request: Request, context: AppRequestContext) async throws -> Response {
        let paymentId = try RouteID.require(context, resource: "payment")
        let principal = try context.principal()
        try principal.require(.financeWrite, to: "record payment disputes")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["reason"])
        let reason = body.string("reason")
        if reason == nil, !body.issues.contains(where: { $0.field == "reason" }) {
            body.append(FieldIssue(field: "reason", reason: "is required", code: "required"))
        }
        try body.check()
        let dispute = try await disputes.open(paymentId: paymentId, reason: reason ?? "", by: principal)
        return try JSONResponse.make(PaymentDisputeDTO(dispute), status: .created, headers: [
            .location: "/api/v1/payment-disputes/\(dispute.id)", .eTag: "\"\(dispute.version)\"",
        ])
    }

    @Sendable func listDisputes(_ request: Request, context: AppRequestContext) async throws -> Response {
        let p = FormData.query(request)
        let customer = try TicketsController.idParam(p.get("customer"), "customer", strict: true)
        var open: Bool?
        if let raw = p.get("open") {
            guard let flag = Bool(raw.lowercased()) else { throw Problem.badRequest("open must be true or false", field: "open") }
            open = flag
        }
        let limit = try ListQuery.limit(request)
        let before = try ListQuery.after(request, Cursor.decode)
        let items = try await disputes.list(customerId: customer, open: open, before: before, limit: limit + 1, by: try context.principal())
        let next = items.count > limit ? items.prefix(limit).last.map { Cursor.encode($0.id) } : nil
        return try JSONResponse.make(ListBody(items: items.prefix(limit).map(PaymentDisputeDTO.init), next: next))
    }

    @Sendable func showDispute(_ request: Request, context: AppRequestContext) async throws -> Response {
        let dispute = try await disputes.get(try RouteID.require(context, resource: "payment dispute"), by: try context.principal())
        return try JSONResponse.make(PaymentDisputeDTO(dispute), headers: [.eTag: "\"\(dispute.version)\""])
    }

    @Sendable func closeDispute(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "payment dispute")
        let principal = try context.principal()
        try principal.require(.financeWrite, to: "record payment disputes")
        let expected = try Self.ifMatch(request)
        // The precondition before the body (RFC 9110): a stale version is 412 whatever the body says.
        let current = try await disputes.get(id, by: principal)
        if let expected, expected != current.version { throw StoreError.versionMismatch(current: current.version) }
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["outcome"])
        let outcome = body.string("outcome")
        if outcome == nil, !body.issues.contains(where: { $0.field == "outcome" }) {
            body.append(FieldIssue(field: "outcome", reason: "is required", code: "required"))
        } else if let outcome, PaymentDisputeOutcome(rawValue: outcome) == nil {
            let all = PaymentDisputeOutcome.allCases.map(\.rawValue).joined(separator: ", ")
            body.append(FieldIssue(field: "outcome", reason: "must be one of \(all)", code: "choice.unknown", params: ["allowed": all]))
        }
        try body.check()
        let dispute = try await disputes.close(id, outcome: outcome, expectedVersion: expected, by: principal)
        return try JSONResponse.make(PaymentDisputeDTO(dispute), headers: [.eTag: "\"\(dispute.version)\""])
    }

    static func ifMatch(_ request: Request) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(trimmed) else { throw Problem.badRequest("If-Match must be the dispute's version, e.g. \"1\"", field: "If-Match") }
        return version
    }
}
