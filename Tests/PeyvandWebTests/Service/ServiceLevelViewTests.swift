import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb
import Testing

/// The service-level parts of the service pages rendered from sample models in fa and en: the
/// policies, hours and holidays sections with each form's problems beside its fields, read-only
/// for a reader; a ticket's targets in words (not colour alone) and the escalations; the watch's
/// note in the reader's language; the queue's due column with its breached and due-soon marks.
@Suite struct ServiceLevelViewTests {
    static func render(_ template: String, _ model: Any, _ lang: Language) async throws -> String {
        let views = try await TemplateKeysTests.views()
        let page = TemplateKeysTests.layout(views, lang).merging(Views.values(of: model)) { _, new in new }
        return try #require(views.library.render(page, withTemplate: template))
    }

    static func text(_ lang: Language) async throws -> PageText {
        PageText(views: try await TemplateKeysTests.views(), lang: lang, toman: false)
    }

    @Test("the settings: policies in working hours and money, each form's problems beside its fields, hours and holidays", arguments: Language.allCases)
    func settings(_ lang: Language) async throws {
        let x = try await Self.text(lang)
        let html = try await Self.render("service-settings", ServiceSamples.settings(x), lang)
        let fa = lang == .fa
        #expect(html.contains(fa ? "۴ ساعت و ۳۰ دقیقه" : "4 h 30 min"))
        #expect(fa ? html.contains("استاندارد") && !html.contains(">Standard<") : html.contains("Standard"), "the shipped policies' name in the page's language")
        #expect(html.contains(fa ? "۳۰ دقیقه" : "30 min"))
        #expect(html.contains(fa ? "۵٬۰۰۰٬۰۰۰ ریال" : "5,000,000"), "the value floor as money")
        #expect(html.contains("data-field=\"firstResponse\""))
        #expect(html.contains(fa ? "حداکثر ۸۷۶۰ ساعت" : "at most 8760 hours"))
        #expect(html.contains("data-field=\"hours\""))
        #expect(html.contains(fa ? "\u{2068}mon۲\u{2069}" : "\u{2068}mon2\u{2069}"), "what was typed, isolated")
        #expect(html.contains("value=\"mon2 8-17\""), "the hours as typed")
        #expect(html.contains(fa ? "sat-wed ۰۸:۰۰-۱۷:۰۰; thu ۰۸:۰۰-۱۳:۰۰" : "sat-wed 08:00-17:00; thu 08:00-13:00"))
        #expect(html.contains(fa ? "تعطیلات قمری سال ۱۴۰۷" : "The lunar holidays of 1407"))
        #expect(html.contains(fa ? "عید فطر" : "Eid al-Fitr"))
        #expect(html.contains(IranHolidays.lunarSource))
        #expect(html.contains(fa ? "۱۴۰۵/۰۱/۰۱" : "2026-03-21"), "Nowruz in the reader's calendar")
        #expect(html.contains("id=\"sla-new\"") && html.contains("id=\"holiday-new\""))
        if fa { #expect(!html.contains("is required") && !html.contains("must be")) }
    }

    @Test("a reader sees the sections without their forms", arguments: Language.allCases)
    func readOnly(_ lang: Language) async throws {
        let html = try await Self.render("service-settings", ServiceSamples.settingsReadOnly(try await Self.text(lang)), lang)
        #expect(html.contains("id=\"sla-policies\"") && html.contains("id=\"holiday-list\""))
        #expect(!html.contains("id=\"sla-new\"") && !html.contains("id=\"holiday-new\"") && !html.contains("name=\"hours\""))
        #expect(!html.contains("/settings/service/holidays/1/delete"))
    }

    @Test("a ticket's targets: met late, breached, running with working time left; the escalations; the watch's note", arguments: Language.allCases)
    func ticket(_ lang: Language) async throws {
        let html = try await Self.render("ticket", ServiceSamples.ticket(try await Self.text(lang)), lang)
        let fa = lang == .fa
        #expect(html.contains("data-state=\"met-late\"") && html.contains(fa ? "با تأخیر انجام شد" : "Met late"))
        #expect(html.contains("data-state=\"breached\"") && html.contains(fa ? "نقض شده" : "Breached"))
        #expect(html.contains(fa ? "در جریان: ۲ ساعت و ۳۰ دقیقه زمان کاری مانده" : "Running: 2 h 30 min of working time left"))
        #expect(html.contains(fa ? "به وقت تهران" : "Tehran time"))
        #expect(html.contains(fa ? "ارجاع به سرپرست تیم" : "escalated to the team lead") && html.contains("مدیر پشتیبانی"))
        #expect(html.contains("msg-system") && html.contains(fa ? "ناظر سطح خدمت" : "SLA watch") && html.contains("⚠"))
        #expect(html.contains(fa ? "مهلت نخستین پاسخ گذشته است" : "the first response is late"))
        #expect(!html.contains(fa ? "the first response is late" : "مهلت نخستین پاسخ گذشته است"), "only the reader's line of the note")
    }

    @Test("a waiting ticket's clock is paused, in words", arguments: Language.allCases)
    func paused(_ lang: Language) async throws {
        let html = try await Self.render("ticket", ServiceSamples.ticketPaused(try await Self.text(lang)), lang)
        #expect(html.contains("data-state=\"paused\"") && html.contains(lang == .fa ? "متوقف: در انتظار مشتری" : "Paused: waiting on the customer"))
        #expect(html.contains("data-state=\"met\""))
    }

    @Test("the queue: the due column, breached and due soon, sorting by due carried to the next page", arguments: Language.allCases)
    func queue(_ lang: Language) async throws {
        let x = try await Self.text(lang)
        let html = try await Self.render("tickets-list", ServiceSamples.list(x), lang)
        #expect(html.contains("data-due=\"breached\"") && html.contains(lang == .fa ? "نقض شده" : "breached"))
        #expect(html.contains("data-due=\"soon\"") && html.contains(lang == .fa ? "مهلت نزدیک" : "due soon"))
        let byDue = try await Self.render("tickets-list", ServiceSamples.listByDue(x), lang)
        #expect(byDue.contains("sort=due&amp;dueAfter=d") || byDue.contains("sort=due&dueAfter=d"))
        #expect(byDue.contains("queue=&amp;priority=urgent") || byDue.contains("queue=&priority=urgent"))
        #expect(byDue.contains("name=\"sort\" value=\"due\""))
    }
}
