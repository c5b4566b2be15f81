import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// Sending to a customer through the API and the pages, templates refused with the field named,
/// the channels page, and unsubscribe links that work without signing in.
@Suite("Messaging API and pages")
struct MessagingWebTests {
    struct Sent: Decodable { let channel: String; let address: String; let notBefore: String?; let interactionId: String }
    struct Route: Decodable { let channel: String; let allowed: Bool; let refusal: String? }
    struct Template: Decodable { let id: String; let version: Int }

    @Test("templates refuse unknown merge fields; a message goes to the allowed channel; routes say why the others are not")
    func api() async throws {
        try await TestApp.with { app, client in
            let bad = try await client.send(.post, "/api/v1/templates", headers: app.auth,
                                            json: #"{"name":"x","channel":"sms","body":"{{customer.nam}}"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.decoded(ProblemBody.self).error("body")?.code == "template.unknownField")
            let made = try await client.send(.post, "/api/v1/templates", headers: app.auth,
                                             json: #"{"name":"یادآوری","channel":"sms","body":"{{customer.salutation}}، مانده {{balance.due}}"}"#)
            #expect(made.status == .created)
            let template = try made.decoded(Template.self)
            var stale = app.auth
            stale[.ifMatch] = "\"7\""
            #expect(try await client.send(.put, "/api/v1/templates/\(template.id)", headers: stale,
                                          json: #"{"name":"یادآوری","channel":"sms","body":"x"}"#).status == .preconditionFailed)
            let customer = try await client.send(.post, "/api/v1/customers", headers: app.auth,
                json: #"{"name":"مریم","phones":["09121234567"],"emails":["m@example.ir"],"consents":{"sms":true},"preferredChannel":"email"}"#)
            let id = try #require(customer.json["id"] as? String)
            let routes = try await client.send(.get, "/api/v1/customers/\(id)/routes", headers: app.auth).decoded(ListOf<Route>.self)
            #expect(routes.items.map(\.channel) == ["email", "sms", "messenger"])
            #expect(routes.items.map(\.refusal) == ["noConsent", nil, "noAddress"])
            let sent = try await client.send(.post, "/api/v1/customers/\(id)/messages", headers: app.auth, json: #"{"templateId":"\#(template.id)"}"#)
            #expect(sent.status == .accepted)
            let body = try sent.decoded(Sent.self)
            #expect(body.channel == "sms" && body.address == "+989121234567" && body.notBefore == nil)
            let refused = try await client.send(.post, "/api/v1/customers/\(id)/messages", headers: app.auth, json: #"{"channel":"email","text":"x"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.decoded(ProblemBody.self).error("channel")?.code == "send.noConsent")
            let (_, analyst) = try await app.token(for: .crmAnalyst, email: "analyst@example.test")
            let readOnly: HTTPFields = [.authorization: "Bearer \(analyst)", .contentType: "application/json"]
            #expect(try await client.send(.post, "/api/v1/customers/\(id)/messages", headers: readOnly, json: #"{"text":"x"}"#).status == .forbidden)
            let (_, rep) = try await app.token(for: .salesRep, email: "rep@example.test")
            let repHeaders: HTTPFields = [.authorization: "Bearer \(rep)", .contentType: "application/json"]
            #expect(try await client.send(.put, "/api/v1/settings/channels", headers: repHeaders, json: #"{"quietStart":"22:00"}"#).status == .forbidden)
            let rules = try await client.send(.put, "/api/v1/settings/channels", headers: app.auth, json: #"{"quietStart":"25:00","order":["fax"]}"#)
            #expect(rules.status == .unprocessableContent)
            let saved = try await client.send(.put, "/api/v1/settings/channels", headers: app.auth, json: #"{"order":["sms","email"],"quietDays":["friday","thursday"]}"#)
            #expect(saved.status == .ok && (saved.json["quietDays"] as? [String]) == ["thursday", "friday"])
        }
    }

    @Test("the send page in Persian: where it would go, a refusal in Persian, a queued message on the timeline")
    func pages() async throws {
        try await TestApp.with { app, client in
            let customer = try await CustomerRepository(app.database).create(
                CustomerInput(name: "علی رضایی", emails: ["ali@example.ir"], consents: ["email": true]),
                by: Principal(userId: app.admin.id, name: "Admin", role: .administrator))
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/customers/\(customer.id)/send?lang=fa")
            #expect(page.status == .ok)
            #expect(page.text.contains("نشانی ندارد"), "the SMS route is refused for want of a number, in Persian")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let key = try #require(Browser.hidden("sendKey", in: page.text))
            let empty = try await browser.request(.post, "/customers/\(customer.id)/send?lang=fa", form: [("_csrf", csrf), ("sendKey", key), ("text", " ")])
            #expect(empty.status == .unprocessableContent && empty.text.contains("id=\"send-errors\""))
            let unknown = try await browser.request(.post, "/customers/\(customer.id)/send?lang=fa",
                                                    form: [("_csrf", csrf), ("sendKey", key), ("text", "{{customer.nme}}")])
            #expect(unknown.text.contains("فیلد ادغام ناشناخته"))
            let ok = try await browser.request(.post, "/customers/\(customer.id)/send?lang=fa",
                                               form: [("_csrf", csrf), ("sendKey", key), ("subject", "سلام"), ("text", "{{customer.salutation}}")])
            #expect(ok.status == .seeOther && ok.headers[.location]?.contains("sent=1") == true)
            let again = try await browser.request(.post, "/customers/\(customer.id)/send?lang=fa",
                                                  form: [("_csrf", csrf), ("sendKey", key), ("subject", "سلام"), ("text", "{{customer.salutation}}")])
            #expect(again.status == .seeOther, "the form sent twice is one message")
            let sent = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM outbox_messages WHERE channel = 'email'").first()!.decode(column: "n", as: Int64.self)
            #expect(sent == 1)
            let profile = try await browser.request(.get, "/customers/\(customer.id)?sent=1&lang=fa")
            #expect(profile.text.contains("delivery-queued") && profile.text.contains("در صف"))
            let channels = try await browser.request(.get, "/channels")
            #expect(channels.status == .ok && channels.text.contains("id=\"rules-form\"") && channels.text.contains("id=\"outbox\""))
        }
    }

    @Test("an unsubscribe link asks, then withdraws the consent without signing in; a forged one is refused")
    func unsubscribe() async throws {
        try await TestApp.with { app, client in
            let admin = Principal(userId: app.admin.id, name: "Admin", role: .administrator)
            let customer = try await CustomerRepository(app.database).create(
                CustomerInput(name: "Sara", emails: ["sara@example.com"], consents: ["email": true]), by: admin)
            let url = try await UnsubscribeLinks(app.database, baseURL: TestApp.defaultConfiguration.baseURL).url(customerId: customer.id, channel: .email)
            let path = String(url[url.range(of: "/u/")!.lowerBound...])
            let ask = try await client.send(.get, path)
            #expect(ask.status == .ok && ask.text.contains("id=\"unsubscribe-form\""))
            #expect(try await CustomerRepository(app.database).get(customer.id, by: admin).fields.consents.email, "looking is not unsubscribing")
            let done = try await client.send(.post, path, headers: [.contentType: "application/x-www-form-urlencoded"], json: "List-Unsubscribe=One-Click")
            #expect(done.status == .ok && done.text.contains("unsubscribe-done"))
            #expect(!(try await CustomerRepository(app.database).get(customer.id, by: admin).fields.consents.email))
            #expect(try await client.send(.get, path.replacingOccurrences(of: "/u/\(customer.id).", with: "/u/\(customer.id + 1).")).status == .notFound)
            #expect(try await client.send(.post, "/u/nonsense").status == .notFound)
        }
    }

    @Test("a letter merged from a template in Persian with a Jalali date, printed, and logged with its scanned copy")
    func letter() async throws {
        try await TestApp.with { app, client in
            let admin = Principal(userId: app.admin.id, name: "Admin", role: .administrator)
            let customer = try await CustomerRepository(app.database).create(CustomerInput(kind: "organisation", name: "شرکت پارس"), by: admin)
            let template = try await MessageTemplates(app.database).save(MessageTemplateInput(
                name: "تشکر", channel: "letter", language: "fa", subject: "سپاس از همکاری", body: "{{customer.salutation}}\n\nاز همکاری شما سپاسگزاریم."), by: admin)
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/customers/\(customer.id)/letter?template=\(template.id)&lang=fa")
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"letter-sheet\" dir=\"rtl\" lang=\"fa\""))
            #expect(page.text.contains("<p>شرکت پارس محترم</p>"))
            let today = JalaliDate(Date(), timeZone: TimeZone(identifier: "Asia/Tehran")!).formatted(.long)
            #expect(page.text.contains(today), "the date is Jalali with Persian digits")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let boundary = "b0undary"
            func multipart(_ fields: [(String, String)], file: (String, String)?) -> String {
                var body = fields.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined()
                if let file { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.0)\"\r\nContent-Type: application/pdf\r\n\r\n\(file.1)\r\n" }
                return body + "--\(boundary)--\r\n"
            }
            var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
            headers[.cookie] = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let refused = try await client.send(.post, "/customers/\(customer.id)/letter?lang=fa", headers: headers,
                                                json: multipart([("_csrf", csrf), ("kind", "letter"), ("subject", "x")], file: ("scan.pdf", "not a pdf")))
            #expect(refused.status == .unprocessableContent && refused.text.contains("id=\"letter-errors\""))
            #expect(try await InteractionRepository(app.database).list(customerIds: [customer.id], InteractionQuery(limit: 10)).isEmpty,
                    "a refused scan logs nothing")
            let logged = try await client.send(.post, "/customers/\(customer.id)/letter", headers: headers,
                                               json: multipart([("_csrf", csrf), ("kind", "fax"), ("direction", "in"), ("subject", "فکس سفارش")],
                                                               file: ("fax.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")))
            #expect(logged.status == .seeOther)
            let items = try await InteractionRepository(app.database).list(customerIds: [customer.id], InteractionQuery(limit: 10))
            #expect(items.map(\.fields.kind) == [.fax] && items[0].fields.direction == .inbound)
            let linked = try await app.database.sql.raw("SELECT interaction_id FROM documents WHERE customer_id = \(bind: customer.id)").all()
            #expect(try linked.map { try $0.decode(column: "interaction_id", as: Int64?.self) } == [items[0].id])
        }
    }
}
