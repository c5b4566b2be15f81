import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/recovery-cases`: the list (status, owner, customer; cursor paging), one case, open one
/// by hand, change it (PATCH with If-Match) and close it as recovered or not (If-Match).
struct RecoveryCasesController {
    let cases: RecoveryCases

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("recovery-cases", use: list)
        group.post("recovery-cases", use: create)
        group.get("recovery-cases/:id", use: show)
        group.patch("recovery-cases/:id", use: update)
        group.post("recovery-cases/:id/close", use: close)
    }

    static func id(_ context: AppRequestContext) throws -> Int64 { try RouteID.require(context, resource: "recovery case") }

    /// The queue's filters; `strict` (the API) refuses an empty one, the page sends them empty for "all".
    static func query(_ request: Request, strict: Bool = true) throws -> RecoveryQuery {
        let p = FormData.query(request)
        var query = RecoveryQuery(limit: try ListQuery.limit(request))
        query.status = try TicketsController.enumValue(p.get("status"), "status", strict: strict)
        query.ownerId = try TicketsController.idParam(p.get("owner"), "owner", strict: strict)
        query.customerId = try TicketsController.idParam(p.get("customer"), "customer", strict: strict)
        query.after = try ListQuery.after(request, Cursor.decode)
        return query
    }

    static func response(_ c: RecoveryCase, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers: HTTPFields = [.eTag: "\"\(c.version)\""]
        if status == .created { headers[.location] = "/api/v1/recovery-cases/\(c.id)" }
        return try JSONResponse.make(RecoveryCaseDTO(c), status: status, headers: headers)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await cases.list(try Self.query(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(RecoveryCaseDTO.init), next: page.next))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.response(try await cases.get(try Self.id(context), by: try context.principal()))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.recoveryManage, to: "open recovery cases")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["customerId", "ticketId", "cause"])
        let customer = Self.idValue(&body, "customerId")
        let ticket = Self.idValue(&body, "ticketId")
        let cause = body.string("cause")
        if customer == nil, !body.issues.contains(where: { $0.field == "customerId" }) {
            body.append(FieldIssue(field: "customerId", reason: "is required", code: "required"))
        }
        try body.check()
        let c = try await cases.open(customerId: customer ?? 0, ticketId: ticket, cause: cause, by: principal)
        return try Self.response(c, status: .created)
    }

    static func idValue(_ body: inout JSONBody, _ key: String) -> Int64? {
        guard let raw = body.id(key) else { return nil }
        guard let id = Int64(PersianText.latinDigits(raw)), id > 0 else {
            body.append(FieldIssue(field: key, reason: "must be an id", code: "json.id"))
            return nil
        }
        return id
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        try principal.require(.recoveryManage, to: "change recovery cases")
        let expected = try TicketsController.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["cause", "remedy", "outcome", "ownerId", "compensationKind", "compensationAmount", "compensationPoints", "returnId"])
        var change = RecoveryCaseChange(cause: body.string("cause"), remedy: body.string("remedy"), outcome: body.string("outcome"))
        change.ownerId = Self.idValue(&body, "ownerId")
        change.returnId = Self.idValue(&body, "returnId")
        if let raw = body.string("compensationKind") {
            if let kind = CompensationKind(rawValue: raw) { change.compensationKind = kind } else {
                let all = CompensationKind.allCases.map(\.rawValue).joined(separator: ", ")
                body.append(FieldIssue(field: "compensationKind", reason: "must be one of \(all)", code: "choice.unknown", params: ["allowed": all]))
            }
        }
        if case .object(let money)? = body.object["compensationAmount"] {
            if case .string(let amount)? = money["amount"] { change.compensationAmount = amount } else {
                body.append(FieldIssue(field: "compensationAmount.amount", reason: "must be a decimal string", code: "json.decimal"))
            }
            if case .string(let currency)? = money["currency"] { change.compensationCurrency = currency }
        } else if body.has("compensationAmount"), !body.isNull("compensationAmount") {
            body.append(FieldIssue(field: "compensationAmount", reason: "must be {\"amount\": \"…\", \"currency\": \"IRR\"}", code: "json.money"))
        }
        change.compensationPoints = body.int("compensationPoints", in: 0...1_000_000_000).map(Int64.init)
        try body.check()
        return try Self.response(try await cases.update(id, change, expectedVersion: expected, by: principal))
    }

    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        try principal.require(.recoveryManage, to: "close recovery cases")
        let expected = try TicketsController.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["result", "outcome"])
        let result = body.string("result")
        if result != "recovered" && result != "not_recovered", !body.issues.contains(where: { $0.field == "result" }) {
            body.append(FieldIssue(field: "result", reason: "must be recovered or not_recovered", code: "choice.unknown",
                                   params: ["allowed": "recovered, not_recovered"]))
        }
        let outcome = body.string("outcome")
        try body.check()
        return try Self.response(try await cases.close(id, recovered: result == "recovered", outcome: outcome, expectedVersion: expected, by: principal))
    }
}
