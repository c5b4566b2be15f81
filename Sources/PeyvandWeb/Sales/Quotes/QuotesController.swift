import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Quotes over the API: `/api/v1/quotes` (list, create from `{dealId}` or lines), `/api/v1/quotes/{id}`
/// (get, PATCH a draft with If-Match), and `send`, `accept`, `decline`, `cancel`.
struct QuotesController {
    let quotes: QuoteRepository
    let messaging: CustomerMessaging
    let publicURL: String

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("quotes", use: list)
        group.post("quotes", use: create)
        group.get("quotes/:id", use: show)
        group.patch("quotes/:id", use: update)
        group.post("quotes/:id/send", use: send)
        group.post("quotes/:id/accept", use: accept)
        group.post("quotes/:id/decline", use: decline)
        group.post("quotes/:id/cancel", use: cancel)
    }

    static let lineFields: Set<String> = ["productId", "sku", "description", "quantity", "unitPrice", "discount", "discountPercent"]

    static func lines(_ body: inout JSONBody) -> [OrderLineInput]? {
        guard let lines = body.objects("lines") else { return nil }
        var result: [OrderLineInput] = []
        for (i, var line) in lines.enumerated() {
            line.allow(only: lineFields)
            var productId: Int64?
            if let raw = line.id("productId") {
                if let id = Int64(raw), id > 0 { productId = id } else { line.append(FieldIssue(field: "productId", reason: "must be a product id", code: "json.id")) }
            }
            let quantity = line.decimal("quantity")
            if quantity == nil { line.append(FieldIssue(field: "quantity", reason: "is required", code: "required")) }
            result.append(OrderLineInput(productId: productId, sku: line.string("sku"), description: line.string("description"),
                                         quantity: quantity ?? "0", unitPrice: line.decimal("unitPrice"), discount: line.decimal("discount"),
                                         discountPercent: line.decimal("discountPercent")))
            body.absorb(line, as: "lines[\(i)]")
        }
        return result
    }

    static func positiveId(_ body: inout JSONBody, _ key: String) -> Int64? {
        guard let raw = body.id(key) else { return nil }
        if let id = Int64(raw), id > 0 { return id }
        body.append(FieldIssue(field: key, reason: "must be an id", code: "json.id"))
        return nil
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["dealId", "customerId", "currency", "language", "validUntil", "taxRate", "notes", "terms", "lines"])
        let input = QuoteInput(dealId: Self.positiveId(&body, "dealId"), customerId: Self.positiveId(&body, "customerId"), currency: body.string("currency"),
                               language: body.string("language"), validUntil: AgreementDay.read(&body, "validUntil"), taxRate: body.decimal("taxRate"),
                               notes: body.string("notes"), terms: body.string("terms"), lines: Self.lines(&body))
        try body.check()
        let quote = try await quotes.create(input, by: try context.principal())
        return try JSONResponse.make(QuoteDTO(quote), status: .created, headers: [.location: "/api/v1/quotes/\(quote.id)"])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(QuoteDTO(try await quotes.get(try RouteID.require(context, resource: "quote"), by: try context.principal())))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = FormData.query(request)
        var filter = QuoteRepository.Filter()
        if let raw = query.get("status") {
            guard let s = QuoteStatus(rawValue: raw) else {
                throw Problem.badRequest("status must be one of \(QuoteStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            filter.status = s
        }
        for (key, path) in [("customerId", \QuoteRepository.Filter.customerId), ("dealId", \QuoteRepository.Filter.dealId)] {
            if let raw = query.get(key) {
                guard let id = Int64(raw), id > 0 else { throw Problem.badRequest("\(key) must be an id", field: key) }
                filter[keyPath: path] = id
            }
        }
        let after = try ListQuery.after(request, Cursor.decode)
        let page = try await quotes.list(filter, after: after, limit: try ListQuery.limit(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(QuoteDTO.init), next: page.next))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "quote")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["language", "validUntil", "taxRate", "notes", "terms", "lines"])
        var patch = QuotePatch(language: body.string("language"), validUntil: AgreementDay.read(&body, "validUntil"), taxRate: body.decimal("taxRate"),
                               lines: Self.lines(&body))
        if body.has("notes") { patch.notes = .some(body.string("notes")) }
        if body.has("terms") { patch.terms = .some(body.string("terms")) }
        try body.check()
        let quote = try await quotes.update(id, patch, expectedVersion: try AgreementVersion.version(request), by: try context.principal())
        return try JSONResponse.make(QuoteDTO(quote))
    }

    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "quote")
        var channel: ContactChannel?
        if var body = try await JSONBody.readOptional(request, context) {
            body.allow(only: ["channel"])
            if let raw = body.string("channel") {
                channel = ContactChannel(rawValue: raw)
                if channel == nil { body.append(FieldIssue(field: "channel", reason: "must be email, sms or messenger", code: "choice.unknown")) }
            }
            try body.check()
        }
        let (quote, _) = try await quotes.send(id, expectedVersion: try AgreementVersion.version(request), channel: channel, messaging: messaging,
                                               publicURL: publicURL, by: try context.principal())
        return try JSONResponse.make(QuoteDTO(quote))
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "quote")
        let quote = try await quotes.accept(id, expectedVersion: try AgreementVersion.version(request), by: try context.principal())
        return try JSONResponse.make(QuoteDTO(quote))
    }

    @Sendable func decline(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "quote")
        var reason: String?
        if var body = try await JSONBody.readOptional(request, context) {
            body.allow(only: ["reason"])
            reason = body.string("reason")
            if let r = reason, r.count > 1000 { body.append(FieldIssue(field: "reason", reason: "at most 1000 characters", code: "text.tooLong", params: ["max": "1000"])) }
            try body.check()
        }
        let quote = try await quotes.decline(id, reason: reason, expectedVersion: try AgreementVersion.version(request), by: try context.principal())
        return try JSONResponse.make(QuoteDTO(quote))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "quote")
        let quote = try await quotes.cancel(id, expectedVersion: try AgreementVersion.version(request), by: try context.principal())
        return try JSONResponse.make(QuoteDTO(quote))
    }
}
