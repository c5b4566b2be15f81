import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Orders and what happens to them: `/api/v1/customers/{id}/orders`, `/api/v1/orders`,
/// `/api/v1/orders/{id}` with `confirm`, `cancel`, `close`, `shipments`, `returns` and `invoice`.
struct OrdersController {
    let orders: OrderRepository
    let invoices: InvoiceRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/:id/orders", use: listOfCustomer)
        group.post("customers/:id/orders", use: create)
        group.get("orders", use: list)
        group.get("orders/:id", use: show)
        group.post("orders/:id/confirm", use: confirm)
        group.post("orders/:id/cancel", use: cancel)
        group.post("orders/:id/close", use: close)
        group.post("orders/:id/shipments", use: ship)
        group.post("orders/:id/shipments/:shipment/delivered", use: deliver)
        group.post("orders/:id/returns", use: returnLine)
        group.post("orders/:id/invoice", use: invoice)
    }

    static let lineFields: Set<String> = ["productId", "sku", "description", "quantity", "unitPrice", "discount", "discountPercent", "taxRate"]

    static func input(_ body: inout JSONBody) -> OrderInput {
        body.allow(only: ["currency", "priceListId", "channel", "externalRef", "orderedAt", "note", "lines", "confirm"])
        var input = OrderInput(currency: body.string("currency"), channel: body.string("channel"), externalRef: body.string("externalRef"),
                               orderedAt: body.instant("orderedAt"), note: body.string("note"), lines: [], confirm: body.bool("confirm") ?? false)
        if let raw = body.id("priceListId") {
            if let id = Int64(raw), id > 0 { input.priceListId = id } else { body.append(FieldIssue(field: "priceListId", reason: "must be a price list id", code: "json.id")) }
        }
        guard let lines = body.objects("lines") else {
            if !body.has("lines") { body.append(FieldIssue(field: "lines", reason: "is required", code: "required")) }
            return input
        }
        for (i, var line) in lines.enumerated() {
            line.allow(only: lineFields)
            var productId: Int64?
            if let raw = line.id("productId") {
                if let id = Int64(raw), id > 0 { productId = id } else { line.append(FieldIssue(field: "productId", reason: "must be a product id", code: "json.id")) }
            }
            let quantity = line.decimal("quantity")
            if quantity == nil { line.append(FieldIssue(field: "quantity", reason: "is required", code: "required")) }
            input.lines.append(OrderLineInput(productId: productId, sku: line.string("sku"), description: line.string("description"),
                                              quantity: quantity ?? "0", unitPrice: line.decimal("unitPrice"), discount: line.decimal("discount"),
                                              discountPercent: line.decimal("discountPercent"), taxRate: line.decimal("taxRate")))
            body.absorb(line, as: "lines[\(i)]")
        }
        return input
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let customerId = try RouteID.require(context, resource: "customer")
        var body = try await JSONBody.read(request, context)
        let input = Self.input(&body)
        try body.check()
        let (order, created) = try await orders.create(customerId: customerId, input, by: try context.principal())
        return try JSONResponse.make(OrderDTO(order), status: created ? .created : .ok, headers: [.location: "/api/v1/orders/\(order.id)"])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(OrderDTO(try await orders.get(try RouteID.require(context, resource: "order"), by: try context.principal())))
    }

    @Sendable func listOfCustomer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let before = try ListQuery.after(request, TimelineCursor.decode)
        let page = try await orders.list(customerId: try RouteID.require(context, resource: "customer"), before: before,
                                         limit: try ListQuery.limit(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(OrderDTO.init), next: page.next))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = FormData.query(request)
        var status: OrderStatus?
        if let raw = query.get("status") {
            guard let s = OrderStatus(rawValue: raw) else {
                throw Problem.badRequest("status must be one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            status = s
        }
        let after = try ListQuery.after(request, Cursor.decode)
        let page = try await orders.list(status: status, after: after, limit: try ListQuery.limit(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(OrderDTO.init), next: page.next))
    }

    func transition(_ event: OrderEvent, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        var expected: Int?
        if let raw = request.headers[.ifMatch] {
            guard let v = Int(raw.trimmingCharacters(in: CharacterSet(charactersIn: "\"W/ "))) else {
                throw Problem.badRequest("If-Match must be the order's version", field: "If-Match")
            }
            expected = v
        }
        let order = try await orders.apply(event, to: try RouteID.require(context, resource: "order"), expectedVersion: expected, by: try context.principal())
        return try JSONResponse.make(OrderDTO(order))
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response { try await transition(.confirm, request, context) }
    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response { try await transition(.cancel, request, context) }
    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> Response { try await transition(.close, request, context) }

    @Sendable func ship(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "order")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["carrier", "tracking", "shippedAt", "lines"])
        var input = ShipmentInput(carrier: body.string("carrier"), tracking: body.string("tracking"), shippedAt: body.instant("shippedAt"))
        if case .object(let lines)? = body.object["lines"] {
            for (key, value) in lines {
                guard let lineId = Int64(key), lineId > 0 else { body.append(FieldIssue(field: "lines.\(key)", reason: "must be an order line id", code: "json.id")); continue }
                switch value {
                case .string(let s): input.lines[lineId] = s
                case .number(let n) where n.isFinite && abs(n) < 1e12: input.lines[lineId] = String(n)
                default: body.append(FieldIssue(field: "lines.\(key)", reason: "must be a decimal quantity", code: "json.decimal"))
                }
            }
        } else if body.has("lines"), !body.isNull("lines") {
            body.append(FieldIssue(field: "lines", reason: "must be an object of order line id to quantity", code: "json.stringMap"))
        }
        try body.check()
        let order = try await orders.ship(id, input, by: try context.principal())
        return try JSONResponse.make(OrderDTO(order), status: .created)
    }

    @Sendable func deliver(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "order")
        guard let raw = context.parameters.get("shipment"), let shipment = Int64(raw), shipment > 0 else {
            throw Problem(.notFound, "not-found", "Not found", detail: "shipment ids are positive whole numbers")
        }
        var at: Date?
        if var body = try await JSONBody.readOptional(request, context) {
            body.allow(only: ["deliveredAt"])
            at = body.instant("deliveredAt")
            try body.check()
        }
        return try JSONResponse.make(OrderDTO(try await orders.deliver(id, shipment: shipment, at: at, by: try context.principal())))
    }

    @Sendable func returnLine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "order")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["orderLineId", "quantity", "reason", "restock", "returnedAt"])
        let line = body.id("orderLineId").flatMap { Int64($0) }
        if line == nil { body.append(FieldIssue(field: "orderLineId", reason: "is required", code: "required")) }
        let quantity = body.decimal("quantity")
        if quantity == nil { body.append(FieldIssue(field: "quantity", reason: "is required", code: "required")) }
        let reason = body.string("reason")
        if reason == nil { body.append(FieldIssue(field: "reason", reason: "is required", code: "required")) }
        let input = ReturnInput(orderLineId: line ?? 0, quantity: quantity ?? "", reason: reason ?? "", restock: body.bool("restock") ?? true,
                                returnedAt: body.instant("returnedAt"))
        try body.check()
        return try JSONResponse.make(OrderDTO(try await orders.returnLine(id, input, by: try context.principal())), status: .created)
    }

    @Sendable func invoice(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "order")
        var terms = 30
        var issuedAt: Date?
        if var body = try await JSONBody.readOptional(request, context) {
            body.allow(only: ["termsDays", "issuedAt"])
            terms = body.int("termsDays", in: 0...365) ?? 30
            issuedAt = body.instant("issuedAt")
            try body.check()
        }
        let invoice = try await invoices.invoice(orderId: id, termsDays: terms, issuedAt: issuedAt, by: try context.principal())
        return try JSONResponse.make(InvoiceDTO(invoice), status: .created, headers: [.location: "/api/v1/invoices/\(invoice.id)"])
    }
}
