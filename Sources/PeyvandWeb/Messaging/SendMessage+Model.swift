import Foundation
import PeyvandCore
import PeyvandStore

/// What `send-message.mustache` renders: the customer's channels in the order a message tries
/// them, the form as typed, and its problems.
struct SendMessageModel {
    struct Route { let channel: String, label: String, address: String?, allowed: Bool, refusal: String? }
    struct TemplateOption { let id: Int64, label: String, selected: Bool }
    struct Attachment { let id: Int64, filename: String, size: String, selected: Bool }

    let customerId: Int64
    let customerName: String
    let routes: [Route]
    let channels: [Choice]
    let purposes: [Choice]
    let languages: [Choice]
    let templates: [TemplateOption]
    /// The customer's documents, to attach to an email.
    let attachments: [Attachment]
    let canMarket: Bool
    /// An SMS may go to this customer: the text box shows its parts and cost as it is typed.
    let smsAllowed: Bool
    let subject: String
    let text: String
    /// Names this one sending, so the form sent twice sends once.
    let sendKey: String
    /// «۲۱:۰۰ تا ۰۸:۰۰ و جمعه‌ها» — when marketing waits.
    let quietHours: String
    let fields: [MergeFieldHint]
    let errors: [FieldError]
    let fieldErrors: [String: FieldError]

    struct MergeFieldHint { let code: String, label: String }
}

extension SendMessageModel {
    init(_ data: SendMessageData, principal: Principal, form: FormData?, issues: [FieldIssue], text x: PageText) {
        customerId = data.customer.id
        customerName = data.customer.fields.name
        routes = data.routes.map { r in
            Route(channel: r.channel.rawValue, label: x.label("channel", r.channel.rawValue),
                  address: r.channel == .sms ? r.address.map(x.phone) : r.address,
                  allowed: r.refusal == nil, refusal: r.refusal.map { x.t("send_refusal_\($0)") })
        }
        let channel = form?["channel"] ?? ""
        channels = [Choice(value: "", label: x.t("send_channel_auto"), selected: channel.isEmpty)]
            + ChannelRules.sendable.map { x.choice($0.rawValue, "channel", selected: channel == $0.rawValue) }
        let purpose = form?["purpose"] ?? "service"
        purposes = (principal.may(.messagesMarketing) ? MessagePurpose.allCases : [.service]).map { x.choice($0.rawValue, "mpurpose", selected: purpose == $0.rawValue) }
        let language = form?["language"] ?? x.lang.rawValue
        languages = ["fa", "en"].map { x.choice($0, "language", selected: language == $0) }
        let chosen = form?["templateId"] ?? ""
        templates = data.templates.map { t in
            TemplateOption(id: t.id, label: "\(t.name) · \(x.label("channel", t.channel.rawValue)) · \(x.label("language", t.language))",
                           selected: chosen == String(t.id))
        }
        let ticked = Set(form?.pairs.filter { $0.0 == "attachmentIds" }.map(\.1) ?? [])
        attachments = data.documents.map { d in
            Attachment(id: d.id, filename: d.filename, size: x.fileSize(d.size),
                       selected: ticked.contains(String(d.id)))
        }
        canMarket = principal.may(.messagesMarketing)
        smsAllowed = data.routes.contains { $0.channel == .sms && $0.refusal == nil }
        subject = form?["subject"] ?? ""
        self.text = form?["text"] ?? ""
        sendKey = form?["sendKey"] ?? UUID().uuidString.lowercased()
        let q = data.rules.quietHours
        let days = q.days.sorted().map { x.t("weekday_\($0)") }
        quietHours = x.digits(QuietHours.clock(q.start)) + " " + x.t("until") + " " + x.digits(QuietHours.clock(q.end))
            + (days.isEmpty ? "" : " · " + days.joined(separator: x.lang == .fa ? "، " : ", "))
        fields = MergeField.allCases.map { MergeFieldHint(code: "{{\($0.rawValue)}}", label: x.label("merge", $0.rawValue.replacingOccurrences(of: ".", with: "_"))) }
        errors = x.fieldErrorList(issues, labelled: true)
        fieldErrors = x.fieldErrorMap(issues)
    }
}
