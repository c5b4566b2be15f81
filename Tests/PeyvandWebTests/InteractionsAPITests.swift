import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Interactions API and caller lookup")
struct InteractionsAPITests {
    @Test("log, read, list, filter and remove interactions")
    func logAndList() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Sara","phones":["09121234567"]}"#)
            let id = try created.decoded(IdBody.self).id
            let logged = try await client.send(.post, "/api/v1/customers/\(id)/interactions", headers: app.auth, json: """
                {"kind":"call","direction":"in","subject":"سفارش","durationSeconds":120,"cost":{"amount":"50000","currency":"IRR"},"occurredAt":"2026-11-01T10:00:00Z"}
                """)
            #expect(logged.status == .created)
            let interactionId = try logged.decoded(IdBody.self).id
            #expect(logged.headers[.location] == "/api/v1/interactions/\(interactionId)")
            let entry = try logged.decoded(InteractionBody.self)
            #expect(entry.channel == "phone" && entry.cost?.amount == "50000" && entry.cost?.currency == "IRR")
            try await client.send(.post, "/api/v1/customers/\(id)/interactions", headers: app.auth, json: #"{"kind":"email","subject":"Quote"}"#)
            let timeline = try await client.send(.get, "/api/v1/customers/\(id)/timeline", headers: app.auth)
            #expect(try timeline.decoded(ListOf<InteractionBody>.self).items.map(\.kind) == ["email", "call"])
            let calls = try await client.send(.get, "/api/v1/customers/\(id)/interactions?kind=call", headers: app.auth)
            #expect(try calls.decoded(ListOf<InteractionBody>.self).items.count == 1)
            let window = try await client.send(.get, "/api/v1/customers/\(id)/interactions?from=2026-10-01&to=2026-11-02", headers: app.auth)
            #expect(try window.decoded(ListOf<InteractionBody>.self).items.map(\.kind) == ["call"])
            #expect(try await client.send(.get, "/api/v1/customers/\(id)/interactions?from=soon", headers: app.auth).status == .badRequest)
            #expect(try await client.send(.delete, "/api/v1/interactions/\(interactionId)", headers: app.auth).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/interactions/\(interactionId)", headers: app.auth).status == .notFound)
            let bad = try await client.send(.post, "/api/v1/customers/\(id)/interactions", headers: app.auth,
                                            json: #"{"kind":"pigeon","occurredAt":"yesterday","durationSeconds":"long"}"#)
            #expect(bad.status == .unprocessableContent)
            let fields = Set((try bad.decoded(ProblemBody.self).errors ?? []).map(\.field))
            #expect(fields == ["kind", "occurredAt", "durationSeconds"])
        }
    }

    @Test("lookup takes the number in any form and answers the customer with recent entries")
    func lookup() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"علی","phones":["+98 912 123 4567"]}"#)
            let id = try created.decoded(IdBody.self).id
            try await client.send(.post, "/api/v1/customers/\(id)/interactions", headers: app.auth, json: #"{"kind":"call"}"#)
            let persian = "۰۹۱۲ ۱۲۳ ۴۵۶۷".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let found = try await client.send(.get, "/api/v1/lookup?phone=\(persian)", headers: app.auth)
            #expect(found.status == .ok)
            let lookup = try found.decoded(LookupBody.self)
            #expect(lookup.phone == "+989121234567")
            #expect(lookup.items.first?.customer.id == id)
            #expect(lookup.items.first?.recent.count == 1)
            let none = try await client.send(.get, "/api/v1/lookup?phone=09350000000", headers: app.auth)
            #expect(try none.decoded(LookupBody.self).items.isEmpty)
            #expect(try await client.send(.get, "/api/v1/lookup?phone=hello", headers: app.auth).status == .unprocessableContent)
            #expect(try await client.send(.get, "/api/v1/lookup", headers: app.auth).status == .unprocessableContent)
        }
    }
}

@Suite("Documents API")
struct DocumentsAPITests {
    @Test("upload the raw bytes, read the details, download, remove; disguised files get 422")
    func roundTrip() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Docs"}"#)
            let id = try created.decoded(IdBody.self).id
            let pdf = "%PDF-1.4\n%%EOF\n"
            let name = "قرارداد.pdf".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let uploaded = try await client.send(.post, "/api/v1/customers/\(id)/documents?filename=\(name)", headers: app.auth, json: pdf)
            #expect(uploaded.status == .created)
            let docId = try uploaded.decoded(IdBody.self).id
            let document = try uploaded.decoded(DocumentBody.self)
            #expect(document.mediaType == "application/pdf" && document.filename == "قرارداد.pdf")
            let download = try await client.send(.get, "/api/v1/documents/\(docId)/content", headers: app.auth)
            #expect(download.status == .ok)
            #expect(download.text == pdf)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(download.headers[.contentType] == "application/pdf")
            let disguised = try await client.send(.post, "/api/v1/customers/\(id)/documents?filename=x.pdf", headers: app.auth, json: "<html>hi</html>")
            #expect(disguised.status == .unprocessableContent)
            let missing = try await client.send(.post, "/api/v1/customers/\(id)/documents", headers: app.auth, json: pdf)
            #expect(missing.status == .unprocessableContent)
            #expect(try await client.send(.delete, "/api/v1/documents/\(docId)", headers: app.auth).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/documents/\(docId)/content", headers: app.auth).status == .notFound)
        }
    }
}

struct InteractionBody: Decodable {
    struct Cost: Decodable { let amount: String; let currency: String }
    let id: String, kind: String, channel: String?, cost: Cost?
}

struct LookupBody: Decodable {
    struct Match: Decodable { let customer: CustomerBody; let recent: [InteractionBody] }
    let phone: String
    let items: [Match]
}

struct DocumentBody: Decodable { let id: String; let filename: String; let mediaType: String }
