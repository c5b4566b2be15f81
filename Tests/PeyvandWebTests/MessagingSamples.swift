import Foundation
import PeyvandCore
@testable import PeyvandWeb

/// Fully populated models of the messaging pages (send a message, channels, a template's form,
/// unsubscribe), for `TemplateKeysTests` and the view tests.
enum MessagingSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("send-message", send(x)), ("channels", channels(x)), ("message-template", template(x)), ("unsubscribe", unsubscribe(x)), ("letter", letter(x))]
    }

    static func error(_ x: PageText, _ field: String) -> FieldError { PageModelSamples.error(x, field) }

    static func fields(_ x: PageText) -> [SendMessageModel.MergeFieldHint] {
        MergeField.allCases.map { .init(code: "{{\($0.rawValue)}}", label: x.label("merge", $0.rawValue.replacingOccurrences(of: ".", with: "_"))) }
    }

    static func send(_ x: PageText) -> SendMessageModel {
        SendMessageModel(
            customerId: 42, customerName: "مریم احمدی",
            routes: [.init(channel: "sms", label: x.label("channel", "sms"), address: "+989121234567", allowed: true, refusal: x.t("send_refusal_noConsent")),
                     .init(channel: "email", label: x.label("channel", "email"), address: nil, allowed: false, refusal: x.t("send_refusal_noAddress"))],
            channels: [x.choice("sms", "channel", selected: true)], purposes: [x.choice("service", "mpurpose", selected: true)],
            languages: [x.choice("fa", "language", selected: true)], templates: [.init(id: 1, label: "خوشامد", selected: true)],
            attachments: [.init(id: 4, filename: "پیش‌فاکتور.pdf", size: x.number(12) + " " + x.t("kilobytes"), selected: true)],
            canMarket: true, smsAllowed: true, subject: "سفارش", text: "{{customer.salutation}}", sendKey: "k", quietHours: "۲۱:۰۰ تا ۰۸:۰۰",
            fields: fields(x), errors: [error(x, "text")],
            fieldErrors: ["channel": error(x, "channel"), "templateId": error(x, "templateId"), "subject": error(x, "subject"), "text": error(x, "text"),
                          "attachmentIds": error(x, "attachmentIds")])
    }

    static func channels(_ x: PageText) -> ChannelsModel {
        ChannelsModel(
            channels: [.init(label: x.label("channel", "email"), configured: true), .init(label: x.label("channel", "sms"), configured: false)],
            canManageTemplates: true, canRunOutbox: true,
            templates: [.init(id: 1, name: "خوشامد", channel: x.label("channel", "sms"), language: x.label("language", "fa"),
                              purpose: x.label("mpurpose", "service"), updated: PageModelSamples.when(x))],
            order: [.init(n: 1, label: x.number(1), options: [x.choice("email", "channel", selected: true)])],
            quietStart: "21:00", quietEnd: "08:00", quietDays: [.init(value: "6", label: x.t("weekday_6"), selected: true)],
            counts: [.init(status: "dead", label: x.label("outbox", "dead"), count: x.number(2))],
            dead: [.init(id: 3, channel: x.label("channel", "email"), recipient: "a@example.ir", attempts: x.number(10), error: "550 no such user",
                         when: PageModelSamples.when(x))],
            errors: [error(x, "quietStart")], flash: x.t("channels_saved"))
    }

    static func template(_ x: PageText) -> TemplateFormModel {
        TemplateFormModel(formTitle: x.t("template_new"), action: "/channels/templates", id: 1, version: "1", name: "خوشامد", subject: "سلام",
                          body: "{{customer.salutation}}", channels: [x.choice("sms", "channel", selected: true)],
                          languages: [x.choice("fa", "language", selected: true)], purposes: [x.choice("service", "mpurpose", selected: true)],
                          fields: fields(x), errors: [error(x, "body")],
                          fieldErrors: ["name": error(x, "name"), "subject": error(x, "subject"), "body": error(x, "body")])
    }

    static func letter(_ x: PageText) -> LetterModel {
        LetterModel(customerId: 42, customerName: "مریم احمدی", templates: [.init(id: 1, label: "تشکر", selected: true)],
                    sheet: .init(dir: "rtl", lang: "fa", date: "۱۵ آذر ۱۴۰۵", recipient: "مریم احمدی", subject: "تشکر", paragraphs: ["مریم عزیز"],
                                 dateLabel: x.t("letter_date"), subjectLabel: x.t("field_subject")),
                    kinds: [x.choice("letter", "ikind", selected: true)], directions: [x.choice("out", "direction", selected: true)],
                    subject: "تشکر", body: "متن", templateId: "1", errors: [error(x, "file")],
                    fieldErrors: ["file": error(x, "file"), "subject": error(x, "subject"), "body": error(x, "body")])
    }

    static func unsubscribe(_ x: PageText) -> UnsubscribeModel {
        UnsubscribeModel(state: "ask", ask: true, done: true, invalid: true, channel: x.label("channel", "email"), token: "1.email.x")
    }
}
