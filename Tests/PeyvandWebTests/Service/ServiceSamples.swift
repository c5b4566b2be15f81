import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb

/// Fully populated models of the service pages (the queues, a new ticket, a ticket, the settings,
/// the public form) and the 360 page's tickets box, for `TemplateKeysTests` and the view tests.
enum ServiceSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("tickets-list", list(x)), ("ticket-form", form(x)), ("ticket", ticket(x)), ("service-settings", settings(x)), ("support-form", support(x))]
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

    static let team = ServiceTeam(id: 1, name: "پشتیبانی", leadId: 2, managerId: 1, routing: .skill, businessHours: nil, version: 2, createdAt: t0,
                                  members: [ServiceTeamMember(userId: 2, name: "سارا", skills: ["complaint", "en"], active: true, openTickets: 4, lastAssignedAt: t0)])

    static func list(_ x: PageText) -> TicketsListModel {
        TicketsListModel(TicketsListData(page: Page(items: [sampleTicket()], next: "c"), counts: (3, 5, 1), teams: [team]),
                         query: TicketQuery(queue: .mine, status: .open, teamId: 1, priority: .high, category: .complaint, q: "سفارش"),
                         principal: admin, text: x)
    }

    static func form(_ x: PageText) -> TicketFormModel {
        let customer = Customer(id: 3, fields: CustomerFields(name: "مریم احمدی", stage: .customer), version: 1, createdAt: t0, updatedAt: t0, deletedAt: nil)
        return TicketFormModel(customer: customer, found: [customer], search: "مریم", form: FormData("subject=a&body=b&channel=visit"),
                               issues: [FieldIssue(field: "subject", reason: "is required", code: "required")], text: x)
    }

    static func ticket(_ x: PageText) -> TicketModel {
        let messages = [
            TicketMessage(id: 1, ticketId: 7, direction: .inbound, isPublic: true, channel: "email", authorId: nil, authorName: nil, body: "سلام",
                          interactionId: 5, channelMessageId: 6, deliveryStatus: "received", mergedFromId: 8, createdAt: t0),
            TicketMessage(id: 2, ticketId: 7, direction: .note, isPublic: false, channel: "note", authorId: 2, authorName: "سارا", body: "پیگیری",
                          interactionId: nil, channelMessageId: nil, deliveryStatus: nil, mergedFromId: nil, createdAt: t0),
        ]
        let assignment = TicketAssignment(id: 1, fromUserId: nil, fromUserName: nil, toUserId: 2, toUserName: "سارا", fromTeamId: nil, toTeamId: 1,
                                          toTeamName: "پشتیبانی", reason: "rule: شکایت‌ها", byName: nil, at: t0)
        let data = TicketData(ticket: sampleTicket(merged: 9), messages: messages, assignments: [assignment], teams: [team], staff: [agent],
                              siblings: [sampleTicket()])
        return TicketModel(data, principal: admin, form: FormData("body=x&visibility=internal"),
                           issues: [FieldIssue(field: "reason", reason: "is required", code: "required")], saved: "reply", text: x)
    }

    static func settings(_ x: PageText) -> ServiceSettingsModel {
        let rule = RoutingRule(id: 1, position: 1, name: "شکایت‌ها", category: .complaint, channel: .email, language: .fa, minValueMinor: 5_000_000,
                               rfmSegment: "champions", satisfactionClass: "angry", teamId: 1, teamName: "پشتیبانی", priority: .urgent, active: true, version: 1)
        let data = ServiceSettingsData(settings: ServiceSettings(inboundChannels: [.email, .sms], defaultTeamId: 1), teams: [team], rules: [rule],
                                       staff: [agent])
        return ServiceSettingsModel(data, principal: admin, issues: [FieldIssue(field: "name", reason: "is required", code: "required")],
                                    saved: "1", text: x)
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
