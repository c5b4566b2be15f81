import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandWeb
import Testing

@Suite("SMS API: preview, send, settings and the gateway's callback")
struct SMSAPITests {
    static var configuration: AppConfiguration {
        var configuration = TestApp.defaultConfiguration
        // Nothing listens on port 9: these tests never reach the gateway, they only queue.
        configuration.smsProvider = KavenegarProvider(apiKey: "k", baseURL: "http://127.0.0.1:9")
        configuration.smsSender = "30004554"
        configuration.smsPrices = SMSPrices(ucs2: Money(minorUnits: 1_200, currency: .irr), gsm7: Money(minorUnits: 500, currency: .irr))
        return configuration
    }

    @Test("the preview counts parts and prices them; sending queues to a mobile and refuses a landline with its code")
    func previewAndSend() async throws {
        try await TestApp.with(configuration: Self.configuration) { app, client in
            let text = String(repeating: "س", count: 71)
            let preview = try await client.send(.post, "/api/v1/sms/preview", headers: app.auth, json: #"{"text":"\#(text)"}"#)
            #expect(preview.status == .ok)
            #expect(preview.json["encoding"] as? String == "ucs-2" && preview.json["parts"] as? Int == 2 && preview.json["perPart"] as? Int == 67)
            #expect((preview.json["cost"] as? [String: Any])?["amount"] as? String == "2400")
            #expect(try await client.send(.post, "/api/v1/sms/preview", headers: app.auth, json: #"{"txt":"a"}"#).status == .unprocessableContent)

            let made = try await client.send(.post, "/api/v1/customers", headers: app.auth,
                                             json: #"{"name":"مریم","phones":["02188887777","09121234567"],"consents":{"sms":true}}"#)
            let id = try #require(made.json["id"] as? String)
            var headers = app.auth
            headers[.init("Idempotency-Key")!] = "order-1"
            let sent = try await client.send(.post, "/api/v1/customers/\(id)/sms", headers: headers, json: #"{"text":"سلام"}"#)
            #expect(sent.status == .accepted)
            #expect(sent.json["to"] as? String == "+989121234567" && sent.json["status"] as? String == "queued")
            #expect(try await client.send(.post, "/api/v1/customers/\(id)/sms", headers: headers, json: #"{"text":"سلام"}"#).status == .conflict)
            let landline = try await client.send(.post, "/api/v1/customers/\(id)/sms", headers: app.auth, json: #"{"text":"سلام","to":"02188887777"}"#)
            #expect(landline.status == .unprocessableContent)
            #expect(try landline.decoded(ProblemBody.self).error("to")?.code == "sms.not_mobile")
            let long = try await client.send(.post, "/api/v1/customers/\(id)/sms", headers: app.auth,
                                             json: #"{"text":"\#(String(repeating: "س", count: 300))"}"#)
            #expect(try long.decoded(ProblemBody.self).error("text")?.code == "sms.too_long")
            let queued = try await client.send(.get, "/api/v1/outbox?status=queued", headers: app.auth)
            #expect((queued.json["items"] as? [[String: Any]])?.filter { $0["channel"] as? String == "sms" }.count == 1)
        }
    }

    @Test("the callback takes reports and replies under the installation's secret; a forged secret is 404, a malformed body 400")
    func callback() async throws {
        try await TestApp.with(configuration: Self.configuration) { app, client in
            let settings = try await client.send(.get, "/api/v1/sms/settings", headers: app.auth)
            #expect(settings.status == .ok)
            let path = try #require(settings.json["callbackPath"] as? String)
            #expect(path.hasPrefix("/api/v1/sms/callback/") && path.count > 60)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let reply = "messageid=9001&from=09121234567&to=30004554&message=" + "سلام".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let forged = try await client.send(.post, "/api/v1/sms/callback/" + String(repeating: "0", count: 64), headers: form, json: reply)
            #expect(forged.status == .notFound)
            #expect(try await client.send(.post, path, headers: form, json: "messageid=&status=x").status == .badRequest)
            #expect(try await client.send(.post, path, headers: form, json: "messageid=5&from=hello&message=x").status == .badRequest)
            let first = try await client.send(.post, path, headers: form, json: reply)
            #expect(first.status == .ok && first.json["recorded"] as? Bool == true)
            #expect(try await client.send(.post, path, headers: form, json: reply).json["recorded"] as? Bool == false)
            let customers = try await client.send(.get, "/api/v1/customers", headers: app.auth)
            #expect((customers.json["items"] as? [[String: Any]])?.count == 1, "the unknown sender became one contact, once")
            let (_, repToken) = try await app.token(for: .salesRep, email: "rep@example.test")
            #expect(try await client.send(.get, "/api/v1/sms/settings", headers: [.authorization: "Bearer \(repToken)"]).status == .forbidden)
        }
    }
}
