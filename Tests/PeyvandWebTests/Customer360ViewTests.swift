import Foundation
import PeyvandCore
@testable import PeyvandWeb
import Testing

/// The customer 360 view rendered from a model built here, with no database: what a page shows
/// is decided by its model, in either language.
@Suite struct Customer360ViewTests {
    typealias M = Customer360Model

    static func model(_ x: PageText, canWrite: Bool, scores: Bool) -> M {
        let when = x.when(Date(timeIntervalSince1970: 1_765_000_000))
        return M(
            canWrite: canWrite, canDelete: false, canLog: true, canOrder: true, canAudit: true,
            customer: .init(id: 42, name: "مریم احمدی", givenName: "مریم", familyName: "احمدی", kindLabel: x.label("kind", "person"),
                            isOrganisation: false, stage: "customer", stageLabel: x.label("stage", "customer"),
                            phones: [.init(text: x.phone("+989121234567"), href: x.phoneLink("+989121234567"))],
                            emails: ["maryam@example.com"], city: "تهران", owner: nil, channelLabel: x.label("channel", "sms"),
                            consents: [x.label("channel", "sms")], tags: ["VIP"], jobTitle: nil, organisation: nil, customFields: [],
                            created: when, updated: when, deleted: false, flash: nil),
            people: [],
            log: .init(kinds: InteractionKind.allCases.map { x.option($0.rawValue, "ikind", "call") }, directions: [], occurredAt: when,
                       subject: "", body: "", outcome: "", durationMinutes: "", cost: "", open: false, errors: .init()),
            filters: .init(kinds: [], channels: [], staff: [], from: "", to: "", error: nil, active: false),
            value: .init(revenue: x.money(Money(minorUnits: 12_500_000, currency: .irr)), costOfGoods: "—", costToServe: "—",
                         profit: x.money(Money(minorUnits: 2_500_000, currency: .irr)), loss: false, orders: x.number(3), interval: nil, last: nil),
            scores: scores ? .init(behaviour: nil, churn: x.percent(0.42), churnReasons: nil, segment: "champions",
                                   segmentLabel: x.label("rfmseg", "champions"), rfm: x.number(5) + " · " + x.number(4) + " · " + x.number(5),
                                   alive: x.percent(0.9), expected: "—", clv: "—", computed: when) : nil,
            recentOrders: [.init(id: 7, number: x.number(7), status: "confirmed", statusLabel: x.label("ostatus", "confirmed"),
                                 total: x.money(Money(minorUnits: 4_000_000, currency: .irr)), when: when)],
            timeline: [.init(id: 9, source: "interaction", kind: "call", kindLabel: x.label("ikind", "call"), isDocument: false, orderHref: nil,
                             when: when, staff: "سارا", channelLabel: nil, directionLabel: nil, title: "پیگیری سفارش", detail: nil, outcome: nil,
                             duration: x.number(4), cost: nil, otherCustomer: nil, reference: nil)],
            timelineNext: nil, audit: [], merges: [], documentError: nil, relations: [], relationKinds: [])
    }

    static func render(_ lang: Language, canWrite: Bool = true, scores: Bool = true) async throws -> String {
        let views = try await Views(formatting: Formatting(timeZone: TimeZone(identifier: "Asia/Tehran")!))
        let x = PageText(views: views, lang: lang, toman: false)
        var page: [String: Any] = ["t": views.catalogs.table(lang), "lang": lang.rawValue, "dir": lang == .fa ? "rtl" : "ltr",
                                   "isFa": lang == .fa, "title": "مریم احمدی"]
        page.merge(Views.values(of: model(x, canWrite: canWrite, scores: scores))) { _, new in new }
        return try #require(views.library.render(page, withTemplate: "customer-360"))
    }

    @Test("in Persian: the name, Persian labels and digits, the timeline, the value; no English labels of the model")
    func persian() async throws {
        let html = try await Self.render(.fa)
        #expect(html.contains("<h1 id=\"customer-name\"><bdi>مریم احمدی</bdi></h1>"))
        #expect(html.contains("href=\"tel:+989121234567\">۰۹۱۲ ۱۲۳ ۴۵۶۷</a>"), "the phone in national form and Persian digits, E.164 in the link")
        #expect(html.contains("سفارش #۷"), "the order's number in Persian digits")
        #expect(html.contains("پیگیری سفارش"))
        #expect(html.contains("۴۲٪"), "churn risk in Persian digits")
        #expect(html.contains("id=\"edit-customer\""))
        #expect(html.contains(PageText(views: try await Views(formatting: Formatting(timeZone: .gmt)), lang: .fa, toman: false)
            .label("rfmseg", "champions")), "the segment is shown by its Persian label")
    }

    @Test("in English, and what the model leaves out is not shown: no scores, no edit link for a read-only role")
    func englishAndAbsent() async throws {
        let html = try await Self.render(.en, canWrite: false, scores: false)
        #expect(html.contains("<html lang=\"en\" dir=\"ltr\">"))
        #expect(html.contains("42%") == false)
        #expect(!html.contains("id=\"edit-customer\""))
    }
}
