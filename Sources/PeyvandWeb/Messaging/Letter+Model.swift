import Foundation
import PeyvandCore
import PeyvandStore

/// What `letter.mustache` renders: the letter templates to choose from, the merged letter as a
/// print-ready sheet, and the form that logs it (or a fax, or one received) with its scanned copy.
struct LetterModel {
    struct TemplateOption { let id: Int64, label: String, selected: Bool }
    struct Sheet { let dir: String, lang: String, date: String, recipient: String, subject: String?, paragraphs: [String], dateLabel: String, subjectLabel: String }

    let customerId: Int64
    let customerName: String
    let templates: [TemplateOption]
    let sheet: Sheet?
    let kinds: [Choice]
    let directions: [Choice]
    let subject: String
    let body: String
    let templateId: String
    let errors: [FieldError]
    let fieldErrors: [String: FieldError]
}

extension LetterModel {
    init(customer: Customer, templates all: [MessageTemplate], draft: LetterDraft?, form: Multipart?, issues: [FieldIssue], text x: PageText) {
        customerId = customer.id
        customerName = customer.fields.name
        let chosen = draft.map { String($0.templateId) } ?? form?.value("templateId") ?? ""
        templates = all.filter { [.letter, .fax].contains($0.channel) }.map { t in
            TemplateOption(id: t.id, label: "\(t.name) · \(x.label("channel", t.channel.rawValue)) · \(x.label("language", t.language))",
                           selected: chosen == String(t.id))
        }
        sheet = draft.map { d in
            let fa = d.language == "fa"
            return Sheet(dir: fa ? "rtl" : "ltr", lang: d.language, date: d.date, recipient: d.recipient, subject: d.subject,
                         paragraphs: d.body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty },
                         dateLabel: x.views.catalogs.text("letter_date", fa ? .fa : .en), subjectLabel: x.views.catalogs.text("field_subject", fa ? .fa : .en))
        }
        let kind = form?.value("kind") ?? (draft?.channel == .fax ? "fax" : "letter")
        kinds = ["letter", "fax"].map { x.choice($0, "ikind", selected: kind == $0) }
        let direction = form?.value("direction") ?? "out"
        directions = Direction.allCases.map { x.choice($0.rawValue, "direction", selected: direction == $0.rawValue) }
        subject = form?.value("subject") ?? draft?.subject ?? ""
        body = form?.value("body") ?? draft?.body ?? ""
        templateId = chosen
        errors = x.fieldErrorList(issues, labelled: true)
        fieldErrors = x.fieldErrorMap(issues)
    }
}
