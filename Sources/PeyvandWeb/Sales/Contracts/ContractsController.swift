import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Contracts over the API: `/api/v1/contracts` (list, with `endingWithinDays`; create),
/// `/api/v1/contracts/{id}` (get, PATCH with If-Match), `activate`, `end`, `cancel`, `renew`, and
/// the documents kept with it.
struct ContractsController {
    let contracts: ContractRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("contracts", use: list)
        group.post("contracts", use: create)
        group.get("contracts/:id", use: show)
        group.patch("contracts/:id", use: update)
        group.post("contracts/:id/activate", use: activate)
        group.post("contracts/:id/end", use: end)
        group.post("contracts/:id/cancel", use: cancel)
        group.post("contracts/:id/renew", use: renew)
        group.post("contracts/:id/documents", use: attach)
        group.delete("contracts/:id/documents/:document", use: detach)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["customerId", "dealId", "title", "parties", "value", "currency", "start", "end", "terms", "renewalNoticeDays", "ownerId", "activate"])
        let title = body.string("title")
        if title == nil { body.append(FieldIssue(field: "title", reason: "is required", code: "required")) }
        let input = ContractInput(customerId: QuotesController.positiveId(&body, "customerId"), dealId: QuotesController.positiveId(&body, "dealId"),
                                  title: title ?? "", parties: body.string("parties"), value: body.decimal("value"), currency: body.string("currency"),
                                  start: AgreementDay.read(&body, "start"), end: AgreementDay.read(&body, "end"), terms: body.string("terms"),
                                  renewalNoticeDays: body.int("renewalNoticeDays", in: 0...365), ownerId: QuotesController.positiveId(&body, "ownerId"),
                                  activate: body.bool("activate") ?? false)
        try body.check()
        let contract = try await contracts.create(input, by: try context.principal())
        return try JSONResponse.make(ContractDTO(contract), status: .created, headers: [.location: "/api/v1/contracts/\(contract.id)"])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(ContractDTO(try await contracts.get(try RouteID.require(context, resource: "contract"), by: try context.principal())))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = FormData.query(request)
        var filter = ContractRepository.Filter()
        if let raw = query.get("status") {
            guard let s = ContractStatus(rawValue: raw) else {
                throw Problem.badRequest("status must be one of \(ContractStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            filter.status = s
        }
        if let raw = query.get("customerId") {
            guard let id = Int64(raw), id > 0 else { throw Problem.badRequest("customerId must be an id", field: "customerId") }
            filter.customerId = id
        }
        if let raw = query.get("endingWithinDays") {
            guard let days = Int(raw), (0...3660).contains(days) else {
                throw Problem.badRequest("endingWithinDays must be a whole number from 0 to 3660", field: "endingWithinDays")
            }
            filter.endingWithinDays = days
        }
        let after = try ListQuery.after(request, Cursor.decode)
        let page = try await contracts.list(filter, after: after, limit: try ListQuery.limit(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(ContractDTO.init), next: page.next))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["title", "parties", "value", "start", "end", "terms", "renewalNoticeDays", "ownerId"])
        var patch = ContractPatch(title: body.string("title"), value: body.decimal("value"), start: AgreementDay.read(&body, "start"),
                                  end: AgreementDay.read(&body, "end"), renewalNoticeDays: body.int("renewalNoticeDays", in: 0...365),
                                  ownerId: QuotesController.positiveId(&body, "ownerId"))
        if body.has("parties") { patch.parties = .some(body.string("parties")) }
        if body.has("terms") { patch.terms = .some(body.string("terms")) }
        try body.check()
        let contract = try await contracts.update(id, patch, expectedVersion: try AgreementVersion.version(request), by: try context.principal())
        return try JSONResponse.make(ContractDTO(contract))
    }

    func move(_ request: Request, _ context: AppRequestContext,
              _ action: (Int64, Int?, Principal) async throws -> Contract) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        return try JSONResponse.make(ContractDTO(try await action(id, try AgreementVersion.version(request), try context.principal())))
    }

    @Sendable func activate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await move(request, context) { try await contracts.activate($0, expectedVersion: $1, by: $2) }
    }

    @Sendable func end(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await move(request, context) { try await contracts.end($0, expectedVersion: $1, by: $2) }
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await move(request, context) { try await contracts.cancel($0, expectedVersion: $1, by: $2) }
    }

    @Sendable func renew(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        var renewal = ContractRenewal()
        if var body = try await JSONBody.readOptional(request, context) {
            body.allow(only: ["start", "end", "value", "terms"])
            renewal = ContractRenewal(start: AgreementDay.read(&body, "start"), end: AgreementDay.read(&body, "end"), value: body.decimal("value"))
            if body.has("terms") { renewal.terms = .some(body.string("terms")) }
            try body.check()
        }
        let next = try await contracts.renew(id, renewal, expectedVersion: try AgreementVersion.version(request), by: try context.principal())
        return try JSONResponse.make(ContractDTO(next), status: .created, headers: [.location: "/api/v1/contracts/\(next.id)"])
    }

    @Sendable func attach(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["documentId"])
        let documentId = QuotesController.positiveId(&body, "documentId")
        if documentId == nil, !body.has("documentId") { body.append(FieldIssue(field: "documentId", reason: "is required", code: "required")) }
        try body.check()
        let contract = try await contracts.attach(documentId: documentId ?? 0, to: id, by: try context.principal())
        return try JSONResponse.make(ContractDTO(contract))
    }

    @Sendable func detach(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        let document = try RouteID.require(context, "document", resource: "document")
        _ = try await contracts.detach(documentId: document, from: id, by: try context.principal())
        return Response(status: .noContent)
    }
}
