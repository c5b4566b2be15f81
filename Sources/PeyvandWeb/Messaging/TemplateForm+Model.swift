import Foundation
import PeyvandCore
import PeyvandStore

/// What `message-template.mustache` renders: a template's form as saved or as typed, the merge
/// fields it may use, and its problems (an unknown field is named).
struct TemplateFormModel {
    let formTitle: String
    let action: String
    let id: Int64?
    let version: String
    let name: String
    let subject: String
    let body: String
    let channels: [Choice]
    let languages: [Choice]
    let purposes: [Choice]
    let fields: [SendMessageModel.MergeFieldHint]
    let errors: [FieldError]
    let fieldErrors: [String: FieldError]
}

extension TemplateFormModel {
    init(_ saved: MessageTemplate?, form: FormData?, issues: [FieldIssue], text x: PageText) {
        formTitle = saved.map { x.t("template_edit") + ": " + $0.name } ?? x.t("template_new")
        action = saved.map { "/channels/templates/\($0.id)" } ?? "/channels/templates"
        id = saved?.id
        version = form?["version"] ?? saved.map { String($0.version) } ?? ""
        name = form?["name"] ?? saved?.name ?? ""
        subject = form?["subject"] ?? saved?.subject ?? ""
        body = form?["body"] ?? saved?.body ?? ""
        let channel = form?["channel"] ?? saved?.channel.rawValue ?? "email"
        channels = MessageTemplateInput.channels.map { x.choice($0.rawValue, "channel", selected: channel == $0.rawValue) }
        let language = form?["language"] ?? saved?.language ?? x.lang.rawValue
        languages = ["fa", "en"].map { x.choice($0, "language", selected: language == $0) }
        let purpose = form?["purpose"] ?? saved?.purpose.rawValue ?? "service"
        purposes = MessagePurpose.allCases.map { x.choice($0.rawValue, "mpurpose", selected: purpose == $0.rawValue) }
        fields = MergeField.allCases.map {
            SendMessageModel.MergeFieldHint(code: "{{\($0.rawValue)}}", label: x.label("merge", $0.rawValue.replacingOccurrences(of: ".", with: "_")))
        }
        errors = x.fieldErrorList(issues, labelled: true)
        fieldErrors = x.fieldErrorMap(issues)
    }
}
