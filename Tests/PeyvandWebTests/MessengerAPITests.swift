import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// The bot platform's webhook and a customer's link code, through the router.
@Suite("Messenger webhook and link codes")
struct MessengerAPITests {
    struct LinkBody: Decodable {
        struct Code: Decodable { let code: String; let deepLink: String?; let expiresAt: Date }
        struct Chat: Decodable { let chatId: String; let userName: String?; let active: Bool }
        let customerId: String
        let linked: Bool
        let chats: [Chat]
        let code: Code?
    }

    static func update(_ id: Int, chat: Int = 3003, message: Int = 1, text: String) -> String {
        #"{"update_id":\#(id),"message":{"message_id":\#(message),"from":{"id":\#(chat),"first_name":"Nika","username":"nika"},"chat":{"id":\#(chat),"type":"private"},"date":1764950400,"text":"\#(text)"}}"#
    }

    @Test("a forged path is 404 and a missing or wrong secret header 401, storing nothing; bad bodies are 400 and 413; an update lands once")
    func webhookStatuses() async throws {
        try await TestApp.with { app, client in
            let json: HTTPFields = [.contentType: "application/json"]
            #expect(try await client.send(.post, "/api/v1/messenger/webhook/anything", headers: json, json: Self.update(1, text: "hi")).status == .notFound,
                    "no bot configured yet")
            let settings = try await MessengerSettings(app.database).configure(botName: "peyvand_bot", baseURL: "https://api.telegram.org")
            try await MessengerSettings(app.database).setHeaderSecret("header-secret_1")
            let path = settings.webhookPath
            var signed = json
            signed[.init("X-Telegram-Bot-Api-Secret-Token")!] = "header-secret_1"
            var forged = json
            forged[.init("X-Telegram-Bot-Api-Secret-Token")!] = "header-secret_2"
            let wrongPath = try await client.send(.post, "/api/v1/messenger/webhook/" + String(settings.pathSecret.reversed()), headers: signed,
                                                  json: Self.update(1, text: "forged"))
            #expect(wrongPath.status == .notFound && wrongPath.headers[.contentType] == "application/problem+json")
            #expect(try await client.send(.post, path, headers: json, json: Self.update(1, text: "forged")).status == .unauthorized)
            #expect(try await client.send(.post, path, headers: forged, json: Self.update(1, text: "forged")).status == .unauthorized)
            #expect(try await MessengerLinks(app.database).link(chatId: "3003") == nil, "nothing stored")
            for bad in ["{", "[]", "{}", #"{"update_id":"7"}"#, #"{"update_id":1e400}"#, #"{"update_id":1,"message":{"chat":{"id":1}}}"#] {
                let answer = try await client.send(.post, path, headers: signed, json: bad)
                #expect(answer.status == .badRequest, "\(bad)")
            }
            let huge = #"{"update_id":1,"pad":""# + String(repeating: "x", count: 1 << 20) + #""}"#
            #expect(try await client.send(.post, path, headers: signed, json: huge).status == .contentTooLarge)
            let first = try await client.send(.post, path, headers: signed, json: Self.update(1, text: "سلام"))
            #expect(first.status == .ok && first.json["outcome"] as? String == "received")
            let again = try await client.send(.post, path, headers: signed, json: Self.update(1, text: "سلام"))
            #expect(again.json["outcome"] as? String == "duplicate")
            let other = try await client.send(.post, path, headers: signed, json: #"{"update_id":2,"edited_message":{"message_id":1}}"#)
            #expect(other.status == .ok && other.json["outcome"] as? String == "ignored")
            let link = try #require(try await MessengerLinks(app.database).link(chatId: "3003"))
            let stored = try await ChannelMessages(app.database).find(channel: .messenger, externalId: "3003:1")
            #expect(stored?.customerId == link.customerId)
        }
    }

    @Test("staff who edit customers make a code with its deep link; the webhook's /start links the chat; read-only roles see no code")
    func linkCodes() async throws {
        try await TestApp.with { app, client in
            let settings = try await MessengerSettings(app.database).configure(botName: "peyvand_bot", baseURL: "https://tapi.bale.ai")
            let made = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Nika"}"#)
            let id = try #require(made.json["id"] as? String)
            let created = try await client.send(.post, "/api/v1/customers/\(id)/messenger-link", headers: app.auth)
            #expect(created.status == .created && created.headers[.location] == "/api/v1/customers/\(id)/messenger-link")
            let body = try created.decoded(LinkBody.self)
            let code = try #require(body.code)
            #expect(code.deepLink == "https://ble.ir/peyvand_bot?start=\(code.code)" && !body.linked)
            let (_, marketer) = try await app.token(for: .marketer, email: "m@example.test")
            let readOnly: HTTPFields = [.authorization: "Bearer \(marketer)", .contentType: "application/json"]
            #expect(try await client.send(.post, "/api/v1/customers/\(id)/messenger-link", headers: readOnly).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/customers/\(id)/messenger-link", headers: readOnly).decoded(LinkBody.self).code == nil)
            #expect(try await client.send(.get, "/api/v1/customers/999/messenger-link", headers: app.auth).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/customers/\(id)/messenger-link").status == .unauthorized)
            let linked = try await client.send(.post, settings.webhookPath, headers: [.contentType: "application/json"],
                                               json: Self.update(5, chat: 8008, text: "/start \(code.code)"))
            #expect(linked.json["outcome"] as? String == "linked")
            let state = try await client.send(.get, "/api/v1/customers/\(id)/messenger-link", headers: app.auth).decoded(LinkBody.self)
            #expect(state.linked && state.chats.map(\.chatId) == ["8008"] && state.chats.first?.userName == "nika" && state.code == nil)
        }
    }
}
