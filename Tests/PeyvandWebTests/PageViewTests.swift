import Foundation
import PeyvandCore
@testable import PeyvandWeb
import Testing

/// Pages rendered from models built in the test (`PageModelSamples`), with no database, in fa and
/// en: Persian labels and digits in fa, no catalog key left unreplaced, field errors through the
/// one partial.
@Suite struct PageViewTests {
    static func render(_ template: String, _ lang: Language) async throws -> String {
        let views = try await TemplateKeysTests.views()
        let x = PageText(views: views, lang: lang, toman: false)
        let model = try #require(PageModelSamples.all(x).first { $0.template == template }?.model)
        let page = TemplateKeysTests.layout(views, lang).merging(Views.values(of: model)) { _, new in new }
        return try #require(views.library.render(page, withTemplate: template))
    }

    /// Catalog keys that reached the page as themselves (`customer_new`, or `role_salesRep` when no
    /// such key exists): words shaped like a key whose first part starts some catalog key.
    static func rawKeys(_ html: String, _ views: Views) -> [String] {
        let keys = views.catalogs.strings[.en] ?? [:]
        let prefixes = Set(keys.keys.compactMap { $0.split(separator: "_").first.map(String.init) })
        let text = html.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        let words = text.components(separatedBy: CharacterSet(charactersIn: " \n\t·:;,()«»“”\"'"))
        return Set(words.filter { word in
            word.range(of: #"^[a-z]+_[A-Za-z0-9_+]+$"#, options: .regularExpression) != nil
                && prefixes.contains(String(word.split(separator: "_")[0]))
        }).sorted()
    }

    @Test("every page in Persian: rtl, Persian digits, Persian labels, no raw catalog keys, field errors in Persian",
          arguments: ["order", "invoice", "products", "customers-list", "customer-form", "admin-user", "account", "receivables", "orders-list",
                      "customer-import", "history-import", "home", "duplicates", "password-reset"])
    func persian(_ template: String) async throws {
        let views = try await TemplateKeysTests.views()
        let html = try await Self.render(template, .fa)
        #expect(html.contains("<html lang=\"fa\" dir=\"rtl\">"))
        #expect(Self.rawKeys(html, views).isEmpty, "\(template): \(Self.rawKeys(html, views))")
        #expect(!html.contains("is required"), "\(template): an English field error on a Persian page")
    }

    @Test("the field-error partial: one markup on every form, with the message from the catalog in the reader's language")
    func fieldErrors() async throws {
        let order = try await Self.render("order", .fa)
        #expect(order.contains("<div class=\"notice error\" role=\"alert\" id=\"order-errors\"><p class=\"field-error\" data-field=\"lines\">"))
        #expect(order.contains("لازم است"), "issue_required in Persian")
        let form = try await Self.render("customer-form", .en)
        #expect(form.contains("<p class=\"field-error\" data-field=\"phones\"><bdi>Name</bdi>: is required</p>"))
    }

    @Test("the order page: Persian digits and labels in fa, the same figures in Latin digits in en")
    func order() async throws {
        let fa = try await Self.render("order", .fa)
        let x = PageText(views: try await TemplateKeysTests.views(), lang: .fa, toman: false)
        let total = PageModelSamples.rial(x, 1_000_000)
        #expect(total.contains("۱") && !total.contains("1"), "money in Persian digits: \(total)")
        #expect(fa.contains(total))
        #expect(fa.contains(x.label("ostatus", "confirmed")))
        let en = try await Self.render("order", .en)
        #expect(en.contains("<html lang=\"en\" dir=\"ltr\">"))
        #expect(!en.contains("۱"), "no Persian digits in en")
    }

    @Test("the staff page and the products page in English name things in English")
    func english() async throws {
        let admin = try await Self.render("admin-user", .en)
        #expect(admin.contains("id=\"reset-link\""))
        #expect(admin.contains("Sales rep") || admin.contains("sales"))
        let products = try await Self.render("products", .en)
        #expect(products.contains("id=\"product-errors\""))
    }
}
