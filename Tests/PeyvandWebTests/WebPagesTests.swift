import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// A browser's cookie jar and form posts, over the router.
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    mutating func request(_ method: HTTPRequest.Method, _ uri: String, form: [(String, String)]? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        var body: String?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        }
        let response = try await client.send(method, uri, headers: headers, json: body)
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            cookies[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
        }
        return response
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    mutating func logIn(_ email: String = "admin@example.test", _ password: String = "correct horse battery") async throws -> TestResponse {
        let page = try await request(.get, "/login")
        let csrf = Self.hidden("_csrf", in: page.text) ?? ""
        return try await request(.post, "/login", form: [("_csrf", csrf), ("email", email), ("password", password), ("next", "")])
    }
}

@Suite("Web pages")
struct WebPagesTests {
    @Test("signed-out visitors are sent to /login; a wrong password re-renders with a message")
    func login() async throws {
        try await TestApp.with { _, client in
            var browser = Browser(client)
            let customers = try await browser.request(.get, "/customers")
            #expect(customers.status == .seeOther)
            #expect(customers.headers[.location]?.hasPrefix("/login") == true)
            let wrong = try await browser.logIn("admin@example.test", "wrong password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("class=\"form-error\""))
            let ok = try await browser.logIn()
            #expect(ok.status == .seeOther)
            let cookie = try #require(ok.headers[values: .setCookie].first { $0.hasPrefix("peyvand_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(try await browser.request(.get, "/customers").status == .ok)
        }
    }

    @Test("a form without its CSRF token is refused and stores nothing")
    func csrf() async throws {
        try await TestApp.with { app, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let forged = try await browser.request(.post, "/customers", form: [("name", "Forged")])
            #expect(forged.status == .forbidden)
            #expect(forged.headers[.contentType]?.hasPrefix("text/html") == true)
            let loginForged = try await Browser(client).client.send(.post, "/login", headers: [.contentType: "application/x-www-form-urlencoded"],
                                                                     json: "email=admin%40example.test&password=correct+horse+battery")
            #expect(loginForged.status == .forbidden)
            let list = try await client.send(.get, "/api/v1/customers", headers: app.auth)
            #expect(try list.decoded(ListOf<CustomerBody>.self).items.isEmpty)
        }
    }

    @Test("the customer form re-renders with the reason beside the field and keeps what was typed")
    func formErrors() async throws {
        try await TestApp.with { _, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let form = try await browser.request(.get, "/customers/new")
            let csrf = try #require(Browser.hidden("_csrf", in: form.text))
            let bad = try await browser.request(.post, "/customers", form: [
                ("_csrf", csrf), ("kind", "person"), ("name", "Typed Name"), ("phones", "12ab"), ("stage", "lead"),
            ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("data-field=\"phones\""))
            #expect(bad.text.contains("value=\"Typed Name\""))
            #expect(bad.text.contains(">12ab</textarea>"))
        }
    }

    @Test("markup typed into a name is shown as text, never as markup")
    func escaping() async throws {
        try await TestApp.with { _, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let csrf = try #require(Browser.hidden("_csrf", in: try await browser.request(.get, "/customers/new").text))
            let saved = try await browser.request(.post, "/customers", form: [
                ("_csrf", csrf), ("kind", "person"), ("name", "<script>alert(1)</script>"), ("phones", "09121234567"),
            ])
            #expect(saved.status == .seeOther)
            let page = try await browser.request(.get, saved.headers[.location]!)
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert(1)"))
        }
    }

    @Test("fa pages are right-to-left with Jalali dates in Persian digits; en pages left-to-right, Gregorian")
    func languages() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Dated"}"#)
            let id = try created.decoded(IdBody.self).id
            var browser = Browser(client)
            _ = try await browser.logIn()
            let fa = try await browser.request(.get, "/customers/\(id)?lang=fa")
            #expect(fa.text.contains("<html lang=\"fa\" dir=\"rtl\">"))
            let tehran = TimeZone(identifier: "Asia/Tehran")!
            let jalali = JalaliDate(Date(), timeZone: tehran).formatted(.numeric, digits: .persian)
            #expect(fa.text.contains("<dd id=\"customer-created\">\(jalali)"))
            let stillFa = try await browser.request(.get, "/customers")
            #expect(stillFa.text.contains("dir=\"rtl\""))
            let en = try await browser.request(.get, "/customers/\(id)?lang=en")
            #expect(en.text.contains("<html lang=\"en\" dir=\"ltr\">"))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = tehran
            let d = calendar.dateComponents([.year, .month, .day], from: Date())
            #expect(en.text.contains(String(format: "<dd id=\"customer-created\">%04d-%02d-%02d", d.year!, d.month!, d.day!)))
        }
    }

    @Test("an area not built yet says so plainly")
    func placeholderArea() async throws {
        try await TestApp.with { _, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/areas/loyalty?lang=en")
            #expect(page.status == .ok)
            #expect(page.text.contains("This area is not built yet"))
            #expect(try await browser.request(.get, "/areas/nothing").status == .notFound)
        }
    }
}
