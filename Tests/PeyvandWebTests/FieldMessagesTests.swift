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
                ("fa", ["کوتاه است: شمارهٔ ثابت ایران", "«\u{2068}12345\u{2069}»", "حداکثر ۱۰۰ نویسه"], "too short"),
                ("en", ["too short: Iranian landline numbers", "“\u{2068}12345\u{2069}”", "must be at most 100 characters"], "کوتاه"),
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
            let problem = try bad.decoded(ProblemBody.self)
            #expect(Set((problem.errors ?? []).compactMap(\.code)).isSuperset(of: ["required", "value.invalid"]))
            #expect(problem.error("phones")?.reason.contains("too short") == true)
        }
    }

    @Test("the log-an-interaction form on the 360 page says its problems in Persian")
    func logFormInPersian() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"مریم"}"#)
            let id = try created.decoded(IdBody.self).id
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

    @Test("problem+json says each field's problem in the caller's language: Persian for ?lang=fa, English for en")
    func apiMessagesFollowLanguage() async throws {
        try await TestApp.with { app, client in
            let body = #"{"sku":"A 1","name":"","kind":"toy","cost":"-5"}"#
            let fa = try await client.send(.post, "/api/v1/products?lang=fa", headers: app.auth, json: body)
            #expect(fa.status == .unprocessableContent)
            let faProblem = try fa.decoded(ProblemBody.self)
            #expect(faProblem.error("sku")?.message == "نباید فاصله داشته باشد")
            #expect(faProblem.error("cost")?.message == "نباید منفی باشد")
            #expect((faProblem.errors ?? []).allSatisfy { ($0.message ?? "x").range(of: "[A-Za-z]", options: .regularExpression) == nil })
            let en = try await client.send(.post, "/api/v1/products?lang=en", headers: app.auth, json: body)
            let enProblem = try en.decoded(ProblemBody.self)
            #expect(enProblem.error("sku")?.message == "must not contain spaces")
            #expect(enProblem.error("kind")?.code == "choice.unknown")
        }
    }

    /// The sources and catalogs, read as text.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func sources() throws -> [(String, String)] {
        let base = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        return try files.map { ($0, try String(contentsOf: base.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test("every field problem in the code names a code, so no page or API answer falls back to English text")
    func everyIssueHasACode() throws {
        var uncoded: [String] = []
        for (file, text) in try Self.sources() {
            for opener in ["FieldIssue(field:", "ValidationError(field:"] {
                var search = text.startIndex
                while let hit = text.range(of: opener, range: search..<text.endIndex) {
                    // The call's text up to its closing parenthesis.
                    var depth = 0, end = hit.lowerBound
                    for i in text.indices[hit.lowerBound...] {
                        if text[i] == "(" { depth += 1 } else if text[i] == ")" { depth -= 1; if depth == 0 { end = i; break } }
                    }
                    let call = text[hit.lowerBound...end]
                    let isDeclaration = text[..<hit.lowerBound].hasSuffix("init(") || text[..<hit.lowerBound].hasSuffix("func ")
                    if !call.contains("code:") && !isDeclaration && !call.contains("code: String") {
                        uncoded.append("\(file): \(call.prefix(100))")
                    }
                    search = hit.upperBound
                }
            }
        }
        #expect(uncoded.isEmpty, "field problems without a code:\n\(uncoded.joined(separator: "\n"))")
    }

    @Test("every code the code names has a message in both catalogs")
    func everyCodeHasMessages() throws {
        var codes: Set<String> = []
        let literal = try NSRegularExpression(pattern: #"(?:code|tooLargeCode): "([a-zA-Z.]+)""#)
        let prefixed = try NSRegularExpression(pattern: #"fail\("[^"]*"(?: \+ \w+)?, "([a-zA-Z.]+)""#)
        for (file, text) in try Self.sources() {
            let range = NSRange(text.startIndex..., in: text)
            for m in literal.matches(in: text, range: range) { codes.insert(String(text[Range(m.range(at: 1), in: text)!])) }
            codes = codes.filter { !$0.hasSuffix(".") }
            let prefix = file.hasSuffix("PhoneNumber.swift") ? "phone." : file.hasSuffix("EmailAddress.swift") ? "email." : nil
            if let prefix {
                for m in prefixed.matches(in: text, range: range) { codes.insert(prefix + String(text[Range(m.range(at: 1), in: text)!])) }
            }
        }
        #expect(codes.count > 100, "the scan found too few codes")
        let i18n = Self.root.appendingPathComponent("Sources/PeyvandWeb/Resources/i18n")
        for lang in ["en", "fa"] {
            let catalog = try JSONSerialization.jsonObject(with: Data(contentsOf: i18n.appendingPathComponent("\(lang).json"))) as? [String: String] ?? [:]
            let missing = codes.filter { catalog["issue_" + $0.replacingOccurrences(of: ".", with: "_")] == nil }.sorted()
            #expect(missing.isEmpty, "\(lang).json lacks messages for \(missing)")
        }
    }

    @Test("an error page is in the reader's language, with their navigation; ?lang=en works there too")
    func errorPagesInTheReadersLanguage() async throws {
        try await TestApp.with { _, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let fa = try await browser.request(.get, "/customers/987654?lang=fa")
            #expect(fa.status == .notFound)
            #expect(fa.text.contains("پیدا نشد") && fa.text.contains("در این نشانی چیزی نیست"))
            #expect(fa.text.contains("id=\"main-nav\""), "the signed-in reader keeps the navigation")
            #expect(!fa.text.contains("customer 987654") && !fa.text.contains("not found"))
            let en = try await browser.request(.get, "/customers/987654?lang=en")
            #expect(en.status == .notFound)
            #expect(en.text.contains("lang=\"en\"") && en.text.contains("Not found") && en.text.contains("id=\"main-nav\""))
        }
    }
}
