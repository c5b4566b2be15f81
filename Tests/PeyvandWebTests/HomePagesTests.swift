import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
@testable import PeyvandWeb
import Testing

/// The start page, the navigation and the interactions list, as a manager and as a sales rep sees them.
@Suite struct HomePagesTests {
    @Test("the dashboard in Persian: Persian digits and words, the figures linking to their lists, names isolated")
    func dashboardInPersian() async throws {
        let fa = try await PageViewTests.render("home", .fa)
        #expect(fa.contains("۱۲۳۴") && !fa.contains("1234"))
        #expect(fa.contains("href=\"/customers\"") && fa.contains("href=\"/receivables\"") && fa.contains("href=\"/analytics#retention\""))
        #expect(fa.contains("href=\"/interactions?from="))
        #expect(fa.contains("<bdi>مریم رضایی</bdi>") && fa.contains("<bdi>Admin</bdi>"))
        let text = fa.replacingOccurrences(of: #"<bdi>[^<]*</bdi>|<[^>]*>"#, with: " ", options: .regularExpression)
        // Outside isolated names and markup only currency codes are in Latin letters.
        let latin = text.split(whereSeparator: { !$0.isASCII || $0.isWhitespace }).filter { $0.contains(where: \.isLetter) || $0.contains(where: \.isNumber) }
            .filter { !["IRR", "EUR", "English", "CRM"].contains(String($0)) }
        #expect(latin.isEmpty, "Latin text on the Persian dashboard: \(latin)")
        let en = try await PageViewTests.render("home", .en)
        #expect(en.contains("1234") && en.contains("Valuable customers at risk"))
        #expect(en.range(of: #"[\x{0600}-\x{06FF}]"#, options: .regularExpression).map { en[$0] } != nil) // user data only
    }

    @Test("the navigation reaches interactions and churn, hides what the role cannot use, and folds the areas to come")
    func navigation() async throws {
        try await TestApp.with { app, client in
            _ = try await UserRepository(app.database).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "correct horse battery")
            var admin = Browser(client)
            _ = try await admin.logIn()
            let page = try await admin.request(.get, "/?lang=en")
            #expect(page.status == .ok)
            #expect(page.text.contains("href=\"/interactions\"") && page.text.contains("href=\"/analytics#churn\""))
            #expect(!page.text.contains("/areas/interactions") && !page.text.contains("/areas/churn"))
            #expect(page.text.contains("<details class=\"nav-later\">") && page.text.contains("href=\"/areas/loyalty\""))
            #expect(page.text.contains("href=\"/deals\"") && !page.text.contains("/areas/sales"))
            #expect(page.text.contains("<bdi>Admin</bdi>"))
            var rep = Browser(client)
            _ = try await rep.logIn("rep@example.test")
            let repPage = try await rep.request(.get, "/?lang=en")
            #expect(repPage.status == .ok)
            #expect(!repPage.text.contains("href=\"/analytics") && !repPage.text.contains("href=\"/admin/users\""))
            #expect(repPage.text.contains("href=\"/interactions\""))
            #expect(!repPage.text.contains("figure-at-risk\" href"), "a rep reads no organisation-wide list")
        }
    }

    @Test("the interactions list: the customers in reach, newest first, linking to each customer, filters kept on the next page")
    func interactionsList() async throws {
        try await TestApp.with { app, client in
            let customers = CustomerRepository(app.database)
            let admin = app.admin.principal
            let mine = try await customers.create(CustomerInput(name: "نگار"), by: admin)
            let interactions = InteractionRepository(app.database)
            for n in 0..<55 {
                _ = try await interactions.create(customerId: mine.id, InteractionInput(kind: n % 2 == 0 ? "call" : "email",
                                                                                          occurredAt: Date().addingTimeInterval(-Double(n) * 60),
                                                                                          subject: "s\(n)"), by: admin)
            }
            var browser = Browser(client)
            _ = try await browser.logIn()
            let all = try await browser.request(.get, "/interactions?lang=fa")
            #expect(all.status == .ok)
            #expect(all.text.contains("href=\"/customers/\(mine.id)#timeline\"><bdi>نگار</bdi>"))
            #expect(all.text.components(separatedBy: "class=\"interaction-row\"").count - 1 == 50)
            #expect(all.text.range(of: "<bdi>s0</bdi>")!.lowerBound < all.text.range(of: "<bdi>s1</bdi>")!.lowerBound, "newest first")
            let calls = try await browser.request(.get, "/interactions?kind=call")
            #expect(calls.text.components(separatedBy: "class=\"interaction-row\"").count - 1 == 28)
            #expect(!calls.text.contains("id=\"interactions-next\""))
            let page1 = try await browser.request(.get, "/interactions?from=2020-01-01&lang=en")
            let next = try #require(page1.text.range(of: #"id="interactions-next" class="button" href="([^"]+)""#, options: .regularExpression).map {
                String(page1.text[$0]).components(separatedBy: "href=\"")[1].dropLast() })
            #expect(next.contains("from=2020-01-01"), "the filter sticks: \(next)")
            let page2 = try await browser.request(.get, String(next).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(page2.status == .ok)
            #expect(page2.text.contains("s54") || page2.text.contains("s53"))
        }
    }
}
