import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

@Suite("Calls API")
struct CallsAPITests {
    struct CallBody: Decodable {
        let id: String; let callId: String; let state: String; let customerId: String?; let customerName: String?
        let from: String?; let fromRaw: String; let agentUserId: String?; let durationSeconds: Int?; let interactionId: String?
    }

    @Test("a PBX connector reports a call; the ended call is on the customer's timeline once; the list pages")
    func reportAndList() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Caller","phones":["09121234567"]}"#)
            let customerId = try created.decoded(IdBody.self).id
            let ext = try await client.send(.put, "/api/v1/users/\(app.admin.id)/extension", headers: app.auth, json: #"{"extension":"201"}"#)
            #expect(ext.status == .ok && ext.json["extension"] as? String == "201")
            let events = [
                #"{"callId":"1790000000.7","event":"ringing","from":"+989121234567","to":"200","at":"2026-09-20T08:00:00Z"}"#,
                #"{"callId":"1790000000.7","event":"answered","from":"+989121234567","agentExtension":"201","at":"2026-09-20T08:00:05Z"}"#,
                #"{"callId":"1790000000.7","event":"ended","from":"+989121234567","at":"2026-09-20T08:01:35Z"}"#,
                #"{"callId":"1790000000.7","event":"ended","from":"+989121234567","at":"2026-09-20T08:09:00Z"}"#,
            ]
            var last: CallBody?
            for body in events {
                let answer = try await client.send(.post, "/api/v1/calls", headers: app.auth, json: body)
                #expect(answer.status == .ok, "\(answer.text)")
                last = try answer.decoded(CallBody.self)
            }
            let call = try #require(last)
            #expect(call.state == "ended" && call.customerId == customerId && call.customerName == "Caller" && call.durationSeconds == 90)
            #expect(call.agentUserId == String(app.admin.id) && call.interactionId != nil)
            let timeline = try await client.send(.get, "/api/v1/customers/\(customerId)/interactions?kind=call", headers: app.auth)
            #expect((timeline.json["items"] as? [[String: Any]])?.count == 1)
            _ = try await client.send(.post, "/api/v1/calls", headers: app.auth, json: #"{"callId":"u.2","event":"ringing","from":"anonymous"}"#)
            let page = try await client.send(.get, "/api/v1/calls?limit=1", headers: app.auth).decoded(ListOf<CallBody>.self)
            #expect(page.items.map(\.callId) == ["u.2"] && page.items.first?.customerId == nil && page.next != nil)
            let rest = try await client.send(.get, "/api/v1/calls?limit=1&after=\(page.next ?? "")", headers: app.auth).decoded(ListOf<CallBody>.self)
            #expect(rest.items.map(\.callId) == ["1790000000.7"] && rest.next == nil)
            #expect(try await client.send(.get, "/api/v1/calls?state=lost", headers: app.auth).status == .badRequest)
        }
    }

    @Test("bad reports answer problem+json naming each field with a code; roles without calls.report get 403")
    func validation() async throws {
        try await TestApp.with { app, client in
            let cases: [(String, HTTPResponse.Status, [String: String])] = [
                ("{}", .unprocessableContent, ["callId": "required", "event": "required"]),
                (#"{"callId":"a","event":"hangup","from":"1","direction":"sideways"}"#, .unprocessableContent, ["event": "choice.unknown", "direction": "choice.unknown"]),
                (#"{"callId":7,"event":"ringing","from":"1"}"#, .unprocessableContent, ["callId": "json.string"]),
                (#"{"callId":"a","event":"ringing","from":" "}"#, .unprocessableContent, ["from": "required"]),
                (#"{"callId":"a","event":"ringing","from":"1","at":"yesterday"}"#, .unprocessableContent, ["at": "instant.invalid"]),
                (#"{"callId":"a","event":"ringing","from":"1","agentUserId":"x"}"#, .unprocessableContent, ["agentUserId": "id.user"]),
                (#"{"callId":"a","event":"ringing","from":"1","agentUserId":"987654"}"#, .unprocessableContent, ["agentUserId": "id.user"]),
                (#"{"callId":"a","event":"ringing","from":"1","linkedid":"b"}"#, .unprocessableContent, ["linkedid": "json.unknownField"]),
                (#"{"callId":"\#(String(repeating: "k", count: 201))","event":"ringing","from":"1"}"#, .unprocessableContent, ["callId": "text.tooLong"]),
                (#"{"callId":"a\u0007","event":"ringing","from":"1"}"#, .unprocessableContent, ["callId": "text.control"]),
                ("not json", .badRequest, [:]),
                ("[1]", .badRequest, [:]),
            ]
            for (body, status, fields) in cases {
                let answer = try await client.send(.post, "/api/v1/calls", headers: app.auth, json: body)
                #expect(answer.status == status, "\(body): \(answer.text)")
                #expect(answer.headers[.contentType] == "application/problem+json", "\(body)")
                let problem = try answer.decoded(ProblemBody.self)
                for (field, code) in fields { #expect(problem.error(field)?.code == code, "\(body): \(field) in \(answer.text)") }
            }
            let fa = try await client.send(.post, "/api/v1/calls?lang=fa", headers: app.auth, json: #"{"event":"ringing","from":"1"}"#)
            #expect(try fa.decoded(ProblemBody.self).error("callId")?.message == "لازم است")
            let (_, repToken) = try await app.token(for: .supportAgent, email: "agent@example.test")
            let agent: HTTPFields = [.authorization: "Bearer \(repToken)", .contentType: "application/json"]
            #expect(try await client.send(.post, "/api/v1/calls", headers: agent, json: #"{"callId":"a","event":"ringing","from":"1"}"#).status == .forbidden)
            #expect(try await client.send(.put, "/api/v1/users/1/extension", headers: agent, json: #"{"extension":"1"}"#).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/calls", json: #"{"callId":"a","event":"ringing","from":"1"}"#).status == .unauthorized)
            let badExt = try await client.send(.put, "/api/v1/users/\(app.admin.id)/extension", headers: app.auth, json: #"{"extension":"2 01"}"#)
            #expect(badExt.status == .unprocessableContent)
            #expect(try badExt.decoded(ProblemBody.self).error("extension")?.code == "extension.invalid")
            #expect(try await client.send(.put, "/api/v1/users/987654/extension", headers: app.auth, json: #"{"extension":"9"}"#).status == .notFound)
        }
    }

    @Test("the new-customer form takes the caller's number from ?phone=")
    func prefilledPhone() async throws {
        try await TestApp.with { _, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let form = try await browser.request(.get, "/customers/new?phone=%2B989351112233&lang=en")
            #expect(form.status == .ok)
            #expect(form.text.contains(">+989351112233</textarea>"))
        }
    }

    @Test("an administrator sets a person's extension on their account page; a bad or taken one is refused in the reader's language")
    func extensionOnTheAccountPage() async throws {
        try await TestApp.with { app, client in
            let (agent, _) = try await app.token(for: .supportAgent, email: "agent@example.test")
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/admin/users/\(agent.id)?lang=fa")
            #expect(page.text.contains("شمارهٔ داخلی تلفن"))
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let saved = try await browser.request(.post, "/admin/users/\(agent.id)/extension", form: [("_csrf", csrf), ("extension", "201")])
            #expect(saved.status == .seeOther)
            #expect(try await StaffExtensions(app.database).get(agent.id) == "201")
            #expect(try await browser.request(.get, "/admin/users/\(agent.id)?lang=en").text.contains(#"value="201""#))
            let taken = try await browser.request(.post, "/admin/users/\(app.admin.id)/extension?lang=fa", form: [("_csrf", csrf), ("extension", "201")])
            #expect(taken.status == .unprocessableContent)
            #expect(taken.text.contains("این داخلی از آن همکار دیگری است"))
            let bad = try await browser.request(.post, "/admin/users/\(agent.id)/extension?lang=en", form: [("_csrf", csrf), ("extension", "2 01")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("must be 1 to 20 letters"))
            let forged = try await browser.request(.post, "/admin/users/\(agent.id)/extension", form: [("extension", "7")])
            #expect(forged.status != .seeOther)
            #expect(try await StaffExtensions(app.database).get(agent.id) == "201")
        }
    }
}
