import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/support/new`: the public support form, in Persian or English by the visitor's choice
/// (`?lang=`). No sign-in and no CSRF token (it may be linked from anywhere); a hidden honeypot
/// field and a per-address limit keep robots out. A stored request opens a ticket and the visitor
/// is shown its number; a wrong field re-renders the form as typed (422); too many from one
/// address get 429 with `Retry-After`.
struct SupportPages {
    let views: Views
    let requests: SupportRequests

    static let honeypot = "website"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("support/new", use: show)
        router.post("support/new", use: submit)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let number = FormData.query(request).get("ticket").flatMap { $0.count <= 20 && $0.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "T") } ? $0 : nil }
        return page(request, context, values: nil, issues: [], opened: number)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 256 * 1024)
        let posted = FormData(String(buffer: buffer))
        var context = context
        if let lang = posted["lang"].flatMap(Language.init(rawValue:)) { context.language = lang }
        let honeypot = !(posted[Self.honeypot]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true)
        let input = SupportRequest(name: posted["name"], email: posted["email"], phone: posted["phone"], subject: posted["subject"],
                                   body: posted["body"], category: posted["category"], language: context.language)
        switch try await requests.submit(input, address: context.clientAddress, honeypot: honeypot) {
        case .opened(let number):
            return .redirect("/support/new?lang=\(context.language.rawValue)&ticket=\(number)")
        case .ignored:
            return .redirect("/support/new?lang=\(context.language.rawValue)&ticket=T")
        case .throttled(let wait):
            var response = page(request, context, values: posted, issues: [], opened: nil, throttled: wait, status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        case .invalid(let error):
            return page(request, context, values: posted, issues: error.issues, opened: nil, status: .unprocessableContent)
        }
    }

    func page(_ request: Request, _ context: AppRequestContext, values: FormData?, issues: [FieldIssue], opened: String?, throttled: Int? = nil,
              status: HTTPResponse.Status = .ok) -> Response {
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        let model = SupportFormModel(values: values, issues: issues, opened: opened, throttled: throttled, text: x)
        return views.page("support-form", request, context, title: x.t("support_title"), status: status, model: model)
    }
}

/// What `support-form.mustache` renders.
struct SupportFormModel {
    struct Values { let name: String, email: String, phone: String, subject: String, body: String }
    let formLang: String
    let otherLang: String
    let otherLangLabel: String
    let values: Values
    let categories: [Choice]
    let errors: [FieldError]
    /// The number of the ticket just opened (shown to quote).
    let opened: String?
    let throttled: String?
    let showForm: Bool
}

extension SupportFormModel {
    init(values v: FormData?, issues: [FieldIssue], opened: String?, throttled: Int?, text x: PageText) {
        formLang = x.lang.rawValue
        otherLang = x.lang == .fa ? "en" : "fa"
        otherLangLabel = x.lang == .fa ? "English" : "فارسی"
        values = Values(name: v?["name"] ?? "", email: v?["email"] ?? "", phone: v?["phone"] ?? "", subject: v?["subject"] ?? "", body: v?["body"] ?? "")
        let category = v?["category"] ?? "question"
        categories = TicketCategory.allCases.map { x.choice($0.rawValue, "ticket_category", selected: $0.rawValue == category) }
        errors = x.fieldErrorList(issues, labelled: true)
        self.opened = opened.map { $0 == "T" ? x.t("support_thanks") : x.t("support_opened").replacingOccurrences(of: "{number}", with: "\u{2068}" + x.digits($0) + "\u{2069}") }
        self.throttled = throttled.map { x.t("w2l_throttled").replacingOccurrences(of: "{seconds}", with: x.number($0)) }
        showForm = opened == nil
    }
}
