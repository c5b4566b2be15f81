import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/w2l/{formKey}`: the public end of a web-to-lead form. No sign-in and no CSRF token (the form
/// is pasted into another site); a hidden honeypot field and a per-address limit keep robots
/// out instead of a third-party captcha. GET shows the hosted form; POST stores the lead (before
/// anyone is told of it) and sends the visitor to the form's thank-you address or page. A wrong
/// field re-renders the form with its message (422); too many submissions from one address get
/// 429 with `Retry-After`, in the form's language.
struct WebToLeadPages {
    let views: Views
    let forms: LeadForms

    /// The honeypot's name: a field people never see, robots fill in.
    static let honeypot = "website"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("w2l/:key", use: show)
        router.post("w2l/:key", use: submit)
    }

    /// The form's language, unless the page asks for the other one.
    static func language(_ request: Request, form: LeadForm?, posted: FormData? = nil) -> Language {
        let asked = FormData.query(request).get("lang") ?? posted?["lang"]
        return asked.flatMap(Language.init(rawValue:)) ?? form.flatMap { Language(rawValue: $0.language) } ?? .fa
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await forms.active(key: context.parameters.get("key") ?? "")
        var context = context
        context.language = Self.language(request, form: form)
        guard let form else { return notFound(request, context) }
        let sent = FormData.query(request).get("sent") == "1"
        return page(request, context, form: form, values: nil, issues: [], sent: sent)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = context.parameters.get("key") ?? ""
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let posted = FormData(String(buffer: buffer))
        let form = try await forms.active(key: key)
        var context = context
        context.language = Self.language(request, form: form, posted: posted)
        guard let form else { return notFound(request, context) }
        let consent = ["yes", "on", "true", "1"].contains(posted["consent"]?.lowercased() ?? "")
        let input = LeadInput(name: posted["name"], company: posted["company"], email: posted["email"], phone: posted["phone"],
                              province: posted["province"], city: posted["city"], message: posted["message"],
                              source: posted["source"] ?? posted["utm_source"], campaign: posted["campaign"] ?? posted["utm_campaign"],
                              consent: consent)
        let honeypot = !(posted[Self.honeypot]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true)
        switch try await forms.submit(form: form, input, address: context.clientAddress, honeypot: honeypot) {
        case .stored, .ignored:
            if let url = form.thankYouURL { return .redirect(url) }
            return .redirect("/w2l/\(form.publicKey)?sent=1&lang=\(context.language.rawValue)")
        case .throttled(let wait):
            var response = page(request, context, form: form, values: posted, issues: [], sent: false, throttled: wait, status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        case .invalid(let error):
            return page(request, context, form: form, values: posted, issues: error.issues, sent: false, status: .unprocessableContent)
        }
    }

    func notFound(_ request: Request, _ context: AppRequestContext) -> Response {
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        return views.page("web-to-lead", request, context, title: x.t("w2l_missing_title"), status: .notFound,
                          ["missing": true, "formLang": context.language.rawValue])
    }

    func page(_ request: Request, _ context: AppRequestContext, form: LeadForm, values: FormData?, issues: [FieldIssue], sent: Bool,
              throttled: Int? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        let model = WebToLeadModel(form: form, values: values, issues: issues, sent: sent, throttled: throttled, text: x)
        return views.page("web-to-lead", request, context, title: form.name, status: status, model: model)
    }
}

/// What `web-to-lead.mustache` renders: the hosted form as typed, its problems, the thank-you
/// message, or the "too many" notice.
struct WebToLeadModel {
    struct Values { let name: String, company: String, email: String, phone: String, province: String, city: String, message: String, consent: Bool }
    let formName: String
    let formLang: String
    let action: String
    let consentText: String?
    let values: Values
    let errors: [FieldError]
    let sent: Bool
    let thankYou: String
    let throttled: String?
    let source: String
    let campaign: String
    let showForm: Bool
    /// The form's key is unknown or the form is switched off (the not-found page).
    var missing = false
}

extension WebToLeadModel {
    init(form: LeadForm, values v: FormData?, issues: [FieldIssue], sent: Bool, throttled: Int?, text x: PageText) {
        formName = form.name
        formLang = x.lang.rawValue
        action = "/w2l/\(form.publicKey)"
        consentText = x.lang == .en ? (form.consentEn ?? form.consentFa) : (form.consentFa ?? form.consentEn)
        values = Values(name: v?["name"] ?? "", company: v?["company"] ?? "", email: v?["email"] ?? "", phone: v?["phone"] ?? "",
                        province: v?["province"] ?? "", city: v?["city"] ?? "", message: v?["message"] ?? "",
                        consent: ["yes", "on", "true", "1"].contains(v?["consent"]?.lowercased() ?? ""))
        errors = issues.map { FieldError(field: $0.field, fieldLabel: x.t("lead_f_\($0.field)"), message: x.views.issueText($0, x.lang)) }
        self.sent = sent
        thankYou = (x.lang == .en ? form.thankYouEn ?? form.thankYouFa : form.thankYouFa ?? form.thankYouEn) ?? x.t("w2l_thanks")
        self.throttled = throttled.map { x.t("w2l_throttled").replacingOccurrences(of: "{seconds}", with: x.number($0)) }
        source = v?["source"] ?? v?["utm_source"] ?? ""
        campaign = v?["campaign"] ?? v?["utm_campaign"] ?? ""
        showForm = !sent
    }
}
