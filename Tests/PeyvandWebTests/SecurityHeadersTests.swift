import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PeyvandWeb
import Testing

@Suite("Security headers on every answer; /metrics only with its token")
struct SecurityHeadersTests {
    static func expectHeaders(_ response: TestResponse, _ what: String) {
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(what): Referrer-Policy")
        #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(what): X-Content-Type-Options")
    }

    @Test("an API answer, a page, a redirect, a 404, a 405 and a static file carry Referrer-Policy and nosniff")
    func headersEverywhere() async throws {
        try await TestApp.with { app, client in
            let api = try await client.send(.get, "/api/v1/me", headers: app.auth)
            #expect(api.status == .ok)
            Self.expectHeaders(api, "API")

            let unauthorized = try await client.send(.get, "/api/v1/customers")
            #expect(unauthorized.status == .unauthorized)
            Self.expectHeaders(unauthorized, "401 problem")

            let page = try await client.send(.get, "/login")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            Self.expectHeaders(page, "page")

            let redirect = try await client.send(.get, "/customers")
            #expect(redirect.status == .seeOther || redirect.status == .found)
            Self.expectHeaders(redirect, "redirect")

            let missingAPI = try await client.send(.get, "/api/v1/no-such-thing", headers: app.auth)
            #expect(missingAPI.status == .notFound)
            #expect(missingAPI.headers[.contentType] == "application/problem+json")
            Self.expectHeaders(missingAPI, "API 404")

            let missingPage = try await client.send(.get, "/no-such-page")
            #expect(missingPage.status == .notFound)
            Self.expectHeaders(missingPage, "page 404")

            let trace = try await client.send(.trace, "/api/v1/customers", headers: app.auth)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, POST")
            #expect(trace.headers[.contentType] == "application/problem+json")
            Self.expectHeaders(trace, "405")

            let file = try await client.send(.get, "/static/peyvand.css")
            #expect(file.status == .ok)
            Self.expectHeaders(file, "static file")
        }
    }

    @Test("without a metrics token /metrics is not served")
    func metricsOffByDefault() async throws {
        try await TestApp.with { app, client in
            let response = try await client.send(.get, "/metrics", headers: app.auth)
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/problem+json")
            Self.expectHeaders(response, "metrics 404")
        }
    }

    @Test("with a metrics token /metrics needs exactly that token")
    func metricsWithToken() async throws {
        let secret = "metrics-secret-0123456789"
        try await TestApp.with(configuration: AppConfiguration(logLevel: .warning, metricsToken: secret)) { app, client in
            let none = try await client.send(.get, "/metrics")
            #expect(none.status == .unauthorized)
            #expect(none.headers[.contentType] == "application/problem+json")
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)

            let userToken = try await client.send(.get, "/metrics", headers: [.authorization: "Bearer \(app.token)"])
            #expect(userToken.status == .unauthorized)
            let wrong = try await client.send(.get, "/metrics", headers: [.authorization: "Bearer \(secret)x"])
            #expect(wrong.status == .unauthorized)

            let ok = try await client.send(.get, "/metrics", headers: [.authorization: "Bearer \(secret)"])
            #expect(ok.status == .ok)
            #expect(ok.headers[.contentType]?.hasPrefix("text/plain") == true)
            Self.expectHeaders(ok, "metrics")
        }
    }
}
