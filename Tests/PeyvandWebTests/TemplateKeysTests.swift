import Foundation
import PeyvandCore
@testable import PeyvandWeb
import Testing

/// Every name a page template uses resolves in its typed model or the layout's variables, and every
/// `t.key` is in the catalog: renaming a model property or misspelling a key in a template fails
/// here, not on a page that silently shows nothing.
@Suite struct TemplateKeysTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PeyvandWeb/Resources/templates")

    static func layout(_ views: Views, _ lang: Language) -> [String: Any] {
        let user = User(id: 1, email: "admin@example.test", name: "مدیر", role: .administrator, language: lang, active: true, createdAt: Date())
        var page = views.layout(lang, title: "عنوان", csrf: "token", toman: false, user: user, current: "customers",
                                links: .init(fa: "/?lang=fa", en: "/?lang=en", rial: "/?money=rial", toman: "/?money=toman"))
        // The angry banner the layout shows when a page's values carry one (`Views.page(…, customerId:)`).
        page["angryBanner"] = Views.values(of: SatisfactionSamples.banner(PageText(views: views, lang: lang, toman: false)))
        return page
    }

    static func views() async throws -> Views { try await Views(formatting: Formatting(timeZone: TimeZone(identifier: "Asia/Tehran")!)) }

    @Test("every page template's names resolve against its model and the layout, in both languages")
    func everyKeyResolves() async throws {
        let views = try await Self.views()
        let keys = TemplateKeys(directory: Self.templates)
        for lang in Language.allCases {
            let x = PageText(views: views, lang: lang, toman: false)
            let base = Self.layout(views, lang)
            #expect(try keys.unresolved("layout", values: base).isEmpty)
            for (template, model) in PageModelSamples.all(x) {
                let values = base.merging(Views.values(of: model)) { _, new in new }
                let missing = try keys.unresolved(template, values: values)
                #expect(missing.isEmpty, "\(lang): \(missing)")
            }
        }
    }

    @Test("every page template has a sample model here, except the analytics page (its own suite)")
    func everyTemplateHasASample() async throws {
        let views = try await Self.views()
        let sampled = Set(PageModelSamples.all(PageText(views: views, lang: .fa, toman: false)).map(\.template))
        let pages = try FileManager.default.contentsOfDirectory(atPath: Self.templates.path).filter { $0.hasSuffix(".mustache") }
            .map { String($0.dropLast(".mustache".count)) }
        let notPages: Set = ["layout", "field-error", "analytics"]
        #expect(Set(pages).subtracting(notPages).subtracting(sampled).isEmpty, "pages without a sample: \(Set(pages).subtracting(notPages).subtracting(sampled))")
    }

    @Test("the check fails on a misspelt key, a renamed property, a missing catalog key and a missing partial")
    func theCheckCatchesMistakes() async throws {
        let views = try await Self.views()
        let x = PageText(views: views, lang: .fa, toman: false)
        let keys = TemplateKeys(directory: Self.templates)
        let values = Self.layout(views, .fa).merging(Views.values(of: PageModelSamples.order(x))) { _, new in new }
        func unresolved(_ text: String) throws -> [String] {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wtp-keys-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            for name in ["field-error"] {
                try FileManager.default.copyItem(at: Self.templates.appendingPathComponent(name + ".mustache"), to: dir.appendingPathComponent(name + ".mustache"))
            }
            try text.write(to: dir.appendingPathComponent("probe.mustache"), atomically: true, encoding: .utf8)
            return try TemplateKeys(directory: dir).unresolved("probe", values: values)
        }
        #expect(try unresolved("{{#order}}{{statusLabel}}{{/order}}{{#errors}}{{> field-error}}{{/errors}}{{t.order}}").isEmpty)
        #expect(try unresolved("{{#order}}{{statusLabell}}{{/order}}") == ["probe: {{statusLabell}}"])
        #expect(try unresolved("{{order.totl}}") == ["probe: {{order.totl}}"])
        #expect(try unresolved("{{^empty(linez)}}x{{/empty(linez)}}") == ["probe: {{^empty(linez)}}"])
        #expect(try unresolved("{{t.order_no_such_key}}") == ["probe: {{t.order_no_such_key}}"])
        #expect(throws: (any Error).self) { try unresolved("{{> no-such-partial}}") }
        #expect(try keys.unresolved("order", values: values).isEmpty)
    }
}
