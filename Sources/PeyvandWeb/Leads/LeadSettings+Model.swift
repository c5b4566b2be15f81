import Foundation
import PeyvandCore
import PeyvandStore

/// What `lead-forms-settings.mustache` renders: each form with its address and the HTML to paste
/// (in both languages), and the new-form form as typed.
struct LeadFormsSettingsModel {
    struct Row {
        let id: Int64, name: String, source: String, campaign: String, language: String, active: Bool, limits: String
        let action: String, hosted: String, snippetFa: String, snippetEn: String
    }
    struct Values { let name: String, source: String, campaign: String, consentFa: String, consentEn: String, thankYouUrl: String
                    let thankYouFa: String, thankYouEn: String, perMinute: String, perHour: String, en: Bool, email: Bool, sms: Bool }
    let forms: [Row]
    let canConfigure: Bool
    let values: Values
    let errors: [FieldError]
}

extension LeadFormsSettingsModel {
    init(_ list: [LeadForm], baseURL: String, principal: Principal, form f: FormData?, issues: [FieldIssue], views: Views, lang: Language) {
        let x = PageText(views: views, lang: lang, toman: false)
        let fa = PageText(views: views, lang: .fa, toman: false), en = PageText(views: views, lang: .en, toman: false)
        forms = list.map { form in
            Row(id: form.id, name: form.name, source: form.source, campaign: form.campaign ?? "", language: x.t("lead_lang_\(form.language)"),
                active: form.active,
                limits: x.t("w2l_limits").replacingOccurrences(of: "{minute}", with: x.number(form.perMinute))
                    .replacingOccurrences(of: "{hour}", with: x.number(form.perHour)),
                action: baseURL + "/w2l/" + form.publicKey, hosted: "/w2l/" + form.publicKey,
                snippetFa: LeadFormSnippet.html(form, baseURL: baseURL, text: fa), snippetEn: LeadFormSnippet.html(form, baseURL: baseURL, text: en))
        }
        canConfigure = principal.may(.salesConfigure)
        let channels = Set(f?.pairs.filter { $0.0 == "consentChannels" }.map(\.1) ?? ["email"])
        values = Values(name: f?["name"] ?? "", source: f?["source"] ?? "", campaign: f?["campaign"] ?? "", consentFa: f?["consentFa"] ?? "",
                        consentEn: f?["consentEn"] ?? "", thankYouUrl: f?["thankYouUrl"] ?? "", thankYouFa: f?["thankYouFa"] ?? "",
                        thankYouEn: f?["thankYouEn"] ?? "", perMinute: f?["perMinute"] ?? "5", perHour: f?["perHour"] ?? "50",
                        en: f?["language"] == "en", email: channels.contains("email"), sms: channels.contains("sms"))
        errors = issues.map { FieldError(field: $0.field, fieldLabel: x.t("lead_f_\($0.field)"), message: x.views.issueText($0, x.lang)) }
    }
}

/// What `lead-rules-settings.mustache` renders: the scoring rules, the assignment rules in order,
/// and the forms to add either.
struct LeadRulesSettingsModel {
    struct Option { let value: String, label: String, selected: Bool }
    struct ScoringRow { let id: Int64, text: String, points: String }
    struct AssignmentRow { let id: Int64, position: String, kind: String, territory: String, reps: String }
    let scoring: [ScoringRow]
    let assignment: [AssignmentRow]
    let fields: [Option]
    let conditions: [Option]
    let kinds: [Option]
    let reps: [Option]
    let value: String
    let points: String
    let province: String
    let city: String
    let canConfigure: Bool
    let errors: [FieldError]
}

extension LeadRulesSettingsModel {
    init(scoring: [LeadScoringRule], assignment: [LeadAssignmentRule], staff: [User], principal: Principal, form f: FormData?,
         issues: [FieldIssue], text x: PageText) {
        let names = Dictionary(staff.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        self.scoring = scoring.map { ScoringRow(id: $0.id, text: LeadScoringView.describe($0, text: x), points: ($0.points > 0 ? "+" : "") + x.number($0.points)) }
        self.assignment = assignment.map { r in
            AssignmentRow(id: r.id, position: x.number(r.position), kind: x.label("lead_assign", r.kind.rawValue),
                          territory: [r.province, r.city].compactMap { $0 }.joined(separator: " / "),
                          reps: r.repIds.map { names[$0] ?? String($0) }.joined(separator: x.lang == .fa ? "، " : ", "))
        }
        fields = LeadRuleField.allCases.map { Option(value: $0.rawValue, label: x.t("lead_f_\($0.rawValue)"), selected: f?["field"] == $0.rawValue) }
        conditions = LeadRuleCondition.allCases.map { Option(value: $0.rawValue, label: x.t("lead_cond_\($0.rawValue)"), selected: f?["condition"] == $0.rawValue) }
        kinds = LeadAssignmentKind.allCases.map { Option(value: $0.rawValue, label: x.label("lead_assign", $0.rawValue), selected: f?["kind"] == $0.rawValue) }
        let chosen = Set(f?.pairs.filter { $0.0 == "repIds" }.map(\.1) ?? [])
        reps = staff.filter { $0.active && AccessPolicy.allows($0.role, .leadsManage) }
            .map { Option(value: String($0.id), label: $0.name, selected: chosen.contains(String($0.id))) }
        value = f?["value"] ?? ""
        points = f?["points"] ?? ""
        province = f?["province"] ?? ""
        city = f?["city"] ?? ""
        canConfigure = principal.may(.salesConfigure)
        errors = issues.map { FieldError(field: $0.field, fieldLabel: x.t("lead_f_\($0.field)"), message: x.views.issueText($0, x.lang)) }
    }
}
