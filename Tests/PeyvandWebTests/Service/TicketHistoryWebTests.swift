import Foundation
import HTTPTypes
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// A ticket's history through the router: the API's audit trail, paged, and the page's card of
/// changed fields with their values labelled in fa and en.
@Suite struct TicketHistoryWebTests {
    struct Entry: Decodable { let action: String; let field: String?; let before: String?; let after: String? }

    @Test("the API lists the ticket's history newest first and pages it; the page shows each change labelled in fa and en")
    func history() async throws {
        try await TestApp.with { app, client in
            let customerId = try await TicketsAPITests.customer(app, client)
            let opened = try await client.send(.post, "/api/v1/tickets", headers: app.auth,
                                               json: #"{"customerId":"\#(customerId)","subject":"کندی سامانه","body":"کند است"}"#)
            #expect(opened.status == .created)
            let id = try opened.decoded(IdBody.self).id
            let changed = try await client.send(.patch, "/api/v1/tickets/\(id)", headers: app.auth, json: #"{"status":"resolved","priority":"high"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            let all = try await client.send(.get, "/api/v1/tickets/\(id)/history", headers: app.auth)
            let entries = try all.decoded(ListOf<Entry>.self).items
            #expect(entries.last?.action == "create")
            let status = try #require(entries.first { $0.field == "status" })
            #expect(status.before == "new" && status.after == "resolved")
            #expect(entries.contains { $0.field == "priority" && $0.before == "normal" && $0.after == "high" })
            let first = try await client.send(.get, "/api/v1/tickets/\(id)/history?limit=1", headers: app.auth)
            let page = try first.decoded(ListOf<Entry>.self)
            #expect(page.items.count == 1 && page.next != nil)
            #expect(try await client.send(.get, "/api/v1/tickets/999999/history", headers: app.auth).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/tickets/\(id)/history?limit=0", headers: app.auth).status == .badRequest)

            var browser = Browser(client)
            _ = try await browser.logIn()
            let fa = try await browser.request(.get, "/tickets/\(id)?lang=fa")
            #expect(fa.text.contains("id=\"ticket-changes\"") && fa.text.contains("تغییرها"))
            #expect(fa.text.contains("وضعیت: <bdi dir=\"auto\">تازه</bdi> ← <bdi dir=\"auto\">حل شده</bdi>"))
            let en = try await browser.request(.get, "/tickets/\(id)?lang=en")
            #expect(en.text.contains("Status: <bdi dir=\"auto\">New</bdi> → <bdi dir=\"auto\">Resolved</bdi>"))
            #expect(en.text.contains("Priority: <bdi dir=\"auto\">Normal</bdi> → <bdi dir=\"auto\">High</bdi>"))
        }
    }
}
