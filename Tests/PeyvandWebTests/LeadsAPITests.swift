import Foundation
import HTTPTypes
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// `/api/v1/leads`, `/api/v1/lead-forms`, `/api/v1/lead-rules`, the public `/w2l/{key}` and the
/// leads pages, through the router.
@Suite struct LeadsAPITests {
    struct LeadBody: Decodable {
        let id: String, status: String, name: String, phone: String?, score: Int, version: Int, ownerId: String?
        let customerId: String?, dealId: String?, need: Bool?, channel: String, source: String
    }
    struct ConversionBody: Decodable { let lead: LeadBody; let contactId: String; let dealId: String; let foundContact: Bool }
    struct FormBody: Decodable { let id: String; let publicKey: String; let action: String }
    struct ImportBody: Decodable { let imported: Int; let problems: [Problem]; struct Problem: Decodable { let line: Int } }

    static func count(_ app: TestApp, _ table: String) async throws -> Int {
        try await app.database.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("capture, read, list with filters, qualify with If-Match, convert, and the second conversion refused with nothing changed")
    func lifecycle() async throws {
        try await TestApp.with { app, client in
            let bad = try await client.send(.post, "/api/v1/leads", headers: app.auth, json: #"{"name":"","phone":"123","need":"yes","colour":"red"}"#)
            #expect(bad.status == .unprocessableContent)
            let problem = try bad.decoded(ProblemBody.self)
            #expect(Set((problem.errors ?? []).map(\.field)).isSuperset(of: ["name", "phone", "need", "colour"]))
            let made = try await client.send(.post, "/api/v1/leads", headers: app.auth,
                                             json: #"{"name":"مریم احمدی","company":"صنایع پارس","phone":"0912 123 4567","source":"نمایشگاه","campaign":"پاییز"}"#)
            #expect(made.status == .created)
            let lead = try made.decoded(LeadBody.self)
            #expect(made.headers[.location] == "/api/v1/leads/\(lead.id)" && lead.phone == "+989121234567" && lead.channel == "api")
            let listed = try await client.send(.get, "/api/v1/leads?status=new&campaign=%D9%BE%D8%A7%DB%8C%DB%8C%D8%B2&q=%D9%85%D8%B1%DB%8C%D9%85", headers: app.auth)
            #expect(try listed.decoded(ListOf<LeadBody>.self).items.map(\.id) == [lead.id])
            #expect(try await client.send(.get, "/api/v1/leads?status=lost", headers: app.auth).status == .badRequest)
            var patch = app.auth
            patch[.ifMatch] = "\"\(lead.version)\""
            let qualified = try await client.send(.patch, "/api/v1/leads/\(lead.id)", headers: patch, json: #"{"need":true,"status":"qualified"}"#)
            #expect(qualified.status == .ok)
            #expect(try qualified.decoded(LeadBody.self).status == "qualified")
            let stale = try await client.send(.patch, "/api/v1/leads/\(lead.id)", headers: patch, json: #"{"need":false}"#)
            #expect(stale.status == .preconditionFailed)
            let closing = try await client.send(.patch, "/api/v1/leads/\(lead.id)", headers: app.auth, json: #"{"status":"converted"}"#)
            let closingProblem = try closing.decoded(ProblemBody.self)
            #expect(closing.status == .unprocessableContent && closingProblem.error("status")?.code == "lead.status")
            let converted = try await client.send(.post, "/api/v1/leads/\(lead.id)/convert", headers: app.auth, json: #"{"dealTitle":"۵۰ دستگاه","amount":"1000000"}"#)
            #expect(converted.status == .ok)
            let result = try converted.decoded(ConversionBody.self)
            #expect(result.lead.status == "converted" && result.lead.dealId == result.dealId && !result.foundContact)
            let counts = (try await Self.count(app, "customers"), try await Self.count(app, "deals"))
            let again = try await client.send(.post, "/api/v1/leads/\(lead.id)/convert", headers: app.auth, json: "{}")
            #expect(again.status == .conflict)
            #expect(again.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let countsAfter = (try await Self.count(app, "customers"), try await Self.count(app, "deals"))
            #expect(countsAfter == counts)
            let noReason = try await client.send(.post, "/api/v1/leads/\(lead.id)/disqualify", headers: app.auth, json: "{}")
            #expect(noReason.status == .unprocessableContent)
            let customer = try await client.send(.get, "/api/v1/customers/\(result.contactId)", headers: app.auth)
            #expect(customer.status == .ok)
        }
    }

    @Test("a reader may read leads but not capture them; rules and forms need sales.configure")
    func roles() async throws {
        try await TestApp.with { app, client in
            let (_, token) = try await app.token(for: .executive, email: "exec@example.test")
            let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            #expect(try await client.send(.get, "/api/v1/leads", headers: headers).status == .ok)
            #expect(try await client.send(.post, "/api/v1/leads", headers: headers, json: #"{"name":"x"}"#).status == .forbidden)
            let (_, repToken) = try await app.token(for: .salesRep, email: "rep@example.test")
            let rep: HTTPFields = [.authorization: "Bearer \(repToken)", .contentType: "application/json"]
            #expect(try await client.send(.post, "/api/v1/lead-rules/scoring", headers: rep, json: #"{"field":"budget","condition":"present","points":5}"#).status == .forbidden)
            let rule = try await client.send(.post, "/api/v1/lead-rules/scoring", headers: app.auth, json: #"{"field":"budget","condition":"present","points":5}"#)
            #expect(rule.status == .created)
            let badRule = try await client.send(.post, "/api/v1/lead-rules/assignment", headers: app.auth, json: #"{"kind":"territory","repIds":["999"]}"#)
            #expect(badRule.status == .unprocessableContent)
            let rules = try await client.send(.get, "/api/v1/lead-rules", headers: rep)
            #expect(rules.status == .ok && rules.text.contains("\"budget\""))
        }
    }

    @Test("CSV import through the API reports bad rows by line and stores the good ones")
    func csvImport() async throws {
        try await TestApp.with { app, client in
            var headers = app.auth
            headers[.contentType] = "text/csv; charset=utf-8"
            let csv = "name,email,campaign\nAli,ali@example.com,spring\n,x@example.com,\nSara,not-an-email,\n"
            let answer = try await client.send(.post, "/api/v1/lead-imports", headers: headers, json: csv)
            #expect(answer.status == .created)
            let report = try answer.decoded(ImportBody.self)
            #expect(report.imported == 1 && report.problems.map(\.line) == [3, 4])
            #expect(try await Self.count(app, "leads") == 1)
            let json = try await client.send(.post, "/api/v1/lead-imports", headers: app.auth, json: "{}")
            #expect(json.status == .unsupportedMediaType)
        }
    }

    @Test("web-to-lead: the hosted form, the honeypot, a wrong field in Persian, the thank-you, and 429 past the limit")
    func webToLead() async throws {
        try await TestApp.with { app, client in
            let made = try await client.send(.post, "/api/v1/lead-forms", headers: app.auth,
                                             json: #"{"name":"فرم سایت","source":"وب‌سایت","consentFa":"می‌پذیرم خبرنامه بگیرم","consentChannels":["email"],"perMinute":3,"perHour":3}"#)
            #expect(made.status == .created)
            let form = try made.decoded(FormBody.self)
            #expect(form.action.hasSuffix("/w2l/\(form.publicKey)"))
            let page = try await client.send(.get, "/w2l/\(form.publicKey)")
            #expect(page.status == .ok && page.text.contains("می‌پذیرم خبرنامه بگیرم") && page.text.contains("name=\"website\""))
            #expect(try await client.send(.get, "/w2l/nope").status == .notFound)
            let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "https://shop.example"]
            let trapped = try await client.send(.post, "/w2l/\(form.publicKey)", headers: formHeaders, json: "name=Bot&website=http%3A%2F%2Fspam")
            #expect(trapped.status == .seeOther && trapped.headers[.location]?.contains("sent=1") == true)
            #expect(try await Self.count(app, "leads") == 0)
            let wrong = try await client.send(.post, "/w2l/\(form.publicKey)", headers: formHeaders, json: "name=%D9%85%D8%B1%DB%8C%D9%85&email=a%40")
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("ایمیل") && !wrong.text.contains("has nothing"))
            #expect(wrong.text.contains("value=\"مریم\""), "what was typed is kept")
            let ok = try await client.send(.post, "/w2l/\(form.publicKey)", headers: formHeaders,
                                           json: "name=%D9%85%D8%B1%DB%8C%D9%85&email=m%40example.com&consent=yes&campaign=spring")
            #expect(ok.status == .seeOther)
            let thanks = try await client.send(.get, ok.headers[.location] ?? "/")
            #expect(thanks.text.contains("id=\"w2l-thanks\""))
            let limited = try await client.send(.post, "/w2l/\(form.publicKey)", headers: formHeaders, json: "name=x")
            #expect(limited.status == .tooManyRequests && Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.text.contains("id=\"w2l-throttled\""))
            let leads = try await app.database.sql.raw("SELECT campaign, consent_text, channel FROM leads").all()
            #expect(leads.count == 1)
            #expect(try leads.first?.decode(column: "campaign", as: String.self) == "spring")
            #expect(try leads.first?.decode(column: "consent_text", as: String.self) == "می‌پذیرم خبرنامه بگیرم")
        }
    }

    @Test("the leads pages in Persian: list, a lead with its score and convert form, the snippet to paste")
    func pages() async throws {
        try await TestApp.with { app, client in
            _ = try await client.send(.post, "/api/v1/lead-rules/scoring", headers: app.auth, json: #"{"field":"company","condition":"present","points":10}"#)
            let made = try await client.send(.post, "/api/v1/leads", headers: app.auth, json: #"{"name":"Sara Example","company":"Globex"}"#)
            let id = try made.decoded(LeadBody.self).id
            _ = try await client.send(.post, "/api/v1/lead-forms", headers: app.auth, json: #"{"name":"Site","source":"website"}"#)
            var browser = Browser(client)
            _ = try await browser.logIn()
            let list = try await browser.request(.get, "/leads?lang=fa")
            #expect(list.status == .ok && list.text.contains("سرنخ‌ها") && list.text.contains("<bdi>Sara Example</bdi>"))
            let page = try await browser.request(.get, "/leads/\(id)?lang=fa")
            #expect(page.status == .ok && page.text.contains("id=\"lead-convert-form\"") && page.text.contains("۱۰"))
            #expect(page.text.contains("مشتری تازه ساخته می‌شود"))
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let converted = try await browser.request(.post, "/leads/\(id)/convert?lang=fa", form: [("_csrf", csrf), ("dealTitle", "Deal"), ("amount", "")])
            #expect(converted.status == .seeOther)
            let again = try await browser.request(.post, "/leads/\(id)/convert?lang=fa", form: [("_csrf", csrf), ("dealTitle", "Deal")])
            #expect(again.status == .conflict && again.text.contains("پیش‌تر تبدیل"))
            let settings = try await browser.request(.get, "/settings/lead-forms?lang=fa")
            #expect(settings.status == .ok && settings.text.contains("/w2l/w2l_") && settings.text.contains("&lt;form method=&quot;post&quot;"))
            let rules = try await browser.request(.get, "/settings/lead-rules?lang=en")
            #expect(rules.status == .ok && rules.text.contains("Company: given"))
        }
    }
}
