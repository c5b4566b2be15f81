import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

@Suite("Customers API")
struct CustomersAPITests {
    @Test("without a token, or with a bad one, the API answers 401 problem+json")
    func unauthorised() async throws {
        try await TestApp.with { _, client in
            let none = try await client.send(.get, "/api/v1/customers")
            #expect(none.status == .unauthorized)
            #expect(none.headers[.contentType] == "application/problem+json")
            #expect(try none.decoded(ProblemBody.self).type == "urn:peyvand:problem:unauthorized")
            let bad = try await client.send(.get, "/api/v1/customers", headers: [.authorization: "Bearer pvd_nope"])
            #expect(bad.status == .unauthorized)
        }
    }

    @Test("create answers 201 with Location; the customer reads back in the API's shape")
    func createAndRead() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: """
                {"givenName":"سارا","familyName":"رضایی","phones":["۰۹۱۲ ۳۴۵ ۶۷۸۹"],"emails":["sara@example.com"],
                 "city":"تهران","tags":["vip"],"consents":{"sms":true},"customFields":{"industry":"retail"},"ownerId":"\(app.admin.id)"}
                """)
            #expect(created.status == .created)
            let id = try created.decoded(IdBody.self).id
            #expect(created.headers[.location] == "/api/v1/customers/\(id)")
            let read = try await client.send(.get, "/api/v1/customers/\(id)", headers: app.auth)
            #expect(read.status == .ok)
            let body = try read.decoded(CustomerBody.self)
            #expect(body.name == "سارا رضایی")
            #expect(body.phones == ["+989123456789"])
            #expect(body.ownerId == String(app.admin.id))
            #expect(body.version == 1)
            #expect(body.consents["sms"] == true)
            #expect(body.customFields == ["industry": "retail"])
            #expect(body.deletedAt == nil)
            #expect(read.text.contains("\"deletedAt\":null"), "an absent deletion is written as null, not left out")
            #expect(abs(body.createdAt.timeIntervalSinceNow) < 600)
        }
    }

    @Test("bad input: 400 for malformed JSON, 422 naming each field, nothing stored")
    func badInput() async throws {
        try await TestApp.with { app, client in
            let malformed = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: "{\"name\": ")
            #expect(malformed.status == .badRequest)
            let wrongTypes = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: """
                {"name": 42, "phones": "0912", "consents": {"sms": "yes"}, "nickname": "x"}
                """)
            #expect(wrongTypes.status == .unprocessableContent)
            #expect(try wrongTypes.decoded(ProblemBody.self).fields.isSuperset(of: ["name", "phones", "consents.sms", "nickname"]))
            let invalid = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: """
                {"name": "\(String(repeating: "x", count: 201))", "phones": ["12ab"], "emails": ["a@b"], "stage": "gold"}
                """)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.headers[.contentType] == "application/problem+json")
            #expect(try invalid.decoded(ProblemBody.self).fields == ["name", "phones", "emails", "stage"])
            let list = try await client.send(.get, "/api/v1/customers", headers: app.auth)
            #expect(try list.decoded(ListOf<CustomerBody>.self).items.isEmpty)
            let unknown = try await client.send(.get, "/api/v1/customers/99999", headers: app.auth)
            #expect(unknown.status == .notFound)
            let garbageId = try await client.send(.get, "/api/v1/customers/abc", headers: app.auth)
            #expect(garbageId.status == .notFound)
            let badLimit = try await client.send(.get, "/api/v1/customers?limit=501", headers: app.auth)
            #expect(badLimit.status == .badRequest)
            let badCursor = try await client.send(.get, "/api/v1/customers?after=zzz", headers: app.auth)
            #expect(badCursor.status == .badRequest)
        }
    }

    @Test("PATCH changes only given fields; a stale If-Match is refused with 412")
    func patchWithIfMatch() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Ali","city":"Shiraz","tags":["a"]}"#)
            let id = try created.decoded(IdBody.self).id
            var headers = app.auth
            headers[.ifMatch] = "\"1\""
            let patched = try await client.send(.patch, "/api/v1/customers/\(id)", headers: headers, json: #"{"city":null,"stage":"customer"}"#)
            #expect(patched.status == .ok)
            let after = try patched.decoded(CustomerBody.self)
            #expect(after.city == nil && after.stage == "customer" && after.tags == ["a"] && after.version == 2)
            let stale = try await client.send(.patch, "/api/v1/customers/\(id)", headers: headers, json: #"{"city":"Yazd"}"#)
            #expect(stale.status == .preconditionFailed)
            let audit = try await client.send(.get, "/api/v1/customers/\(id)/audit", headers: app.auth)
            #expect(Set(try audit.decoded(ListOf<AuditRowBody>.self).items.compactMap(\.field)) == ["city", "stage"])
        }
    }

    @Test("DELETE is soft: 204, hidden from the list, restorable")
    func deleteRestore() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Temp"}"#)
            let id = try created.decoded(IdBody.self).id
            #expect(try await client.send(.delete, "/api/v1/customers/\(id)", headers: app.auth).status == .noContent)
            let list = try await client.send(.get, "/api/v1/customers", headers: app.auth)
            #expect(try list.decoded(ListOf<CustomerBody>.self).items.isEmpty)
            let withDeleted = try await client.send(.get, "/api/v1/customers?includeDeleted=true", headers: app.auth)
            let deleted = try withDeleted.decoded(ListOf<CustomerBody>.self).items
            #expect(deleted.map(\.id) == [id] && deleted.first?.deletedAt != nil)
            let restored = try await client.send(.post, "/api/v1/customers/\(id)/restore", headers: app.auth)
            #expect(restored.status == .ok)
            #expect(try restored.decoded(CustomerBody.self).deletedAt == nil)
        }
    }

    @Test("roles: an executive may not write (403); a sales rep does not see others' customers (404)")
    func roles() async throws {
        try await TestApp.with { app, client in
            let (_, execToken) = try await app.token(for: .executive, email: "exec@example.test")
            let (_, repToken) = try await app.token(for: .salesRep, email: "rep@example.test")
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Admin's"}"#)
            let id = try created.decoded(IdBody.self).id
            let execWrite = try await client.send(.post, "/api/v1/customers", headers: [.authorization: "Bearer \(execToken)"], json: #"{"name":"x"}"#)
            #expect(execWrite.status == .forbidden)
            let execRead = try await client.send(.get, "/api/v1/customers/\(id)", headers: [.authorization: "Bearer \(execToken)"])
            #expect(execRead.status == .ok)
            let repRead = try await client.send(.get, "/api/v1/customers/\(id)", headers: [.authorization: "Bearer \(repToken)"])
            #expect(repRead.status == .notFound)
            let repUsers = try await client.send(.get, "/api/v1/users", headers: [.authorization: "Bearer \(repToken)"])
            #expect(repUsers.status == .forbidden)
        }
    }

    @Test("keyset pagination through the API visits every customer once")
    func pagination() async throws {
        try await TestApp.with { app, client in
            for i in 0..<5 { try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"C\#(i)"}"#) }
            var names: [String] = []
            var uri = "/api/v1/customers?limit=2"
            for _ in 0..<5 {
                let page = try await client.send(.get, uri, headers: app.auth)
                let body = try page.decoded(ListOf<CustomerBody>.self)
                names += body.items.map(\.name)
                guard let next = body.next else { break }
                uri = "/api/v1/customers?limit=2&after=\(next)"
            }
            #expect(names == ["C4", "C3", "C2", "C1", "C0"])
        }
    }
}
