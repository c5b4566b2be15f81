import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb

/// Fully populated models of the service pages (the queues, a new ticket, a ticket, the settings,
/// the public form) and the 360 page's tickets box, for `TemplateKeysTests` and the view tests.
enum ServiceSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("tickets-list", list(x)), ("ticket-form", form(x)), ("ticket", ticket(x)), ("service-settings", settings(x)), ("support-form", support(x)),
         ("survey-public", surveyPage(x)), ("survey-public-invalid", SurveyInvalidModel(text: x)), ("surveys-list", surveysList(x))]
    }

    /// A survey with every field filled: answered, low CSAT, high NPS, a comment.
    static func survey(answered: Bool = true, expires: Date = t0.addingTimeInterval(14 * 86_400)) -> Survey {
        Survey(id: 4, customerId: 3, customerName: "مریم احمدی", occasion: .resolved, ticketId: 7, ticketNumber: "T-1405-000007", shipmentId: 11,
               orderId: 12, channel: .email, language: .fa, outboxMessageId: 5, deliveryStatus: "delivered", sentAt: t0, expiresAt: expires,
               answeredAt: answered ? t0 : nil, csat: answered ? 2 : nil, nps: answered ? 9 : nil, comment: answered ? "پاسخ دیر رسید" : nil,
               createdBy: 2, createdByName: "سارا", createdAt: t0)
    }

    /// The customer's page with every problem a post can have and the answer typed kept; the survey
    /// answered, so the state's message and the answer's summary are there too (the key check
    /// looks inside every section whatever its state).
    static func surveyPage(_ x: PageText) -> PublicSurveyModel {
        PublicSurveyModel(SurveyLink(survey: survey(), questions: .both), token: "s_abc",
                          form: FormData("csat=9&nps=3&comment=%D8%B3%D9%84%D8%A7%D9%85"),
                          issues: [FieldIssue(field: "csat", reason: "x", code: "survey.range", params: ["min": "1", "max": "5"]),
                                   FieldIssue(field: "nps", reason: "x", code: "survey.range", params: ["min": "0", "max": "10"]),
                                   FieldIssue(field: "comment", reason: "x", code: "text.tooLong", params: ["max": "2000"])],
                          justAnswered: true, throttled: 30, text: x)
    }

    static func surveysList(_ x: PageText) -> SurveysListModel {
        SurveysListModel(Page(items: [survey()], next: "abc"), query: SurveyQuery(answered: true, csatMax: 2), params: FormData("answered=true"), text: x)
    }

    /// Partly filled variants (a reader's settings, a paused ticket, a queue by due): rendered by
    /// `ServiceLevelViewTests`, not name-checked (they leave sections out on purpose).
    static func variants(_ x: PageText) -> [(template: String, model: Any)] {
        [("tickets-list", listByDue(x)), ("ticket", ticketPaused(x)), ("service-settings", settingsReadOnly(x))]
    }

    static let t0 = PageModelSamples.instant
    static let agent = User(id: 2, email: "agent@example.test", name: "سارا", role: .supportAgent, language: .fa, active: true, createdAt: t0)
    static let admin = Principal(userId: 1, name: "Admin", role: .administrator)

    static func sampleTicket(_ status: TicketStatus = .open, merged: Int64? = nil) -> Ticket {
        Ticket(id: 7, number: "T-1405-000007", customerId: 3, customerName: "مریم احمدی", contactId: nil, subject: "سفارش نرسید", channel: .email,
               category: .complaint, priority: .high, status: status, teamId: 1, teamName: "پشتیبانی", assigneeId: 2, assigneeName: "سارا",
               productId: nil, orderId: nil, language: .fa, mergedIntoId: merged, threadId: 11, firstResponseAt: t0, resolvedAt: t0, closedAt: nil,
               waitingSince: nil, slaPolicyId: nil, firstResponseDueAt: nil, nextResponseDueAt: nil, resolutionDueAt: nil, lastMessageAt: t0,
               createdBy: nil, version: 3, createdAt: t0, updatedAt: t0)
    }

    /// A new ticket whose first response is due at `due` (escalated to the lead when `level` is 1).
    static func dueTicket(id: Int64, due: Date, level: Int = 0) -> Ticket {
        var t = Ticket(id: id, number: "T-1405-00000\(id)", customerId: 3, customerName: "مریم احمدی", contactId: nil, subject: "کالا خراب است",
                       channel: .email, category: .complaint, priority: .urgent, status: .new, teamId: 1, teamName: "پشتیبانی", assigneeId: 2,
                       assigneeName: "سارا", productId: nil, orderId: nil, language: .fa, mergedIntoId: nil, threadId: 12, firstResponseAt: nil,
                       resolvedAt: nil, closedAt: nil, waitingSince: nil, slaPolicyId: 1, firstResponseDueAt: due, nextResponseDueAt: nil,
                       resolutionDueAt: due.addingTimeInterval(86_400), lastMessageAt: t0, createdBy: nil, version: 1, createdAt: t0, updatedAt: t0)
        t.escalationLevel = level
        return t
    }

    static let policy = SLAPolicy(id: 1, name: "Standard", priority: "urgent", minValueMinor: 50_000_000, firstResponseMinutes: 30,
                                  nextResponseMinutes: 60, resolutionMinutes: 270, warnPercent: 80, version: 2)

    static func levels(year: Int = 1405) -> ServiceLevelData {
        let holidays = [
            ServiceHolidays.Entry(id: 1, holiday: Holiday(day: 20_534, nameFa: "نوروز", nameEn: "Nowruz", kind: .fixedSolar), source: "fixed solar date"),
            ServiceHolidays.Entry(id: 2, holiday: Holiday(day: 20_600, nameFa: "عید فطر", nameEn: "Eid al-Fitr", kind: .lunar), source: IranHolidays.lunarSource),
            ServiceHolidays.Entry(id: 3, holiday: Holiday(day: 20_700, nameFa: "سالگرد شرکت", nameEn: "Company day", kind: .custom), source: nil),
        ]
        return ServiceLevelData(policies: [policy], currency: .irr, year: year, years: [1405, 1406], holidays: holidays)
    }

    static let team = ServiceTeam(id: 1, name: "پشتیبانی", leadId: 2, managerId: 1, routing: .skill, businessHours: nil, version: 2, createdAt: t0,
                                  members: [ServiceTeamMember(userId: 2, name: "سارا", skills: ["complaint", "en"], active: true, openTickets: 4, lastAssignedAt: t0)])

    static func list(_ x: PageText) -> TicketsListModel {
        TicketsListModel(TicketsListData(page: Page(items: [dueTicket(id: 8, due: t0.addingTimeInterval(-60), level: 1), sampleTicket(),
                                                            dueTicket(id: 9, due: t0.addingTimeInterval(1800))], next: "c"),
                                         counts: (3, 5, 1), teams: [team]),
                         query: TicketQuery(queue: .mine, status: .open, teamId: 1, priority: .high, category: .complaint, q: "سفارش"),
                         principal: admin, now: t0, text: x)
    }

    static func listByDue(_ x: PageText) -> TicketsListModel {
        var query = TicketQuery(priority: .urgent)
        query.sort = .due
        return TicketsListModel(TicketsListData(page: Page(items: [dueTicket(id: 9, due: t0.addingTimeInterval(7 * 3600))], next: "d"),
                                                counts: (0, 0, 0), teams: []),
                                query: query, principal: Principal(userId: 2, name: "سارا", role: .supportAgent), now: t0, text: x)
    }

    static func form(_ x: PageText) -> TicketFormModel {
        let customer = Customer(id: 3, fields: CustomerFields(name: "مریم احمدی", stage: .customer), version: 1, createdAt: t0, updatedAt: t0, deletedAt: nil)
        return TicketFormModel(customer: customer, found: [customer], search: "مریم", form: FormData("subject=a&body=b&channel=visit"),
                               issues: [FieldIssue(field: "subject", reason: "is required", code: "required")], text: x)
    }

    static func ticket(_ x: PageText) -> TicketModel {
        let messages = [
            TicketMessage(id: 1, ticketId: 7, direction: .inbound, isPublic: true, channel: "email", authorId: nil, authorName: nil, body: "سلام",
                          interactionId: 5, channelMessageId: 6, deliveryStatus: "received", mergedFromId: 8, createdAt: t0,
                          attachments: [TicketAttachment(id: 41, filename: "فاکتور خرید.pdf", mediaType: "application/pdf", size: 1_468_006),
                                        TicketAttachment(id: 42, filename: "photo.jpg", mediaType: "image/jpeg", size: 300)]),
            TicketMessage(id: 2, ticketId: 7, direction: .note, isPublic: false, channel: "note", authorId: 2, authorName: "سارا", body: "پیگیری",
                          interactionId: nil, channelMessageId: nil, deliveryStatus: nil, mergedFromId: nil, createdAt: t0),
            TicketMessage(id: 3, ticketId: 7, direction: .note, isPublic: false, channel: "system", authorId: nil, authorName: nil,
                          body: "T-1405-000007 «سفارش نرسید»: مهلت نخستین پاسخ گذشته است.\nT-1405-000007 «سفارش نرسید»: the first response is late.",
                          interactionId: nil, channelMessageId: nil, deliveryStatus: nil, mergedFromId: nil, createdAt: t0),
        ]
        let level = TicketServiceLevel(policy: policy, targets: [
            .init(target: .firstResponse, dueAt: t0, metAt: t0.addingTimeInterval(60), state: .metLate, businessMinutesLeft: nil),
            .init(target: .nextResponse, dueAt: t0, metAt: nil, state: .breached, businessMinutesLeft: nil),
            .init(target: .resolution, dueAt: t0.addingTimeInterval(9000), metAt: nil, state: .running, businessMinutesLeft: 150),
        ], escalations: [
            .init(target: .firstResponse, level: .warning, toUserId: 2, toName: "سارا", dueAt: t0, at: t0),
            .init(target: .firstResponse, level: .breach, toUserId: 1, toName: "مدیر پشتیبانی", dueAt: t0, at: t0),
            .init(target: .nextResponse, level: .manager, toUserId: nil, toName: nil, dueAt: t0, at: t0),
        ])
        let assignment = TicketAssignment(id: 1, fromUserId: nil, fromUserName: nil, toUserId: 2, toUserName: "سارا", fromTeamId: nil, toTeamId: 1,
                                          toTeamName: "پشتیبانی", reason: "rule: شکایت‌ها", byName: nil, at: t0)
        var data = TicketData(ticket: sampleTicket(merged: 9), messages: messages, assignments: [assignment], teams: [team], staff: [agent],
                              siblings: [sampleTicket()], serviceLevel: level, survey: survey(), canOpenFiles: true)
        data.changes = [AuditEntry(id: 1, at: t0, actorId: 2, actorName: "سارا", action: "update", field: "status", before: "new", after: "open")]
        return TicketModel(data, principal: admin, form: FormData("body=x&visibility=internal"),
                           issues: [FieldIssue(field: "reason", reason: "is required", code: "required")], saved: "reply", text: x)
    }

    static func ticketPaused(_ x: PageText) -> TicketModel {
        let level = TicketServiceLevel(policy: policy, targets: [
            .init(target: .firstResponse, dueAt: t0, metAt: t0, state: .metInTime, businessMinutesLeft: nil),
            .init(target: .resolution, dueAt: nil, metAt: nil, state: .paused, businessMinutesLeft: nil),
        ], escalations: [])
        let data = TicketData(ticket: sampleTicket(.waiting), messages: [], assignments: [], teams: [team], staff: [agent], siblings: [],
                              serviceLevel: level)
        return TicketModel(data, principal: Principal(userId: 3, name: "Reader", role: .crmAnalyst), form: nil, issues: [], saved: nil, text: x)
    }

    static func settingsReadOnly(_ x: PageText) -> ServiceSettingsModel {
        let data = ServiceSettingsData(settings: ServiceSettings(inboundChannels: [.email], defaultTeamId: nil), teams: [team], rules: [],
                                       staff: [agent], levels: levels(year: 1406))
        return ServiceSettingsModel(data, principal: Principal(userId: 2, name: "سارا", role: .supportAgent), issues: [], saved: nil, text: x)
    }

    static func settings(_ x: PageText) -> ServiceSettingsModel {
        let rule = RoutingRule(id: 1, position: 1, name: "شکایت‌ها", category: .complaint, channel: .email, language: .fa, minValueMinor: 5_000_000,
                               rfmSegment: "champions", satisfactionClass: "angry", teamId: 1, teamName: "پشتیبانی", priority: .urgent, active: true, version: 1)
        // The year 1407 has no lunar data: its note shows; the sample's lunar day still names its source.
        let data = ServiceSettingsData(settings: ServiceSettings(inboundChannels: [.email, .sms], defaultTeamId: 1), teams: [team], rules: [rule],
                                       staff: [agent], levels: levels(year: 1407))
        let policyIssues = [FieldIssue(field: "name", reason: "is required", code: "required"),
                            FieldIssue(field: "priority", reason: "x", code: "choice.unknown"),
                            FieldIssue(field: "minValue", reason: "x", code: "sla.money"),
                            FieldIssue(field: "firstResponse", reason: "x", code: "sla.duration", params: ["max": "8760"]),
                            FieldIssue(field: "nextResponse", reason: "x", code: "sla.duration", params: ["max": "8760"]),
                            FieldIssue(field: "resolution", reason: "x", code: "sla.duration", params: ["max": "8760"]),
                            FieldIssue(field: "warnPercent", reason: "x", code: "number.range", params: ["min": "1", "max": "99"]),
                            FieldIssue(field: "policy", reason: "x", code: "sla.policyTaken")]
        let policyForm = FormData("name=&priority=urgent&minValue=abc&firstH=%DB%B2&firstM=x&warnPercent=120")
        let failures = [
            ServiceLevelFailure(key: "policy-1", form: policyForm, issues: policyIssues),
            ServiceLevelFailure(key: "policy-new", form: policyForm, issues: policyIssues),
            ServiceLevelFailure(key: "hours-1", form: FormData("hours=mon2+8-17"),
                                issues: [FieldIssue(field: "hours", reason: "x", code: "hours.day", params: ["text": "mon2"])]),
            ServiceLevelFailure(key: "holiday", form: FormData("date=1405%2F13%2F01&nameFa=&nameEn=x"),
                                issues: [FieldIssue(field: "date", reason: "x", code: "date.invalid"), FieldIssue(field: "nameFa", reason: "x", code: "required"),
                                         FieldIssue(field: "nameEn", reason: "x", code: "text.tooLong", params: ["max": "100"]),
                                         FieldIssue(field: "holiday", reason: "x", code: "version.conflict")]),
        ]
        return ServiceSettingsModel(data, principal: admin, issues: [FieldIssue(field: "name", reason: "is required", code: "required"),
                                                                     FieldIssue(field: "linkDays", reason: "x", code: "number.range", params: ["min": "1", "max": "365"])],
                                    saved: "1", failures: failures, text: x)
    }

    static func support(_ x: PageText) -> SupportFormModel {
        SupportFormModel(values: FormData("name=a&email=b&body=c"), issues: [FieldIssue(field: "body", reason: "is required", code: "required")],
                         opened: "T-1405-000001", throttled: 30, text: x)
    }

    static func customerBox(_ x: PageText) -> Customer360Tickets {
        let customer = Customer(id: 3, fields: CustomerFields(name: "مریم احمدی", stage: .customer), version: 1, createdAt: t0, updatedAt: t0, deletedAt: nil)
        return Customer360Tickets([sampleTicket()], customer: customer, principal: admin, text: x)!
    }
}
