import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import SQLKit
import Testing

/// Quotes and contracts through the router: built from a deal, changed with If-Match, accepted into
/// an order, renewed; each refusal with its status and problem+json.
@Suite struct QuotesAPITests {
    struct MoneyBody: Decodable, Equatable { let amount: String; let currency: String }
    struct LineBody: Decodable, Equatable { let productId: String?; let description: String; let quantity: String; let unitPrice: MoneyBody; let discount: MoneyBody; let total: MoneyBody }
    struct QuoteBody: Decodable { let id: String; let number: String; let status: String; let total: MoneyBody; let tax: MoneyBody; let orderId: String?; let version: Int; let lines: [LineBody] }
    struct OrderLine: Decodable { let productId: String?; let description: String; let quantity: String; let unitPrice: MoneyBody; let discount: MoneyBody; let total: MoneyBody }
    struct OrderBody: Decodable { let id: String; let status: String; let total: MoneyBody; let lines: [OrderLine] }
    struct ContractBody: Decodable { let id: String; let number: String; let status: String; let start: String; let end: String; let value: MoneyBody; let renewedFromId: String? }
    struct List<Item: Decodable>: Decodable { let items: [Item]; let next: String? }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(buffer: response.body))
    }

    /// A product, a customer and a deal with one line of 3 × 1,000,000 less 100,000.
    static func deal(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (customerId: String, productId: String, dealId: Int64) {
        _ = try await client.send(.post, "/api/v1/price-lists", headers: app.auth, json: #"{"name":"retail","currency":"IRR"}"#)
        let product = try decode(LineProduct.self, try await client.send(.post, "/api/v1/products", headers: app.auth,
                                                                          json: #"{"sku":"TEA-1","name":"چای","cost":"600000","prices":{"retail":"1000000"}}"#))
        let customer = try decode(IdBody.self, try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"مریم"}"#))
        let row = try await app.database.sql.raw("""
            INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, currency, amount_minor, amount_base_minor, stage_entered_at, created_at, updated_at)
            VALUES (1, 3, 'open', 'چای', \(bind: Int64(customer.id)!), 'IRR', 2900000, 2900000, 0, 0, 0) RETURNING id
            """).first()
        let dealId = try row!.decode(column: "id", as: Int64.self)
        try await app.database.sql.raw("""
            INSERT INTO deal_lines (deal_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor)
            VALUES (\(bind: dealId), 1, \(bind: Int64(product.id)!), 'چای', 3000, 1000000, 100000)
            """).run()
        return (customer.id, product.id, dealId)
    }
    struct LineProduct: Decodable { let id: String }

    @Test("a quote from a deal is changed with If-Match, accepted into an order with the same lines, and a second answer is 409")
    func quoteToOrder() async throws {
        try await TestApp.with { app, client in
            let (_, productId, dealId) = try await Self.deal(app, client)
            let created = try await client.send(.post, "/api/v1/quotes", headers: app.auth, json: #"{"dealId":"\#(dealId)"}"#)
            #expect(created.status == .created)
            let quote = try Self.decode(QuoteBody.self, created)
            #expect(created.headers[.location] == "/api/v1/quotes/\(quote.id)")
            #expect(quote.status == "draft" && quote.total == MoneyBody(amount: "3190000", currency: "IRR") && quote.lines[0].productId == productId)
            var stale = app.auth
            stale[.ifMatch] = String(quote.version + 5)
            #expect(try await client.send(.patch, "/api/v1/quotes/\(quote.id)", headers: stale, json: #"{"taxRate":"9"}"#).status == .preconditionFailed)
            var current = app.auth
            current[.ifMatch] = String(quote.version)
            let patched = try Self.decode(QuoteBody.self, try await client.send(.patch, "/api/v1/quotes/\(quote.id)", headers: current,
                                                                                 json: #"{"taxRate":"9","notes":null}"#))
            #expect(patched.tax == MoneyBody(amount: "261000", currency: "IRR") && patched.version == quote.version + 1)
            let accepted = try await client.send(.post, "/api/v1/quotes/\(quote.id)/accept", headers: app.auth)
            #expect(accepted.status == .ok)
            let settled = try Self.decode(QuoteBody.self, accepted)
            let orderId = try #require(settled.orderId)
            let order = try Self.decode(OrderBody.self, try await client.send(.get, "/api/v1/orders/\(orderId)", headers: app.auth))
            #expect(order.status == "confirmed" && order.total == patched.total)
            #expect(order.lines.map { LineBody(productId: $0.productId, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                                               discount: $0.discount, total: $0.total) } == patched.lines)
            let again = try await client.send(.post, "/api/v1/quotes/\(quote.id)/decline", headers: app.auth, json: #"{"reason":"late"}"#)
            #expect(again.status == .conflict)
            #expect(again.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let list = try Self.decode(List<QuoteBody>.self, try await client.send(.get, "/api/v1/quotes?status=accepted&dealId=\(dealId)", headers: app.auth))
            #expect(list.items.map(\.id) == [quote.id])
            #expect(try await client.send(.get, "/api/v1/quotes?status=won", headers: app.auth).status == .badRequest)
        }
    }

    @Test("a quote on an archived product, a negative quantity, or an unknown field is refused with the field named, nothing stored")
    func badQuotes() async throws {
        try await TestApp.with { app, client in
            let (customerId, productId, dealId) = try await Self.deal(app, client)
            try await app.database.sql.raw("UPDATE products SET active = \(bind: false)").run()
            let archived = try await client.send(.post, "/api/v1/quotes", headers: app.auth, json: #"{"dealId":"\#(dealId)"}"#)
            #expect(archived.status == .unprocessableContent)
            let problem = try archived.decoded(ProblemBody.self)
            #expect(problem.errors?.contains { $0.field == "lines[0].productId" && $0.code == "product.archived" } == true)
            let negative = try await client.send(.post, "/api/v1/quotes", headers: app.auth,
                                                 json: #"{"customerId":"\#(customerId)","lines":[{"description":"x","quantity":"-2","unitPrice":"10"}],"colour":"red"}"#)
            #expect(negative.status == .unprocessableContent)
            let fields = Set(try negative.decoded(ProblemBody.self).errors?.map(\.field) ?? [])
            #expect(fields.contains("colour"))
            let noLines = try await client.send(.post, "/api/v1/quotes", headers: app.auth, json: #"{"customerId":"\#(customerId)","lines":[],"validUntil":"2020-01-01"}"#)
            #expect(Set(try noLines.decoded(ProblemBody.self).errors?.map(\.field) ?? []) == ["lines", "validUntil"])
            let count = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM quotes").first()!.decode(column: "n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test("contracts: created, listed by how soon they end, renewed (201 with the next term), refused with 422 and 400 on bad input")
    func contracts() async throws {
        try await TestApp.with { app, client in
            let (customerId, _, _) = try await Self.deal(app, client)
            let today = Tehran.day(of: Date())
            func day(_ d: JalaliDate) -> String { let g = d.gregorian; return String(format: "%04d-%02d-%02d", g.year, g.month, g.day) }
            let created = try await client.send(.post, "/api/v1/contracts", headers: app.auth, json: """
                {"customerId":"\(customerId)","title":"پشتیبانی","value":"5000000","start":"\(day(today.adding(days: -100)))","end":"\(day(today.adding(days: 12)))","activate":true}
                """)
            #expect(created.status == .created)
            let contract = try Self.decode(ContractBody.self, created)
            #expect(contract.status == "active" && contract.value == MoneyBody(amount: "5000000", currency: "IRR"))
            let soon = try Self.decode(List<ContractBody>.self, try await client.send(.get, "/api/v1/contracts?endingWithinDays=30", headers: app.auth))
            #expect(soon.items.map(\.id) == [contract.id])
            #expect(try Self.decode(List<ContractBody>.self, try await client.send(.get, "/api/v1/contracts?endingWithinDays=5", headers: app.auth)).items.isEmpty)
            #expect(try await client.send(.get, "/api/v1/contracts?endingWithinDays=-1", headers: app.auth).status == .badRequest)
            let renewed = try await client.send(.post, "/api/v1/contracts/\(contract.id)/renew", headers: app.auth)
            #expect(renewed.status == .created)
            let next = try Self.decode(ContractBody.self, renewed)
            #expect(next.renewedFromId == contract.id && next.start == day(today.adding(days: 13)))
            #expect(try await client.send(.post, "/api/v1/contracts/\(contract.id)/renew", headers: app.auth).status == .conflict)
            let bad = try await client.send(.post, "/api/v1/contracts", headers: app.auth, json: """
                {"customerId":"\(customerId)","title":"x","value":"-1","start":"2026-02-30","end":"2026-01-01"}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(try bad.decoded(ProblemBody.self).errors?.map(\.field) ?? []).isSuperset(of: ["start"]))
        }
    }

    @Test("a role without quotes.write reads quotes but may not build one; one without sales.read may not list them")
    func roles() async throws {
        try await TestApp.with { app, client in
            let (_, _, dealId) = try await Self.deal(app, client)
            let (_, executive) = try await app.token(for: .executive, email: "exec@example.test")
            let headers: HTTPFields = [.authorization: "Bearer \(executive)", .contentType: "application/json"]
            #expect(try await client.send(.post, "/api/v1/quotes", headers: headers, json: #"{"dealId":"\#(dealId)"}"#).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/quotes", headers: headers).status == .ok)
            #expect(try await client.send(.post, "/api/v1/contracts", headers: headers, json: #"{"title":"x"}"#).status != .created)
        }
    }
}
