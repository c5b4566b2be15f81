import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

@Suite("Staff accounts API")
struct UsersAPITests {
    @Test("non-administrators get 403, unknown users 404 naming users, bad input 422")
    func refusals() async throws {
        try await TestApp.with { app, client in
            let (rep, repToken) = try await app.token(for: .salesRep, email: "rep@example.test")
            let repAuth: HTTPFields = [.authorization: "Bearer \(repToken)", .contentType: "application/json"]
            for (method, path) in [(HTTPRequest.Method.get, "/api/v1/users/\(app.admin.id)"), (.post, "/api/v1/users/\(app.admin.id)/deactivate"),
                                   (.get, "/api/v1/users/\(app.admin.id)/sessions"), (.post, "/api/v1/users/\(app.admin.id)/password-reset")] {
                let refused = try await client.send(method, path, headers: repAuth)
                #expect(refused.status == .forbidden, "\(method) \(path)")
                #expect(refused.headers[.contentType] == "application/problem+json")
            }
            let missing = try await client.send(.get, "/api/v1/users/999", headers: app.auth)
            #expect(missing.status == .notFound)
            #expect((try missing.decoded(ProblemBody.self).detail)?.contains("user 999") == true)
            let badId = try await client.send(.post, "/api/v1/users/abc/deactivate", headers: app.auth)
            #expect(badId.status == .notFound)
            #expect((try badId.decoded(ProblemBody.self).detail)?.contains("user ids") == true)
            let badRole = try await client.send(.patch, "/api/v1/users/\(rep.id)", headers: app.auth, json: #"{"role":"king","active":"no"}"#)
            #expect(badRole.status == .unprocessableContent)
            #expect(Set((try badRole.decoded(ProblemBody.self).errors ?? []).map(\.field)) == ["role", "active"])
            let shortPassword = try await client.send(.post, "/api/v1/me/password", headers: repAuth,
                                                      json: #"{"currentPassword":"correct horse battery","newPassword":"short"}"#)
            #expect(shortPassword.status == .unprocessableContent)
            let selfDeactivate = try await client.send(.post, "/api/v1/users/\(app.admin.id)/deactivate", headers: app.auth)
            #expect(selfDeactivate.status == .conflict)
            let lastAdmin = try await client.send(.patch, "/api/v1/users/\(app.admin.id)", headers: app.auth, json: #"{"role":"executive"}"#)
            #expect(lastAdmin.status == .conflict)
            #expect((try lastAdmin.decoded(ProblemBody.self).detail)?.contains("last active administrator") == true)
        }
    }

    @Test("a deactivated user's token gets 401 at once; their sessions and tokens are listed and ended")
    func deactivate() async throws {
        try await TestApp.with { app, client in
            let (rep, repToken) = try await app.token(for: .salesRep, email: "rep@example.test")
            let repAuth: HTTPFields = [.authorization: "Bearer \(repToken)"]
            #expect(try await client.send(.get, "/api/v1/me", headers: repAuth).status == .ok)  // cached now
            let shown = try await client.send(.get, "/api/v1/users/\(rep.id)", headers: app.auth)
            let member = try shown.decoded(StaffBody.self)
            #expect(member.id == String(rep.id) && member.active)
            let tokens = try await client.send(.get, "/api/v1/users/\(rep.id)/tokens", headers: app.auth)
            #expect(try tokens.decoded(ListOf<IdBody>.self).items.count == 1)
            #expect(tokens.text.contains("\"next\":"))
            #expect(!tokens.text.contains(repToken))
            let deactivated = try await client.send(.post, "/api/v1/users/\(rep.id)/deactivate", headers: app.auth)
            #expect(deactivated.status == .ok)
            let ended = try deactivated.decoded(StaffBody.self)
            #expect(!ended.active && ended.deactivatedAt != nil)
            #expect(try await client.send(.get, "/api/v1/me", headers: repAuth).status == .unauthorized)
            let reactivated = try await client.send(.patch, "/api/v1/users/\(rep.id)", headers: app.auth, json: #"{"active":true,"name":"Rep Two"}"#)
            let back = try reactivated.decoded(StaffBody.self)
            #expect(back.active && back.name == "Rep Two" && back.deactivatedAt == nil)
            #expect(try await client.send(.get, "/api/v1/me", headers: repAuth).status == .unauthorized)
            let sessions = try await client.send(.get, "/api/v1/users/\(rep.id)/sessions", headers: app.auth)
            #expect(try sessions.decoded(ListOf<IdBody>.self).items.isEmpty)
            let (_, second) = try await app.token(for: .marketer, email: "m@example.test")
            let list = try await client.send(.get, "/api/v1/users", headers: app.auth)
            let marketerId = try #require(try list.decoded(ListOf<StaffBody>.self).items.first { $0.email == "m@example.test" }?.id)
            let signOut = try await client.send(.post, "/api/v1/users/\(marketerId)/sign-out", headers: app.auth, json: #"{"tokens":true}"#)
            #expect(try signOut.decoded(SignOutBody.self).tokens == 1)
            #expect(try await client.send(.get, "/api/v1/me", headers: [.authorization: "Bearer \(second)"]).status == .unauthorized)
            let noBody = try await client.send(.post, "/api/v1/users/\(marketerId)/sign-out", headers: [.authorization: "Bearer \(app.token)"])
            #expect(noBody.status == .ok)
        }
    }

    @Test("a reset link is returned once (201) and sets a password once; tokens are revoked by id")
    func resetAndRevoke() async throws {
        try await TestApp.with { app, client in
            let (rep, repToken) = try await app.token(for: .salesRep, email: "rep@example.test")
            let reset = try await client.send(.post, "/api/v1/users/\(rep.id)/password-reset", headers: app.auth)
            #expect(reset.status == .created)
            let link = try reset.decoded(ResetBody.self).link
            #expect(link.hasPrefix("/password-reset/"))
            var browser = Browser(client)
            let page = try await browser.request(.get, link)
            #expect(page.status == .ok)
            #expect(page.headers[.init("Referrer-Policy")!] == "no-referrer")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let done = try await browser.request(.post, link, form: [("_csrf", csrf), ("password", "a fresh password"), ("confirm", "a fresh password")])
            #expect(done.status == .ok)
            #expect(done.text.contains("id=\"reset-done\""))
            #expect(try await browser.request(.get, link).status == .notFound)
            #expect(try await browser.logIn("rep@example.test", "a fresh password").status == .seeOther)
            let tokens = try await client.send(.get, "/api/v1/users/\(rep.id)/tokens", headers: app.auth)
            let tokenId = try #require(try tokens.decoded(ListOf<IdBody>.self).items.first?.id)
            #expect(try await client.send(.delete, "/api/v1/users/\(rep.id)/tokens/\(tokenId)", headers: app.auth).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/me", headers: [.authorization: "Bearer \(repToken)"]).status == .unauthorized)
            #expect(try await client.send(.delete, "/api/v1/users/\(app.admin.id)/tokens/\(tokenId)", headers: app.auth).status == .notFound)
            let changed = try await client.send(.post, "/api/v1/me/password", headers: app.auth,
                                                json: #"{"currentPassword":"correct horse battery","newPassword":"an even better one"}"#)
            #expect(changed.status == .noContent)
            let wrong = try await client.send(.post, "/api/v1/me/password", headers: app.auth,
                                              json: #"{"currentPassword":"correct horse battery","newPassword":"and another one"}"#)
            #expect(wrong.status == .unprocessableContent)
        }
    }

    @Test("an administrator unlocks an account that failed passwords locked, by the API and on its page; a sales rep may not")
    func unlockSignIn() async throws {
        try await TestApp.with { app, client in
            let (rep, repToken) = try await app.token(for: .salesRep, email: "locked@example.test")
            for _ in 0..<4 {
                _ = try await client.send(.post, "/api/v1/auth/token", json: #"{"email":"locked@example.test","password":"wrong guess"}"#)
            }
            let locked = try await client.send(.post, "/api/v1/auth/token", json: #"{"email":"locked@example.test","password":"correct horse battery"}"#)
            #expect(locked.status == .tooManyRequests)
            let refused = try await client.send(.post, "/api/v1/users/\(rep.id)/unlock",
                                                headers: [.authorization: "Bearer \(repToken)", .contentType: "application/json"])
            #expect(refused.status == .forbidden)
            let unlocked = try await client.send(.post, "/api/v1/users/\(rep.id)/unlock", headers: app.auth)
            #expect(unlocked.status == .noContent)
            let signedIn = try await client.send(.post, "/api/v1/auth/token", json: #"{"email":"locked@example.test","password":"correct horse battery"}"#)
            #expect(signedIn.status == .created)

            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/admin/users/\(rep.id)")
            #expect(page.text.contains("id=\"unlock-form\""))
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let posted = try await browser.request(.post, "/admin/users/\(rep.id)/unlock", form: [("_csrf", csrf)])
            #expect(posted.status == .seeOther)
            let history = try await client.send(.get, "/api/v1/users/\(rep.id)", headers: app.auth)
            #expect(history.status == .ok)
        }
    }
}

struct StaffBody: Decodable {
    let id: String, email: String, name: String, role: String, language: String, active: Bool
    let createdAt: Date, lastSignInAt: Date?, deactivatedAt: Date?
}

struct SignOutBody: Decodable { let tokens: Int }

struct ResetBody: Decodable { let link: String }
