import Foundation
import HTTPTypes
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// `/api/v1/recovery-cases` and the recovery pages, through the router.
@Suite struct RecoveryAPITests {
    struct CaseBody: Decodable {
        let id: String, number: String, customerId: String, status: String, priority: String, ownerId: String?, classBefore: String?
        let classAfter: String?, cause: String?, remedy: String?, compensationKind: String, compensationAmount: Amount?, compensationPoints: Int?
        let returnId: String?, replacementOrderId: String?, measuredAt: Date?, version: Int
        struct Amount: Decodable { let amount: String, currency: String }
    }

    static func headers(_ app: TestApp, ifMatch version: Int?) -> HTTPFields {
        var h = app.auth
        if let version { h[.ifMatch] = "\"\(version)\"" }
        return h
    }

    @Test("open, a second open 409, list filters, PATCH with If-Match (412 stale, 422 bad compensation), close recovered with the class measured, close twice 409")
    func lifecycle() async throws {
        try await TestApp.with { app, client in
            let customerId = try await TicketsAPITests.customer(app, client)
            #expect(try await client.send(.post, "/api/v1/recovery-cases", headers: app.auth, json: #"{"customerId":"999999"}"#).status == .unprocessableContent)
            #expect(try await client.send(.post, "/api/v1/recovery-cases", headers: app.auth, json: #"{"cause":"x"}"#).status == .unprocessableContent)
            let opened = try await client.send(.post, "/api/v1/recovery-cases", headers: app.auth, json: #"{"customerId":"\#(customerId)","cause":"تأخیر"}"#)
            #expect(opened.status == .created)
            let c = try opened.decoded(CaseBody.self)
            #expect(opened.headers[.location] == "/api/v1/recovery-cases/\(c.id)" && opened.headers[.eTag] == "\"1\"")
            #expect(c.status == "open" && c.cause == "تأخیر" && c.ownerId == String(app.admin.id) && c.number.hasPrefix("RC-"))
            let twice = try await client.send(.post, "/api/v1/recovery-cases", headers: app.auth, json: #"{"customerId":"\#(customerId)"}"#)
            #expect(twice.status == .conflict && twice.headers[.contentType]?.hasPrefix("application/problem+json") == true)

            let open = try await client.send(.get, "/api/v1/recovery-cases?status=open&customer=\(customerId)&owner=\(app.admin.id)", headers: app.auth)
            #expect(try open.decoded(ListOf<CaseBody>.self).items.map(\.id) == [c.id])
            #expect(try await client.send(.get, "/api/v1/recovery-cases?status=closed", headers: app.auth).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/recovery-cases?status=recovered", headers: app.auth).decoded(ListOf<CaseBody>.self).items.isEmpty)

            let stale = try await client.send(.patch, "/api/v1/recovery-cases/\(c.id)", headers: Self.headers(app, ifMatch: 7), json: #"{"remedy":"x"}"#)
            #expect(stale.status == .preconditionFailed)
            let negative = try await client.send(.patch, "/api/v1/recovery-cases/\(c.id)", headers: Self.headers(app, ifMatch: 1),
                                                 json: #"{"compensationKind":"discount","compensationAmount":{"amount":"-5","currency":"IRR"}}"#)
            #expect(try negative.status == .unprocessableContent && (try negative.decoded(ProblemBody.self)).fields == ["compensationAmount"])
            let unknownReturn = try await client.send(.patch, "/api/v1/recovery-cases/\(c.id)", headers: Self.headers(app, ifMatch: 1),
                                                      json: #"{"compensationKind":"replacement","returnId":"424242"}"#)
            #expect(try unknownReturn.status == .unprocessableContent && (try unknownReturn.decoded(ProblemBody.self)).fields == ["returnId"])
            let unknownField = try await client.send(.patch, "/api/v1/recovery-cases/\(c.id)", headers: Self.headers(app, ifMatch: 1), json: #"{"colour":"red"}"#)
            #expect(unknownField.status == .unprocessableContent)
            let patched = try await client.send(.patch, "/api/v1/recovery-cases/\(c.id)", headers: Self.headers(app, ifMatch: 1),
                                                json: #"{"remedy":"ارسال دوباره","compensationKind":"discount","compensationAmount":{"amount":"250000","currency":"IRR"}}"#)
            #expect(patched.status == .ok && patched.headers[.eTag] == "\"2\"")
            let p = try patched.decoded(CaseBody.self)
            #expect(p.remedy == "ارسال دوباره" && p.compensationKind == "discount" && p.compensationAmount?.amount == "250000" && p.version == 2)

            let badClose = try await client.send(.post, "/api/v1/recovery-cases/\(c.id)/close", headers: Self.headers(app, ifMatch: 2), json: #"{"result":"maybe"}"#)
            #expect(badClose.status == .unprocessableContent)
            let staleClose = try await client.send(.post, "/api/v1/recovery-cases/\(c.id)/close", headers: Self.headers(app, ifMatch: 1), json: #"{"result":"recovered"}"#)
            #expect(staleClose.status == .preconditionFailed)
            let closed = try await client.send(.post, "/api/v1/recovery-cases/\(c.id)/close", headers: Self.headers(app, ifMatch: 2),
                                               json: #"{"result":"recovered","outcome":"مشتری آرام شد"}"#)
            #expect(closed.status == .ok)
            let done = try closed.decoded(CaseBody.self)
            let measured = try await app.database.sql.raw("SELECT class FROM customer_satisfaction WHERE customer_id = \(bind: Int64(customerId)!)").first()?
                .decode(column: "class", as: String?.self)
            #expect(done.status == "recovered" && done.measuredAt != nil && done.classAfter == measured)
            let again = try await client.send(.post, "/api/v1/recovery-cases/\(c.id)/close", headers: app.auth, json: #"{"result":"not_recovered"}"#)
            #expect(again.status == .conflict)
            let afterClose = try await client.send(.patch, "/api/v1/recovery-cases/\(c.id)", headers: app.auth, json: #"{"remedy":"y"}"#)
            #expect(afterClose.status == .conflict)
            #expect(try await client.send(.get, "/api/v1/recovery-cases/424242", headers: app.auth).status == .notFound)
            // Reading needs tickets.read; working needs recovery.manage.
            let (_, analyst) = try await app.token(for: .crmAnalyst, email: "analyst@example.test")
            let analystAuth: HTTPFields = [.authorization: "Bearer \(analyst)", .contentType: "application/json"]
            #expect(try await client.send(.get, "/api/v1/recovery-cases/\(c.id)", headers: analystAuth).status == .ok)
            #expect(try await client.send(.post, "/api/v1/recovery-cases", headers: analystAuth, json: #"{"customerId":"\#(customerId)"}"#).status == .forbidden)
        }
    }

    @Test("the pages: the queue, the case worked and closed from its form, the nurture list, the 360 box and the ticket's link, in fa and en")
    func pages() async throws {
        try await TestApp.with { app, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let customerId = try await TicketsAPITests.customer(app, client)
            let c360 = try await browser.request(.get, "/customers/\(customerId)?lang=fa")
            #expect(c360.text.contains("id=\"open-recovery\""))
            let csrf = Browser.hidden("_csrf", in: c360.text) ?? ""
            let made = try await browser.request(.post, "/recovery", form: [("_csrf", csrf), ("customerId", customerId)])
            #expect(made.status == .seeOther)
            let location = try #require(made.headers[.location])
            let id = String(location.dropFirst("/recovery/".count).prefix { $0.isNumber })
            let fa = try await browser.request(.get, "/recovery/\(id)?lang=fa")
            #expect(fa.status == .ok && fa.text.contains("id=\"recovery-form\"") && fa.text.contains("جبران خدمت"))
            let negative = try await browser.request(.post, "/recovery/\(id)", form: [("_csrf", csrf), ("version", "1"), ("cause", "تأخیر ارسال"),
                                                                                      ("compensationKind", "discount"), ("compensationAmount", "-۱۰")])
            #expect(negative.status == .unprocessableContent && negative.text.contains("id=\"recovery-errors\"") && negative.text.contains("تأخیر ارسال"))
            let saved = try await browser.request(.post, "/recovery/\(id)", form: [("_csrf", csrf), ("version", "1"), ("cause", "تأخیر ارسال"),
                                                                                   ("remedy", "پیک ویژه"), ("compensationKind", "points"), ("compensationPoints", "۲۰۰")])
            #expect(saved.status == .seeOther)
            let stale = try await browser.request(.post, "/recovery/\(id)", form: [("_csrf", csrf), ("version", "1"), ("cause", "x")])
            #expect(stale.status == .conflict)
            let en = try await browser.request(.get, "/recovery/\(id)?lang=en")
            #expect(en.text.contains("Club points") && en.text.contains("200"))
            let closed = try await browser.request(.post, "/recovery/\(id)/close", form: [("_csrf", csrf), ("version", "2"), ("result", "recovered"),
                                                                                          ("outcome", "راضی شد")])
            #expect(closed.status == .seeOther)
            let after = try await browser.request(.get, "/recovery/\(id)?lang=fa")
            #expect(after.text.contains("data-status=\"recovered\"") && !after.text.contains("id=\"recovery-form\""))
            let twice = try await browser.request(.post, "/recovery/\(id)/close", form: [("_csrf", csrf), ("version", "3"), ("result", "recovered")])
            #expect(twice.status == .conflict)
            let list = try await browser.request(.get, "/recovery?view=all&lang=en")
            #expect(list.status == .ok && list.text.contains("recovery-row") && list.text.contains("Recovered"))
            let openList = try await browser.request(.get, "/recovery?lang=fa")
            #expect(openList.text.contains("id=\"recovery-empty\""))
            #expect(try await browser.request(.get, "/recovery/nurture?lang=fa").status == .ok)
            let box = try await browser.request(.get, "/customers/\(customerId)?lang=en")
            #expect(box.text.contains("id=\"customer-recovery\"") && box.text.contains("/recovery/\(id)"))
            let ticket = try await client.send(.post, "/api/v1/tickets", headers: app.auth, json: #"{"customerId":"\#(customerId)","subject":"x"}"#)
            let ticketId = try ticket.decoded(IdBody.self).id
            let ticketPage = try await browser.request(.get, "/tickets/\(ticketId)?lang=fa")
            #expect(ticketPage.text.contains("id=\"ticket-recovery-link\""))
        }
    }
}
