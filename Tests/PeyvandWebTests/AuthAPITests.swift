import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

@Suite("Authentication API")
struct AuthAPITests {
    @Test("email and password give a token that works, is listed and can be revoked")
    func issueListRevoke() async throws {
        try await TestApp.with { _, client in
            let issued = try await client.send(.post, "/api/v1/auth/token", json: #"{"email":"ADMIN@example.test","password":"correct horse battery","name":"ci"}"#)
            #expect(issued.status == .created)
            let token = try issued.decoded(IssuedTokenBody.self).token
            let id = try issued.decoded(IdBody.self).id
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            let me = try await client.send(.get, "/api/v1/me", headers: auth)
            #expect(try me.decoded(UserBody.self).email == "admin@example.test")
            let list = try await client.send(.get, "/api/v1/auth/tokens", headers: auth)
            #expect(try list.decoded(ListOf<IssuedTokenBody.Listed>.self).items.contains { $0.name == "ci" })
            #expect(try await client.send(.delete, "/api/v1/auth/tokens/\(id)", headers: auth).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/me", headers: auth).status == .unauthorized)
        }
    }

    @Test("wrong passwords get 401, then 429 with Retry-After once the limit is reached")
    func rateLimited() async throws {
        try await TestApp.with { _, client in
            for _ in 0..<3 {
                let wrong = try await client.send(.post, "/api/v1/auth/token", json: #"{"email":"admin@example.test","password":"nope"}"#)
                #expect(wrong.status == .unauthorized)
            }
            let limited = try await client.send(.post, "/api/v1/auth/token", json: #"{"email":"admin@example.test","password":"correct horse battery"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            let missing = try await client.send(.post, "/api/v1/auth/token", json: #"{"email":"admin@example.test"}"#)
            #expect(missing.status == .unprocessableContent)
        }
    }

    @Test("twenty parallel guesses for one account: each is counted before its password is checked, so only three are tried")
    func parallelGuesses() async throws {
        try await TestApp.with { _, client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        try await client.send(.post, "/api/v1/auth/token", json: #"{"email":"admin@example.test","password":"guess \#(n)"}"#).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            // At most the three free attempts reach the password check; the rest are refused (429),
            // or, on a machine so loaded that they cannot get the database in time, told to retry (503).
            let tried = statuses.filter { $0 == .unauthorized }.count
            #expect(tried >= 1 && tried <= 3)
            #expect(statuses.allSatisfy { [.unauthorized, .tooManyRequests, .serviceUnavailable].contains($0) })
        }
    }

    @Test("administrators add users; bad roles and short passwords are refused")
    func users() async throws {
        try await TestApp.with { app, client in
            let ok = try await client.send(.post, "/api/v1/users", headers: app.auth,
                                           json: #"{"email":"rep@example.test","name":"Rep","role":"sales-rep","password":"0123456789"}"#)
            #expect(ok.status == .created)
            #expect(try ok.decoded(UserBody.self).role == "sales-rep")
            let bad = try await client.send(.post, "/api/v1/users", headers: app.auth,
                                            json: #"{"email":"x@example.test","name":"X","role":"king","password":"short"}"#)
            #expect(bad.status == .unprocessableContent)
            let dup = try await client.send(.post, "/api/v1/users", headers: app.auth,
                                            json: #"{"email":"REP@example.test","name":"Rep","role":"sales-rep","password":"0123456789"}"#)
            #expect(dup.status == .conflict)
        }
    }

    @Test("/health answers without authentication; /metrics does not (it needs its own token)")
    func healthAndMetrics() async throws {
        try await TestApp.with { _, client in
            let health = try await client.send(.get, "/health")
            #expect(health.status == .ok)
            #expect(try health.decoded(HealthBody.self).database == "ok")
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.status == .notFound)
            #expect(metrics.headers[.contentType] == "application/problem+json")
        }
    }
}

struct IssuedTokenBody: Decodable {
    struct Listed: Decodable { let id: String; let name: String }
    let id: String, token: String
}

struct HealthBody: Decodable { let database: String }

struct UserBody: Decodable { let id: String; let email: String; let name: String; let role: String; let language: String; let createdAt: Date }
