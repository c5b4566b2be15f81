import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
@testable import PeyvandWeb
import Testing

/// The hardening findings, each as it was sent from outside.
@Suite struct SecurityTests {
    @Test("numbers that would trap the runtime answer 422 and the server lives on")
    func hugeNumbers() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Numbers"}"#)
            let id = try created.decoded(IdBody.self).id
            for value in ["1e19", "-1e19", "1e308", "1e400", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                          "2147483648", "-1", "0.5", "\"NaN\"", "\"Infinity\"", "\"1e19\""] {
                let answer = try await client.send(.post, "/api/v1/customers/\(id)/interactions", headers: app.auth,
                                                   json: #"{"kind":"note","durationSeconds":\#(value)}"#)
                #expect(answer.status == .unprocessableContent || answer.status == .badRequest, "durationSeconds \(value): \(answer.status)")
                #expect(answer.headers[.contentType] == "application/problem+json")
            }
            let invoice = try await client.send(.post, "/api/v1/orders/1/invoice", headers: app.auth, json: #"{"termsDays":1e400}"#)
            #expect(invoice.status.code < 500)
            #expect(try await client.send(.get, "/health").status == .ok)
        }
    }

    @Test("lists are bounded before they are read: 20,000 tags are refused with 422")
    func hugeLists() async throws {
        try await TestApp.with { app, client in
            let tags = (0..<20_000).map { "\"t\($0)\"" }.joined(separator: ",")
            let answer = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Tags","tags":[\#(tags)]}"#)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.text.contains("tags"))
            let lines = (0..<600).map { _ in #"{"description":"x","quantity":"1","unitPrice":"1"}"# }.joined(separator: ",")
            let order = try await client.send(.post, "/api/v1/customers/1/orders", headers: app.auth, json: #"{"lines":[\#(lines)]}"#)
            #expect(order.status.code >= 400 && order.status.code < 500)
        }
    }

    @Test("oversized bodies answer 413: problem+json for the API, a page for the web")
    func oversized() async throws {
        try await TestApp.with { app, client in
            let big = String(repeating: "a", count: 10 << 20)
            let api = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"\#(big)"}"#)
            #expect(api.status == .contentTooLarge)
            #expect(api.headers[.contentType] == "application/problem+json")
            let login = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                 body: ByteBuffer(string: "email=" + String(repeating: "b", count: 2 << 20)))
            #expect(login.status == .contentTooLarge)
            #expect(login.headers[.contentType]?.hasPrefix("text/html") == true)
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Docs"}"#)
            let id = try created.decoded(IdBody.self).id
            let document = try await client.execute(uri: "/api/v1/customers/\(id)/documents?filename=x.pdf", method: .post,
                                                    headers: [.authorization: "Bearer \(app.token)", .contentType: "application/pdf"],
                                                    body: ByteBuffer(repeating: 0x25, count: 21 << 20))
            #expect(document.status == .contentTooLarge)
        }
    }

    @Test("after login only local paths are followed", arguments: [
        ("/customers", "/customers"), ("/%09/evil.example", ""), ("/\t/evil.example", ""), ("//evil.example", ""),
        ("/\\evil.example", ""), ("https://evil.example/", ""), ("/%2F%2Fevil.example", ""), ("/\u{200E}/evil.example", ""),
    ])
    func safeNext(next: String, expected: String) {
        #expect(LoginController.safeNext(next) == expected)
    }

    @Test("a 404 for //evil.example/x links languages to this site, not off it")
    func offSiteLanguageLinks() async throws {
        try await TestApp.with { _, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "//evil.example/x")
            #expect(!page.text.contains("href=\"//evil.example"))
        }
    }

    @Test("API writes by the browser session need this site's Origin and JSON; GET ?lang= stores nothing")
    func crossSite() async throws {
        try await TestApp.with { app, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let forged = try await client.send(.post, "/api/v1/customers", headers: [.cookie: cookie, .contentType: "text/plain"],
                                               json: #"{"name":"Forged"}"#)
            #expect(forged.status == .forbidden)
            let plain = try await client.send(.post, "/api/v1/customers",
                                              headers: [.cookie: cookie, .contentType: "text/plain", .init("Sec-Fetch-Site")!: "same-origin"],
                                              json: #"{"name":"Plain"}"#)
            #expect(plain.status == .unsupportedMediaType)
            let ok = try await client.send(.post, "/api/v1/customers",
                                           headers: [.cookie: cookie, .contentType: "application/json", .init("Sec-Fetch-Site")!: "same-origin"],
                                           json: #"{"name":"Same site"}"#)
            #expect(ok.status == .created)
            let bearer = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Script"}"#)
            #expect(bearer.status == .created)
            _ = try await browser.request(.get, "/customers?lang=fa")
            #expect(try await UserRepository(app.database).find(id: app.admin.id)?.language == .en)
            let page = try await browser.request(.get, "/customers")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let stored = try await browser.request(.post, "/language", form: [("_csrf", csrf), ("lang", "fa"), ("next", "/customers")])
            #expect(stored.status == .seeOther)
            #expect(try await UserRepository(app.database).find(id: app.admin.id)?.language == .fa)
        }
    }

    @Test("scope: staffId only for roles that log for others; externalRef and organisations stay in reach; read-only roles get no edit page")
    func scopeLeaks() async throws {
        try await TestApp.with { app, client in
            let (_, marketer) = try await app.token(for: .marketer, email: "m@example.test")
            let (rep1, rep1Token) = try await app.token(for: .salesRep, email: "r1@example.test")
            let (_, rep2Token) = try await app.token(for: .salesRep, email: "r2@example.test")
            func auth(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }
            let customer = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Anyone"}"#)
            let id = try customer.decoded(IdBody.self).id
            let asAdmin = try await client.send(.post, "/api/v1/customers/\(id)/interactions", headers: auth(marketer),
                                                json: #"{"kind":"note","staffId":"\#(app.admin.id)"}"#)
            let unknown = try await client.send(.post, "/api/v1/customers/\(id)/interactions", headers: auth(marketer),
                                                json: #"{"kind":"note","staffId":"987654"}"#)
            #expect(asAdmin.status == .unprocessableContent)
            #expect(unknown.status == asAdmin.status && unknown.text == asAdmin.text)
            let own = try await client.send(.post, "/api/v1/customers/\(id)/interactions", headers: auth(marketer), json: #"{"kind":"note"}"#)
            #expect(own.status == .created)

            let theirs = try await client.send(.post, "/api/v1/customers", headers: auth(rep2Token), json: #"{"name":"Rep two's"}"#)
            let theirsId = try theirs.decoded(IdBody.self).id
            _ = try await client.send(.post, "/api/v1/customers/\(theirsId)/orders", headers: auth(rep2Token),
                                      json: #"{"externalRef":"shop-77","lines":[{"description":"x","quantity":"1","unitPrice":"10"}]}"#)
            let mine = try await client.send(.post, "/api/v1/customers", headers: auth(rep1Token), json: #"{"name":"Rep one's"}"#)
            let mineId = try mine.decoded(IdBody.self).id
            let reuse = try await client.send(.post, "/api/v1/customers/\(mineId)/orders", headers: auth(rep1Token),
                                              json: #"{"externalRef":"shop-77","lines":[{"description":"x","quantity":"1","unitPrice":"10"}]}"#)
            #expect(reuse.status == .conflict)
            #expect(!reuse.text.contains(theirsId) && !reuse.text.contains("order 1"))

            let organisation = try await client.send(.post, "/api/v1/customers", headers: auth(rep2Token), json: #"{"name":"Org","kind":"organisation"}"#)
            let orgId = try organisation.decoded(IdBody.self).id
            let attach = try await client.send(.patch, "/api/v1/customers/\(mineId)", headers: auth(rep1Token), json: #"{"organisationId":"\#(orgId)"}"#)
            #expect(attach.status == .unprocessableContent)
            _ = rep1

            _ = try await UserRepository(app.database).create(email: "exec@example.test", name: "Exec", role: .executive, password: "correct horse battery")
            var browser = Browser(client)
            _ = try await browser.logIn("exec@example.test")
            #expect(try await browser.request(.get, "/customers/\(id)/edit").status == .forbidden)
        }
    }

    @Test("uploads: the permission is checked before the body is read, and a kept upload is confirmed only by its owner")
    func uploads() async throws {
        try await TestApp.with { app, client in
            _ = try await UserRepository(app.database).create(email: "exec2@example.test", name: "Exec", role: .executive,
                                                              password: "correct horse battery")
            _ = try await UserRepository(app.database).create(email: "seg@example.test", name: "Seg", role: .segmentManager,
                                                              password: "correct horse battery")
            func multipart(_ csrf: String) -> String {
                "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
                    + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                    + "name,mobile\r\nمریم,09125551234\r\n--b--\r\n"
            }
            var reader = Browser(client)
            _ = try await reader.logIn("exec2@example.test")
            let cookie = reader.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let refused = try await client.send(.post, "/customers/import",
                                                headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=b"], json: multipart("x"))
            #expect(refused.status == .forbidden)

            var owner = Browser(client)
            _ = try await owner.logIn()
            let page = try await owner.request(.get, "/customers/import")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let ownerCookie = owner.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let preview = try await client.send(.post, "/customers/import",
                                                headers: [.cookie: ownerCookie, .contentType: "multipart/form-data; boundary=b"], json: multipart(csrf))
            #expect(preview.status == .ok)
            let token = try #require(Browser.hidden("token", in: preview.text))
            #expect(FileManager.default.fileExists(atPath: KeptUploads.path(token)))

            var other = Browser(client)
            _ = try await other.logIn("seg@example.test")
            let otherPage = try await other.request(.get, "/customers/import")
            let otherCsrf = try #require(Browser.hidden("_csrf", in: otherPage.text))
            let stolen = try await other.request(.post, "/customers/import/confirm", form: [("_csrf", otherCsrf), ("token", token)])
            #expect(stolen.status == .gone)
            let confirmed = try await owner.request(.post, "/customers/import/confirm", form: [("_csrf", csrf), ("token", token)])
            #expect(confirmed.status == .ok)
            #expect(!FileManager.default.fileExists(atPath: KeptUploads.path(token)))
        }
    }

    @Test("the largest body of each kind the API allows is accepted (its time is measured in Benchmarks/, not here)")
    func largestBodies() async throws {
        try await TestApp.with { app, client in
            let phones = (0..<CustomerInput.Limits.phones).map { "\"0912\(String(format: "%07d", $0))\"" }.joined(separator: ",")
            let emails = (0..<CustomerInput.Limits.emails).map { "\"p\($0)@example.com\"" }.joined(separator: ",")
            let tags = (0..<CustomerInput.Limits.listItems).map { "\"برچسب \($0 % CustomerInput.Limits.tags)\"" }.joined(separator: ",")
            let value = String(repeating: "x", count: CustomerInput.Limits.customFieldValue)
            let fields = (0..<CustomerInput.Limits.customFields).map { "\"f\($0)\":\"\(value)\"" }.joined(separator: ",")
            let name = String(repeating: "ن", count: CustomerInput.Limits.name)
            let customer = try await client.send(.post, "/api/v1/customers", headers: app.auth,
                                                 json: #"{"name":"\#(name)","phones":[\#(phones)],"emails":[\#(emails)],"tags":[\#(tags)],"customFields":{\#(fields)}}"#)
            #expect(customer.status == .created, "\(customer.text.prefix(300))")
            let id = try customer.decoded(IdBody.self).id
            let text = String(repeating: "م", count: InteractionInput.Limits.body)
            let interaction = try await client.send(.post, "/api/v1/customers/\(id)/interactions", headers: app.auth,
                                                    json: #"{"kind":"note","body":"\#(text)","durationSeconds":\#(InteractionInput.Limits.maxDuration)}"#)
            #expect(interaction.status == .created)
            let lines = (0..<500).map { _ in #"{"description":"کالا","quantity":"1","unitPrice":"10"}"# }.joined(separator: ",")
            let order = try await client.send(.post, "/api/v1/customers/\(id)/orders", headers: app.auth, json: #"{"lines":[\#(lines)]}"#)
            #expect(order.status == .created)
        }
    }

    @Test("organisation-wide analytics are refused to roles that reach only their own customers; their own scores and lists are not")
    func analyticsByRole() async throws {
        try await TestApp.with { app, client in
            let (_, repToken) = try await app.token(for: .salesRep, email: "analytics-rep@example.test")
            let (_, analystToken) = try await app.token(for: .crmAnalyst, email: "analyst@example.test")
            func auth(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
            for path in ["/api/v1/analytics/rfm", "/api/v1/analytics/runs", "/api/v1/analytics/runs/rfm"] {
                #expect(try await client.send(.get, path, headers: auth(repToken)).status == .forbidden, "\(path)")
                #expect(try await client.send(.get, path, headers: auth(analystToken)).status.code < 500, "\(path)")
            }
            #expect(try await client.send(.get, "/api/v1/analytics/rfm", headers: auth(analystToken)).status == .ok)
            #expect(try await client.send(.get, "/api/v1/analytics/retention/keep", headers: auth(repToken)).status == .ok)
            _ = try await UserRepository(app.database).create(email: "rep-page@example.test", name: "Rep", role: .salesRep, password: "correct horse battery")
            var browser = Browser(client)
            _ = try await browser.logIn("rep-page@example.test")
            #expect(try await browser.request(.get, "/analytics").status == .forbidden)
            #expect(!(try await browser.request(.get, "/customers").text.contains("href=\"/analytics#segments\"")))
        }
    }
}
