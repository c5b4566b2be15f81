import Foundation
import HummingbirdTesting
import PeyvandCore
import Testing

/// A field's problem is said in the reader's language, from a stable code; the API names the code.
@Suite struct FieldMessagesTests {
    @Test("the customer form says what is wrong in Persian on a Persian page and in English on an English one")
    func bothLanguages() async throws {
        try await TestApp.with { _, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            for (lang, expected, absent) in [
                ("fa", ["کوتاه است: شمارهٔ ثابت ایران", "«12345»", "حداکثر ۱۰۰ نویسه"], "too short"),
                ("en", ["too short: Iranian landline numbers", "“12345”", "must be at most 100 characters"], "کوتاه"),
            ] {
                let form = try await browser.request(.get, "/customers/new?lang=\(lang)")
                let csrf = try #require(Browser.hidden("_csrf", in: form.text))
                let bad = try await browser.request(.post, "/customers?lang=\(lang)", form: [
                    ("_csrf", csrf), ("kind", "person"), ("givenName", String(repeating: "ن", count: 101)), ("name", "Typed"),
                    ("phones", "12345"), ("stage", "lead"),
                ])
                #expect(bad.status == .unprocessableContent)
                for text in expected { #expect(bad.text.contains(text), "\(lang): \(text)") }
                #expect(!bad.text.contains(absent), "\(lang) page shows \(absent)")
            }
        }
    }

    @Test("problem+json gives each field's problem a stable code beside the reason, every member a string")
    func apiCodes() async throws {
        try await TestApp.with { app, client in
            let bad = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"phones":["09121"],"emails":["a@"]}"#)
            #expect(bad.status == .unprocessableContent)
            let errors = (bad.json["errors"] as? [[String: String]]) ?? []
            let codes = Set(errors.compactMap { $0["code"] })
            #expect(codes.isSuperset(of: ["required", "value.invalid"]))
            #expect(errors.first { $0["field"] == "phones" }?["reason"]?.contains("too short") == true)
        }
    }

    @Test("the log-an-interaction form on the 360 page says its problems in Persian")
    func logFormInPersian() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"مریم"}"#)
            let id = try #require(created.json["id"] as? String)
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/customers/\(id)?lang=fa")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let bad = try await browser.request(.post, "/customers/\(id)/interactions?lang=fa", form: [
                ("_csrf", csrf), ("kind", "call"), ("subject", String(repeating: "س", count: 301)), ("cost", "-5"),
            ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("حداکثر ۳۰۰ نویسه"))
            #expect(!bad.text.contains("must be at most"))
        }
    }
}
