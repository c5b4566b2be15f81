import Foundation
import PeyvandCore
import PeyvandStore

/// What `lead-form.mustache` renders: a lead typed in by hand, as typed, with its problems.
struct LeadFormPageModel {
    struct Option { let value: String, label: String, selected: Bool }
    struct Values { let name: String, company: String, email: String, phone: String, province: String, city: String, message: String
                    let source: String, campaign: String, consent: Bool, consentText: String }
    let values: Values
    let owners: [Option]
    let errors: [FieldError]
}

extension LeadFormPageModel {
    init(form f: FormData?, issues: [FieldIssue], staff: [User], text x: PageText) {
        values = Values(name: f?["name"] ?? "", company: f?["company"] ?? "", email: f?["email"] ?? "", phone: f?["phone"] ?? "",
                        province: f?["province"] ?? "", city: f?["city"] ?? "", message: f?["message"] ?? "", source: f?["source"] ?? "",
                        campaign: f?["campaign"] ?? "", consent: f?["consent"] == "yes", consentText: f?["consentText"] ?? "")
        let chosen = f?["ownerId"] ?? ""
        owners = [Option(value: "", label: x.t("lead_owner_by_rules"), selected: chosen.isEmpty)]
            + staff.filter(\.active).map { Option(value: String($0.id), label: $0.name, selected: String($0.id) == chosen) }
        errors = issues.map { FieldError(field: $0.field, fieldLabel: x.t("lead_f_\($0.field)"), message: x.views.issueText($0, x.lang)) }
    }
}

/// What `lead-import.mustache` renders: the upload form, then what the file did, row by row.
struct LeadImportModel {
    struct Problem { let line: String, messages: String }
    let done: Bool
    let imported: String
    let problems: [Problem]
    let ignored: String?
    let errors: [FieldError]
}

extension LeadImportModel {
    init(report: LeadImportReport?, issues: [FieldIssue], text x: PageText) {
        done = report != nil
        imported = x.t("lead_import_done").replacingOccurrences(of: "{count}", with: x.number(report?.imported ?? 0))
        problems = (report?.problems ?? []).prefix(500).map { p in
            Problem(line: x.number(p.line), messages: p.issues.map { x.t("lead_f_\($0.field)") + ": " + x.views.issueText($0, x.lang) }.joined(separator: x.lang == .fa ? "؛ " : "; "))
        }
        ignored = report.flatMap { $0.ignoredHeaders.isEmpty ? nil : $0.ignoredHeaders.joined(separator: x.lang == .fa ? "، " : ", ") }
        errors = issues.map { FieldError(field: $0.field, fieldLabel: x.t("lead_f_\($0.field)"), message: x.views.issueText($0, x.lang)) }
    }
}
