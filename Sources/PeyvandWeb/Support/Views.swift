import Foundation
import Hummingbird
import Mustache
import PeyvandCore
import PeyvandStore

/// Renders pages: a mustache template from `Resources/templates` inside the shared layout, with the
/// catalog of the request's language. Templates escape every value by default.
struct Views: Sendable {
    let library: MustacheLibrary
    let catalogs: Catalogs
    let formatting: Formatting
    /// Satisfaction: reads the angry banner shown wherever an angry customer appears (nil in tests without a database).
    var satisfaction: Satisfaction? = nil

    static var resources: URL {
        Bundle.module.bundleURL.appendingPathComponent("Resources")
    }

    init(formatting: Formatting) async throws {
        self.library = try await MustacheLibrary(directory: Self.resources.appendingPathComponent("templates").path)
        self.catalogs = try Catalogs(directory: Self.resources.appendingPathComponent("i18n"))
        self.formatting = formatting
    }

    func t(_ key: String, _ context: AppRequestContext) -> String { catalogs.text(key, context.language) }

    /// An amount as the person reads it: digits of their language, Rials in Toman when chosen.
    func money(_ amount: Money, _ context: AppRequestContext) -> String {
        amount.formatted(language: context.language.rawValue, toman: context.toman)
    }

    /// The variables every page's layout needs: language, direction, strings, user, navigation.
    func base(_ request: Request, _ context: AppRequestContext, title: String, current: String? = nil) -> [String: Any] {
        layout(context.language, title: title, csrf: context.csrf ?? "", toman: context.toman, user: context.user, current: current,
               links: .init(request), attention: context.tasksNeedingAttention)
    }

    /// The links of the layout's switches: this page in each language and money unit.
    struct LayoutLinks: Sendable {
        let fa: String, en: String, rial: String, toman: String

        init(fa: String, en: String, rial: String, toman: String) {
            (self.fa, self.en, self.rial, self.toman) = (fa, en, rial, toman)
        }

        init(_ request: Request) {
            self.init(fa: Views.link(request, lang: "fa"), en: Views.link(request, lang: "en"),
                      rial: Views.link(request, set: "money", to: "rial"), toman: Views.link(request, set: "money", to: "toman"))
        }
    }

    /// The layout's variables (`layout.mustache`); a page's model may not reuse these names.
    func layout(_ lang: Language, title: String, csrf: String, toman: Bool, user: User?, current: String?, links: LayoutLinks,
                attention: Int = 0) -> [String: Any] {
        var page: [String: Any] = [
            "lang": lang.rawValue, "dir": lang.direction, "isFa": lang == .fa, "t": catalogs.table(lang), "title": title,
            "csrf": csrf, "bodyClass": "",
            "langLinks": ["fa": links.fa, "en": links.en] as [String: Any],
            "toman": toman,
            "moneyLinks": ["rial": links.rial, "toman": links.toman] as [String: Any],
        ]
        if let user {
            page["user"] = ["name": user.name, "roleLabel": catalogs.label("role", user.role.rawValue, lang)]
            page["nav"] = Navigation.built(for: user.principal).map { group in
                [
                    "heading": catalogs.text("nav_group_\(group.key)", lang),
                    "items": group.areas.map { area in
                        // Only "Tasks" has a badge: the number of the person's tasks overdue or due a reminder.
                        let badge: Any = area.key == "tasks" && attention > 0
                            ? (lang == .fa ? PersianText.persianDigits(String(attention)) : String(attention)) : false
                        return ["href": area.href, "label": catalogs.text("area_\(area.key)", lang), "current": area.key == current,
                                "badge": badge, "badgeLabel": catalogs.text("tasks_attention", lang)] as [String: Any]
                    },
                ] as [String: Any]
            }
            page["navLater"] = [
                "heading": catalogs.text("nav_later", lang), "open": Navigation.later.contains { $0.key == current },
                "items": Navigation.later.map { area in
                    ["href": area.href, "label": catalogs.text("area_\(area.key)", lang), "current": area.key == current] as [String: Any]
                },
            ] as [String: Any]
        }
        return page
    }

    /// The same page in another language: the path and query, with `lang` replaced.
    static func link(_ request: Request, lang: String) -> String {
        link(request, set: "lang", to: lang)
    }

    /// The same page with one query parameter set.
    static func link(_ request: Request, set name: String, to value: String) -> String {
        var items = FormData.query(request).pairs.filter { $0.0 != name }
        items.append((name, value))
        var components = URLComponents()
        components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        // A path that a browser would read as another host (`//evil.example/x`) links home instead.
        let raw = request.uri.path
        let path = raw.hasPrefix("/") && !raw.hasPrefix("//") && !raw.contains("\\") && !raw.lowercased().hasPrefix("/%2f") ? raw : "/"
        return path + "?" + (components.percentEncodedQuery ?? "\(name)=\(value)")
    }

    func render(_ template: String, _ page: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        // A template that is not there is a fault of the build, never a page: 500, not 200 with an
        // apology (`TemplatesTests` checks every name the pages use exists).
        guard let html = library.render(page, withTemplate: template) else {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "internal error: template \(template) is missing")))
        }
        return respond(html: html, status: status)
    }

    /// A rendered page as the answer, with the headers every page has.
    func respond(html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .init("X-Content-Type-Options")!: "nosniff",
                      .init("Content-Security-Policy")!: "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// Renders a page from its typed model: the model's properties are the template's top-level
    /// names, over the layout's variables.
    func page<Model>(_ template: String, _ request: Request, _ context: AppRequestContext, title: String, current: String? = nil,
                     status: HTTPResponse.Status = .ok, model: Model) -> Response {
        page(template, request, context, title: title, current: current, status: status, Self.values(of: model))
    }

    /// A typed model's properties by name, converted once, all the way down, into the dictionaries
    /// and arrays mustache reads fastest. Handing it the structs themselves made it look every key
    /// up by reflection, level by level of its context stack: 62% of the 360 page's time (perf).
    static func values<Model>(of model: Model) -> [String: Any] {
        (plain(model) as? [String: Any]) ?? [:]
    }

    /// The types mustache reads as they are.
    static let scalarTypes: Set<ObjectIdentifier> = [
        ObjectIdentifier(String.self), ObjectIdentifier(Substring.self), ObjectIdentifier(Bool.self), ObjectIdentifier(Int.self),
        ObjectIdentifier(Int64.self), ObjectIdentifier(Int32.self), ObjectIdentifier(Double.self), ObjectIdentifier(Float.self),
        ObjectIdentifier(Date.self), ObjectIdentifier(URL.self),
    ]

    /// `value` as mustache reads it: structs and classes as dictionaries of their properties (an
    /// absent optional left out, so its section is skipped), arrays and dictionaries element by
    /// element, everything else as it is.
    static func plain(_ value: Any) -> Any? {
        // One lookup by the value's type instead of a dynamic cast per scalar type: a page of
        // rows passes through here for every cell.
        if scalarTypes.contains(ObjectIdentifier(type(of: value))) { return value }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { plain($0.value) }
        case .struct, .class:
            var values: [String: Any] = [:]
            for child in mirror.children {
                if let name = child.label, let inner = plain(child.value) { values[name] = inner }
            }
            return values
        case .collection, .set:
            return mirror.children.compactMap { plain($0.value) }
        case .dictionary:
            var values: [String: Any] = [:]
            for pair in mirror.children {
                let entry = Array(Mirror(reflecting: pair.value).children)
                if entry.count == 2, let key = entry[0].value as? String, let inner = plain(entry[1].value) { values[key] = inner }
            }
            return values
        default:
            return value
        }
    }

    /// Merges page variables over the layout's and renders.
    func page(_ template: String, _ request: Request, _ context: AppRequestContext, title: String, current: String? = nil,
              status: HTTPResponse.Status = .ok, _ values: [String: Any] = [:]) -> Response {
        var page = base(request, context, title: title, current: current)
        page.merge(values) { _, new in new }
        return render(template, page, status: status)
    }
}

extension Response {
    /// 303 See Other: where a form post sends the browser next.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
