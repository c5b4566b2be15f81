import Foundation
import HTTPTypes
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import SQLKit
import Testing

/// The satisfaction classes and payment disputes through the router: the class and why, the
/// customer representation and the list filter, reassess now, disputes with their 409 and 412,
/// and the pages — the 360 box, the banner on the ticket page, the list filter and marks, the
/// invoice's disputes box — in fa and en.
@Suite struct SatisfactionAPITests {
    struct Reason: Decodable { let code: String, params: [String: String] }
    struct Change: Decodable { let from: String?, to: String?, cause: String }
    struct SatisfactionBody: Decodable { let `class`: String?, label: String?, reasons: [Reason], since: Date?, nextCheckAt: Date?, changes: [Change] }
    struct CustomerSat: Decodable { let `class`: String, since: Date }
    struct CustomerBody: Decodable { let id: String, satisfaction: CustomerSat? }
    struct DisputeBody: Decodable { let id: String, paymentId: String, invoiceId: String, open: Bool, outcome: String?, version: Int }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let date = f.date(from: text) ?? ISO8601DateFormatter().date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
            }
            return date
        }
        return d
    }

    static func decode<T: Decodable>(_ type: T.Type, _ r: TestResponse) throws -> T {
        try decoder().decode(type, from: Data(buffer: r.body))
    }

    /// A customer made angry by two complaints opened through the API; returns their id and the second ticket's.
    static func angryCustomer(_ app: TestApp, _ client: any TestClientProtocol, name: String = "مریم احمدی") async throws -> (String, String) {
        let customer = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"\#(name)","phones":["09121234567"]}"#)
        let id = try #require(customer.json["id"] as? String)
        var ticket = ""
        for subject in ["خرابی دستگاه", "باز هم خرابی"] {
            let t = try await client.send(.post, "/api/v1/tickets", headers: app.auth,
                                          json: #"{"customerId":"\#(id)","subject":"\#(subject)","category":"complaint","channel":"phone"}"#)
            #expect(t.status == .created)
            ticket = try #require(t.json["id"] as? String)
        }
        return (id, ticket)
    }

    @Test("two complaints make a customer angry: the class, why, the changes, the representation, the list filter, reassess now")
    func classThroughTheAPI() async throws {
        try await TestApp.with { app, client in
            let (id, _) = try await Self.angryCustomer(app, client)
            let calm = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"سارا"}"#)
            let calmId = try #require(calm.json["id"] as? String)
            let got = try await client.send(.get, "/api/v1/customers/\(id)/satisfaction", headers: app.auth)
            #expect(got.status == .ok)
            let s = try Self.decode(SatisfactionBody.self, got)
            #expect(s.class == "angry" && s.reasons.first?.code == "angry.complaints" && s.reasons.first?.params["count"] == "2")
            #expect(s.reasons.first?.params["ref"]?.hasPrefix("ticket:") == true && s.since != nil && s.nextCheckAt != nil)
            #expect(s.changes.map(\.to) == ["angry", "dissatisfied"] && s.changes.allSatisfy { $0.cause == "ticket" })
            let none = try Self.decode(SatisfactionBody.self, try await client.send(.get, "/api/v1/customers/\(calmId)/satisfaction", headers: app.auth))
            #expect(none.class == nil && none.reasons.isEmpty && none.since == nil)
            #expect(try Self.decode(CustomerBody.self, try await client.send(.get, "/api/v1/customers/\(id)", headers: app.auth)).satisfaction?.class == "angry")
            let calmBody = try await client.send(.get, "/api/v1/customers/\(calmId)", headers: app.auth)
            #expect(calmBody.text.contains("\"satisfaction\":null"))
            let filtered = try Self.decode(ListOf<CustomerBody>.self, try await client.send(.get, "/api/v1/customers?satisfaction=angry,dissatisfied", headers: app.auth))
            #expect(filtered.items.map(\.id) == [id] && filtered.items[0].satisfaction?.class == "angry")
            let bad = try await client.send(.get, "/api/v1/customers?satisfaction=calm", headers: app.auth)
            #expect(bad.status == .badRequest && bad.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let assessed = try await client.send(.post, "/api/v1/customers/\(id)/satisfaction/assess", headers: app.auth)
            #expect(try assessed.status == .ok && Self.decode(SatisfactionBody.self, assessed).changes.count == 2, "nothing new: no change")
            #expect(try await client.send(.get, "/api/v1/customers/99999/satisfaction", headers: app.auth).status == .notFound)
            // A reader may look but not reassess.
            let (_, readerToken) = try await app.token(for: .executive, email: "exec@example.test")
            let reader: HTTPFields = [.authorization: "Bearer \(readerToken)", .contentType: "application/json"]
            #expect(try await client.send(.get, "/api/v1/customers/\(id)/satisfaction", headers: reader).status == .ok)
            #expect(try await client.send(.post, "/api/v1/customers/\(id)/satisfaction/assess", headers: reader).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/customers/\(id)/satisfaction").status == .unauthorized)
        }
    }

    @Test("a payment dispute: opened, a second refused with 409, closed with If-Match (412 when stale), listed; the class follows")
    func disputes() async throws {
        try await TestApp.with { app, client in
            #expect(try await client.send(.post, "/api/v1/price-lists", headers: app.auth, json: #"{"name":"retail","currency":"IRR"}"#).status == .created)
            _ = try await client.send(.post, "/api/v1/products", headers: app.auth, json: #"{"sku":"TEA-1","name":"چای","cost":"600000","prices":{"retail":"1000000"}}"#)
            let customerId = try #require(try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"مریم"}"#).json["id"] as? String)
            let order = try #require(try await client.send(.post, "/api/v1/customers/\(customerId)/orders", headers: app.auth,
                                                           json: #"{"lines":[{"sku":"TEA-1","quantity":"2"}]}"#).json["id"] as? String)
            _ = try await client.send(.post, "/api/v1/orders/\(order)/confirm", headers: app.auth)
            _ = try await client.send(.post, "/api/v1/orders/\(order)/shipments", headers: app.auth, json: #"{}"#)
            let invoice = try #require(try await client.send(.post, "/api/v1/orders/\(order)/invoice", headers: app.auth, json: #"{}"#).json["id"] as? String)
            let payment = try #require(try await client.send(.post, "/api/v1/invoices/\(invoice)/payments", headers: app.auth,
                                                             json: #"{"amount":"1000000","method":"card"}"#).json["id"] as? String)
            let blank = try await client.send(.post, "/api/v1/payments/\(payment)/disputes", headers: app.auth, json: #"{"reason":"   "}"#)
            #expect(try blank.status == .unprocessableContent && blank.decoded(ProblemBody.self).fields == ["reason"])
            #expect(try await client.send(.post, "/api/v1/payments/\(payment)/disputes", headers: app.auth, json: #"{"reason":"x","extra":1}"#).status == .unprocessableContent)
            #expect(try await client.send(.post, "/api/v1/payments/99999/disputes", headers: app.auth, json: #"{"reason":"x"}"#).status == .notFound)
            let opened = try await client.send(.post, "/api/v1/payments/\(payment)/disputes", headers: app.auth, json: #"{"reason":"برداشت تکراری"}"#)
            #expect(opened.status == .created && opened.headers[.location] != nil && opened.headers[.eTag] == "\"1\"")
            let dispute = try Self.decode(DisputeBody.self, opened)
            #expect(dispute.open && dispute.paymentId == payment && dispute.invoiceId == invoice)
            let twice = try await client.send(.post, "/api/v1/payments/\(payment)/disputes", headers: app.auth, json: #"{"reason":"دوباره"}"#)
            #expect(twice.status == .conflict)
            let sat = try Self.decode(SatisfactionBody.self, try await client.send(.get, "/api/v1/customers/\(customerId)/satisfaction", headers: app.auth))
            #expect(sat.class == "angry" && sat.reasons.first?.code == "angry.disputeOpen" && sat.reasons.first?.params["ref"] == "invoice:\(invoice)")
            let open = try Self.decode(ListOf<DisputeBody>.self, try await client.send(.get, "/api/v1/payment-disputes?customer=\(customerId)&open=true", headers: app.auth))
            #expect(open.items.map(\.id) == [dispute.id])
            #expect(try await client.send(.get, "/api/v1/payment-disputes?open=maybe", headers: app.auth).status == .badRequest)
            var stale = app.auth
            stale[.ifMatch] = "\"5\""
            #expect(try await client.send(.post, "/api/v1/payment-disputes/\(dispute.id)/close", headers: stale, json: #"{"outcome":"refunded"}"#).status == .preconditionFailed)
            let unknown = try await client.send(.post, "/api/v1/payment-disputes/\(dispute.id)/close", headers: app.auth, json: #"{"outcome":"lost"}"#)
            #expect(try unknown.status == .unprocessableContent && unknown.decoded(ProblemBody.self).fields == ["outcome"])
            var current = app.auth
            current[.ifMatch] = "\"1\""
            let closed = try await client.send(.post, "/api/v1/payment-disputes/\(dispute.id)/close", headers: current, json: #"{"outcome":"refunded"}"#)
            #expect(try closed.status == .ok && Self.decode(DisputeBody.self, closed).outcome == "refunded")
            #expect(try await client.send(.post, "/api/v1/payment-disputes/\(dispute.id)/close", headers: app.auth, json: #"{"outcome":"refunded"}"#).status == .conflict)
            let after = try Self.decode(SatisfactionBody.self, try await client.send(.get, "/api/v1/customers/\(customerId)/satisfaction", headers: app.auth))
            #expect(after.class == "dissatisfied" && after.reasons.first?.code == "dissatisfied.dispute")
            // Recording disputes is for those who record payments.
            let (_, agentToken) = try await app.token(for: .supportAgent, email: "agent@example.test")
            let agent: HTTPFields = [.authorization: "Bearer \(agentToken)", .contentType: "application/json"]
            #expect(try await client.send(.post, "/api/v1/payments/\(payment)/disputes", headers: agent, json: #"{"reason":"x"}"#).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/payment-disputes", headers: agent).status == .ok)

            // The invoice page lists it and opens another with a form.
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/invoices/\(invoice)?lang=fa")
            #expect(page.status == .ok && page.text.contains("id=\"disputes\"") && page.text.contains("برداشت تکراری") && page.text.contains("بازپرداخت شد"))
            let csrf = Browser.hidden("_csrf", in: page.text) ?? ""
            let empty = try await browser.request(.post, "/invoices/\(invoice)/disputes", form: [("_csrf", csrf), ("paymentId", payment), ("disputeReason", "")])
            #expect(empty.status == .unprocessableContent && empty.text.contains("id=\"invoice-errors\""))
            let made = try await browser.request(.post, "/invoices/\(invoice)/disputes", form: [("_csrf", csrf), ("paymentId", payment), ("disputeReason", "کالا نرسید")])
            #expect(made.status == .seeOther)
            let again = try await browser.request(.post, "/invoices/\(invoice)/disputes", form: [("_csrf", csrf), ("paymentId", payment), ("disputeReason", "دوباره")])
            #expect(again.status == .conflict && again.text.contains("id=\"invoice-errors\""))
            let en = try await browser.request(.get, "/invoices/\(invoice)?lang=en")
            #expect(en.text.contains("dispute-close") && en.text.contains("id=\"angry-banner\""), "an open dispute: the customer is angry on the invoice page too")
        }
    }

    @Test("the pages: the 360 box says why with Persian digits, the banner on the 360 and the ticket page, the list filter and marks")
    func pages() async throws {
        try await TestApp.with { app, client in
            let (id, ticket) = try await Self.angryCustomer(app, client)
            var browser = Browser(client)
            _ = try await browser.logIn()
            let fa = try await browser.request(.get, "/customers/\(id)?lang=fa")
            #expect(fa.status == .ok && fa.text.contains("id=\"satisfaction\"") && fa.text.contains("satisfaction-angry"))
            #expect(fa.text.contains("خشمگین") && fa.text.contains("شکایت‌های ۳۰ روز گذشته: ۲"), "the reason in Persian with Persian digits")
            #expect(fa.text.contains("role=\"alert\"") && fa.text.contains("id=\"angry-banner\"") && fa.text.contains("مشتری خشمگین"))
            #expect(fa.text.contains("href=\"/tickets/\(ticket)\""), "the reason links to its ticket")
            #expect(fa.text.contains("data-source=\"satisfaction\""), "the change is on the timeline")
            let en = try await browser.request(.get, "/customers/\(id)?lang=en")
            #expect(en.text.contains("Why this class") && en.text.contains("Complaints opened in the last 30 days: 2") && en.text.contains("Angry customer"))
            #expect(en.text.contains("Urgent service-recovery case"))
            // Turning angry opened an urgent service-recovery case at once: the banner links to it, its number isolated.
            let open = try #require(try await app.database.sql.raw("""
                SELECT id, number FROM recovery_cases WHERE customer_id = \(bind: Int64(id)!) AND status = 'open'
                """).first())
            let caseId = try open.decode(column: "id", as: Int64.self), number = try open.decode(column: "number", as: String.self)
            let ticketPage = try await browser.request(.get, "/tickets/\(ticket)?lang=fa")
            #expect(ticketPage.status == .ok && ticketPage.text.contains("id=\"angry-banner\"") && ticketPage.text.contains("role=\"alert\""))
            #expect(ticketPage.text.contains("id=\"angry-banner-case\" href=\"/recovery/\(caseId)\"")
                    && ticketPage.text.contains("<bdi>\(PersianText.persianDigits(number))</bdi>"))
            let list = try await browser.request(.get, "/customers?satisfaction=angry&lang=fa")
            #expect(list.status == .ok && list.text.contains("angry-mark") && list.text.contains("id=\"satisfaction-filter\""))
            let calm = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"سارا کریمی"}"#)
            let calmId = try #require(calm.json["id"] as? String)
            #expect(!list.text.contains("/customers/\(calmId)\""))
            let calmPage = try await browser.request(.get, "/customers/\(calmId)?lang=en")
            #expect(calmPage.text.contains("id=\"satisfaction-none\"") && !calmPage.text.contains("id=\"angry-banner\""))
            let tickets = try await browser.request(.get, "/tickets?queue=&lang=en")
            #expect(tickets.text.contains("angry-mark"))
            let bad = try await browser.request(.get, "/customers?satisfaction=calm&lang=en")
            #expect(bad.status == .ok && bad.text.contains("Satisfaction"), "the filter's problem is said beside the form")
            let csrf = Browser.hidden("_csrf", in: fa.text) ?? ""
            let assess = try await browser.request(.post, "/customers/\(id)/satisfaction/assess", form: [("_csrf", csrf)])
            #expect(assess.status == .seeOther)
        }
    }
}
