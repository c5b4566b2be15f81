import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/survey/{token}`: the survey as its customer opens it from the message, in the survey's
/// language (a switch to the other), answered once. No sign-in: the secret token in the link
/// (256 random bits, stored only as its SHA-256) is the credential, so the form needs no CSRF
/// token; like `/support/new`, a hidden honeypot field and a per-address limit keep robots out.
/// A link scanner's GET changes nothing. Unknown or forged token → 404 page; expired → 410 page;
/// answered → "thank you, already answered" (a replayed post: 409, nothing changed); a score out
/// of range or a comment too long → the form again as typed, with the message (422).
struct PublicSurveyPages {
    let views: Views
    let surveys: Surveys

    static let honeypot = "website"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("survey/:token", use: show)
        router.post("survey/:token", use: submit)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let link = try await surveys.open(token: token) else { return invalid(request, context) }
        // The customer reads it in the survey's language unless they chose one.
        if request.uri.queryParameters.get("lang") == nil, request.cookies[AuthMiddleware.languageCookie] == nil,
           link.survey.language != context.language {
            return .redirect("/survey/\(token)?lang=\(link.survey.language.rawValue)")
        }
        let done = FormData.query(request).get("done") != nil
        return page(request, context, link, token: token, form: nil, issues: [], justAnswered: done && link.survey.isAnswered)
    }

    func page(_ request: Request, _ context: AppRequestContext, _ link: SurveyLink, token: String, form: FormData?, issues: [FieldIssue],
              justAnswered: Bool = false, throttled: Int? = nil, status: HTTPResponse.Status? = nil) -> Response {
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        let model = PublicSurveyModel(link, token: token, form: form, issues: issues, justAnswered: justAnswered, throttled: throttled, text: x)
        let code: HTTPResponse.Status = status ?? (model.state == "expired" ? .gone : .ok)
        return views.page("survey-public", request, context, title: x.t("survey_public_title"), status: code, model: model)
    }

    func invalid(_ request: Request, _ context: AppRequestContext) -> Response {
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        return views.page("survey-public-invalid", request, context, title: x.t("survey_invalid_title"), status: .notFound,
                          model: SurveyInvalidModel(text: x))
    }

    /// A score as the form sent it: empty is none; anything not a whole number is out of range.
    static func score(_ raw: String?) -> Int? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard raw.count <= 6, let v = Int(PersianText.latinDigits(raw)) else { return Int.min }
        return v
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let form = FormData(String(buffer: try await request.body.collect(upTo: 64 * 1024)))
        var context = context
        if let lang = form["lang"].flatMap(Language.init(rawValue:)) { context.language = lang }
        guard let link = try await surveys.open(token: token) else { return invalid(request, context) }
        if let wait = try await surveys.admit(address: context.clientAddress) {
            var response = page(request, context, link, token: token, form: form, issues: [], throttled: wait, status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let lang = context.language.rawValue
        if !(form[Self.honeypot]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true) {
            return .redirect("/survey/\(token)?lang=\(lang)&done=1")
        }
        let answer = SurveyAnswer(csat: Self.score(form["csat"]), nps: Self.score(form["nps"]), comment: form["comment"])
        do {
            switch try await surveys.answer(token: token, answer) {
            case .answered: return .redirect("/survey/\(token)?lang=\(lang)&done=1")
            case .alreadyAnswered(let s):
                return page(request, context, SurveyLink(survey: s, questions: link.questions), token: token, form: nil, issues: [], status: .conflict)
            case .expired(let s):
                return page(request, context, SurveyLink(survey: s, questions: link.questions), token: token, form: nil, issues: [], status: .gone)
            case .unknown: return invalid(request, context)
            }
        } catch StoreError.invalid(let error) {
            return page(request, context, link, token: token, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }
}

/// What `survey-public.mustache` renders.
struct PublicSurveyModel {
    struct Option { let value: String, label: String, checked: Bool, id: String }
    struct Question { let name: String, legend: String, low: String, high: String, options: [Option], error: String?, wide: Bool }
    let token: String
    let formLang: String
    let otherLang: String
    let otherLangLabel: String
    /// open, thanks (just answered), answered (before), expired.
    let state: String
    let isOpen: Bool
    let about: String?
    let questions: [Question]
    let comment: String
    let commentError: String?
    let commentMax: String
    let errors: [FieldError]
    let throttled: String?
    let message: String?
    let answerSummary: String?
}

extension PublicSurveyModel {
    init(_ link: SurveyLink, token: String, form: FormData?, issues: [FieldIssue], justAnswered: Bool, throttled: Int?, text x: PageText) {
        let s = link.survey
        self.token = token
        formLang = x.lang.rawValue
        otherLang = x.lang == .fa ? "en" : "fa"
        otherLangLabel = x.lang == .fa ? "English" : "فارسی"
        state = s.isAnswered ? (justAnswered ? "thanks" : "answered") : s.isExpired() ? "expired" : "open"
        isOpen = state == "open"
        about = s.ticketNumber.map { x.t("survey_about_ticket").replacingOccurrences(of: "{number}", with: "\u{2066}" + x.digits($0) + "\u{2069}") }
            ?? s.orderId.map { x.t("survey_about_order").replacingOccurrences(of: "{number}", with: x.number(Int($0))) }
        let errorsByField = Dictionary(issues.map { ($0.field, x.views.issueText($0, x.lang)) }, uniquingKeysWith: { a, _ in a })
        func options(_ name: String, _ range: ClosedRange<Int>) -> [Option] {
            let chosen = form?[name].flatMap { Int(PersianText.latinDigits($0)) }
            return range.map { Option(value: String($0), label: x.number($0), checked: chosen == $0, id: "survey-\(name)-\($0)") }
        }
        var questions: [Question] = []
        if link.questions.asksCSAT {
            questions.append(Question(name: "csat", legend: x.t("survey_q_csat"), low: x.t("survey_csat_low"), high: x.t("survey_csat_high"),
                                      options: options("csat", SurveyAnswer.csatRange), error: errorsByField["csat"], wide: false))
        }
        if link.questions.asksNPS {
            questions.append(Question(name: "nps", legend: x.t("survey_q_nps"), low: x.t("survey_nps_low"), high: x.t("survey_nps_high"),
                                      options: options("nps", SurveyAnswer.npsRange), error: errorsByField["nps"], wide: true))
        }
        self.questions = questions
        comment = form?["comment"] ?? ""
        commentError = errorsByField["comment"]
        commentMax = x.number(SurveyAnswer.commentLimit)
        errors = x.fieldErrorList(issues, labelled: true)
        self.throttled = throttled.map { x.t("w2l_throttled").replacingOccurrences(of: "{seconds}", with: x.number($0)) }
        message = switch state {
        case "thanks": x.t("survey_thanks")
        case "answered": x.t("survey_already")
        case "expired": x.t("survey_expired")
        default: nil
        }
        var parts: [String] = []
        if let v = s.csat { parts.append(x.t("survey_your_csat").replacingOccurrences(of: "{score}", with: x.number(v)).replacingOccurrences(of: "{max}", with: x.number(5))) }
        if let v = s.nps { parts.append(x.t("survey_your_nps").replacingOccurrences(of: "{score}", with: x.number(v)).replacingOccurrences(of: "{max}", with: x.number(10))) }
        answerSummary = s.isAnswered && !parts.isEmpty ? parts.joined(separator: x.lang == .fa ? "، " : ", ") : nil
    }
}

/// What `survey-public-invalid.mustache` renders.
struct SurveyInvalidModel {
    let otherLang: String
    let otherLangLabel: String

    init(text x: PageText) {
        otherLang = x.lang == .fa ? "en" : "fa"
        otherLangLabel = x.lang == .fa ? "English" : "فارسی"
    }
}
