import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// Products, orders, invoices, payments and analytics through the router, each answer decoded
/// into the shape the OpenAPI document gives it.
@Suite struct CommerceAPITests {
    struct MoneyBody: Decodable, Equatable { let amount: String; let currency: String }
    struct ProductBody: Decodable { let id: String; let sku: String; let cost: MoneyBody; let active: Bool }
    struct LineBody: Decodable { let id: String; let quantity: String; let total: MoneyBody }
    struct ShipmentBody: Decodable { let id: String; let carrier: String? }
    struct InvoiceBody: Decodable { let id: String; let number: String; let orderId: String; let total: MoneyBody; let termsDays: Int }
    struct OrderBody: Decodable {
        let id: String; let status: String; let total: MoneyBody; let lines: [LineBody]
        let shipments: [ShipmentBody]; let invoices: [InvoiceBody]; let version: Int
    }
    struct PaymentBody: Decodable { let id: String; let invoiceId: String; let amount: MoneyBody; let method: String }
    struct List<Item: Decodable>: Decodable { let items: [Item]; let next: String? }
    struct Problem: Decodable { let status: Int; let type: String; let detail: String }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(buffer: response.body))
    }

    @Test("a product sold on an order that is confirmed, shipped, invoiced and paid, each answer in its documented shape")
    func orderToPayment() async throws {
        try await TestApp.with { app, client in
            #expect(try await client.send(.post, "/api/v1/price-lists", headers: app.auth, json: #"{"name":"retail","currency":"IRR"}"#).status == .created)
            let productAnswer = try await client.send(.post, "/api/v1/products", headers: app.auth,
                                                      json: #"{"sku":"TEA-1","name":"چای","cost":"600000","prices":{"retail":"1000000"}}"#)
            #expect(productAnswer.status == .created)
            let product = try Self.decode(ProductBody.self, productAnswer)
            #expect(product.sku == "TEA-1" && product.cost == MoneyBody(amount: "600000", currency: "IRR") && product.active)
            let products = try Self.decode(List<ProductBody>.self, try await client.send(.get, "/api/v1/products?limit=10", headers: app.auth))
            #expect(products.items.map(\.id) == [product.id])

            let customer = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"مریم"}"#)
            let customerId = try #require(customer.json["id"] as? String)
            let created = try await client.send(.post, "/api/v1/customers/\(customerId)/orders", headers: app.auth,
                                                json: #"{"externalRef":"shop-1","lines":[{"sku":"TEA-1","quantity":"2","taxRate":"10"}]}"#)
            #expect(created.status == .created)
            var order = try Self.decode(OrderBody.self, created)
            #expect(order.status == "draft" && order.total == MoneyBody(amount: "2200000", currency: "IRR"))
            let again = try await client.send(.post, "/api/v1/customers/\(customerId)/orders", headers: app.auth,
                                              json: #"{"externalRef":"shop-1","lines":[{"sku":"TEA-1","quantity":"2","taxRate":"10"}]}"#)
            let againOrder = try Self.decode(OrderBody.self, again)
            #expect(again.status == .ok && againOrder.id == order.id)

            order = try Self.decode(OrderBody.self, try await client.send(.post, "/api/v1/orders/\(order.id)/confirm", headers: app.auth))
            #expect(order.status == "confirmed")
            order = try Self.decode(OrderBody.self, try await client.send(.post, "/api/v1/orders/\(order.id)/shipments", headers: app.auth,
                                                                          json: #"{"carrier":"پست"}"#))
            #expect(order.status == "fulfilled" && order.shipments.first?.carrier == "پست")
            let invoiced = try await client.send(.post, "/api/v1/orders/\(order.id)/invoice", headers: app.auth, json: #"{"termsDays":15}"#)
            #expect(invoiced.status == .created)
            let invoice = try Self.decode(InvoiceBody.self, invoiced)
            #expect(invoice.orderId == order.id && invoice.termsDays == 15 && invoice.total == order.total)

            let tooMuch = try await client.send(.post, "/api/v1/invoices/\(invoice.id)/payments", headers: app.auth,
                                                json: #"{"amount":"9999999","method":"cash"}"#)
            #expect(tooMuch.status == .unprocessableContent)
            #expect(try Self.decode(Problem.self, tooMuch).status == 422)
            let paid = try await client.send(.post, "/api/v1/invoices/\(invoice.id)/payments", headers: app.auth,
                                             json: #"{"amount":"1000000","method":"card"}"#)
            #expect(paid.status == .created)
            #expect(try Self.decode(PaymentBody.self, paid).amount == MoneyBody(amount: "1000000", currency: "IRR"))
            let payments = try Self.decode(List<PaymentBody>.self, try await client.send(.get, "/api/v1/invoices/\(invoice.id)/payments", headers: app.auth))
            #expect(payments.items.count == 1 && payments.next == nil)

            let orders = try Self.decode(List<OrderBody>.self, try await client.send(.get, "/api/v1/customers/\(customerId)/orders", headers: app.auth))
            #expect(orders.items.map(\.id) == [order.id] && orders.items[0].invoices.map(\.id) == [invoice.id])
            let badId = try await client.send(.get, "/api/v1/orders/abc", headers: app.auth)
            let badIdProblem = try Self.decode(Problem.self, badId)
            #expect(badId.status == .notFound && badIdProblem.detail.contains("order ids"))
        }
    }

    @Test("the orders list pages with {items, next} and the analytics lists answer in their documented shapes")
    func listsAndAnalytics() async throws {
        try await TestApp.with { app, client in
            let customer = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Paging"}"#)
            let customerId = try #require(customer.json["id"] as? String)
            for n in 0..<5 {
                let answer = try await client.send(.post, "/api/v1/customers/\(customerId)/orders", headers: app.auth,
                                                   json: #"{"lines":[{"description":"item \#(n)","quantity":"1","unitPrice":"10"}]}"#)
                #expect(answer.status == .created)
            }
            var seen: [String] = []
            var after = ""
            repeat {
                let page = try Self.decode(List<OrderBody>.self, try await client.send(.get, "/api/v1/orders?limit=2&after=\(after)", headers: app.auth))
                #expect(page.items.count <= 2)
                seen += page.items.map(\.id)
                after = page.next ?? ""
            } while !after.isEmpty
            #expect(seen.count == 5 && Set(seen).count == 5)
            let keep = try Self.decode(List<Retention>.self, try await client.send(.get, "/api/v1/analytics/retention/keep?limit=5", headers: app.auth))
            #expect(keep.items.count <= 5)
            let badCursor = try await client.send(.get, "/api/v1/analytics/retention/keep?after=nope", headers: app.auth)
            #expect(badCursor.status == .badRequest)
            let runs = try await client.send(.get, "/api/v1/analytics/runs", headers: app.auth)
            #expect(runs.status == .ok)
        }
    }

    struct Retention: Decodable { let rank: Int; let customerId: String; let value: MoneyBody; let churnRisk: Double }
}
