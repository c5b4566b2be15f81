import Foundation
import HTTPTypes
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// The routing rules' order from the settings page: each row's up and down buttons (none where a
/// rule cannot move), labelled in the page's language; a move without the form token is refused.
@Suite struct RoutingRuleOrderWebTests {
    @Test("the settings page moves a rule up and down; the first has no up button, the last no down; the labels are in fa or en")
    func order() async throws {
        try await TestApp.with { app, client in
            let admin = Principal(userId: app.admin.id, name: app.admin.name, role: .administrator)
            let team = try await ServiceTeams(app.database).create(name: "پشتیبانی", leadId: nil, managerId: nil, routing: "round-robin", by: admin)
            let rules = RoutingRules(app.database)
            let first = try await rules.create(RoutingRuleInput(name: "همه", teamId: String(team.id)), by: admin)
            let second = try await rules.create(RoutingRuleInput(name: "billing", category: "billing", teamId: String(team.id)), by: admin)
            var browser = Browser(client)
            _ = try await browser.logIn()
            let fa = try await browser.request(.get, "/settings/service?lang=fa")
            #expect(fa.text.contains("aria-label=\"یک ردیف بالاتر: billing\"") && fa.text.contains("aria-label=\"یک ردیف پایین‌تر: همه\""))
            #expect(!fa.text.contains("یک ردیف بالاتر: همه") && !fa.text.contains("یک ردیف پایین‌تر: billing"))
            let csrf = Browser.hidden("_csrf", in: fa.text) ?? ""
            let moved = try await browser.request(.post, "/settings/service/rules/\(second.id)/move", form: [("_csrf", csrf), ("direction", "up")])
            #expect(moved.status == .seeOther || moved.status == .found)
            #expect(moved.headers[.location]?.hasSuffix("#service-rules") == true)
            #expect(try await rules.list(by: admin).map(\.id) == [second.id, first.id])
            let back = try await browser.request(.post, "/settings/service/rules/\(second.id)/move", form: [("_csrf", csrf), ("direction", "down")])
            #expect(back.status == .seeOther || back.status == .found)
            #expect(try await rules.list(by: admin).map(\.id) == [first.id, second.id])
            let en = try await browser.request(.get, "/settings/service?lang=en")
            #expect(en.text.contains("aria-label=\"Move up: billing\"") && en.text.contains("aria-label=\"Move down: همه\""))
            let forged = try await browser.request(.post, "/settings/service/rules/\(first.id)/move", form: [("direction", "down")])
            #expect(forged.status == .forbidden)
            #expect(try await rules.list(by: admin).map(\.id) == [first.id, second.id])
        }
    }
}
