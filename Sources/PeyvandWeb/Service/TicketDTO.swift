import Foundation
import PeyvandCore
import PeyvandStore

/// A ticket as the API shows it.
struct TicketDTO: Encodable {
    let id: String
    let number: String
    let customerId: String
    let customerName: String
    let contactId: String?
    let subject: String
    let channel: String
    let category: String
    let priority: String
    let status: String
    let teamId: String?
    let teamName: String?
    let assigneeId: String?
    let assigneeName: String?
    let productId: String?
    let orderId: String?
    let language: String
    let mergedIntoId: String?
    let firstResponseAt: Date?
    let resolvedAt: Date?
    let closedAt: Date?
    let waitingSince: Date?
    let slaPolicyId: String?
    let firstResponseDueAt: Date?
    let nextResponseDueAt: Date?
    let resolutionDueAt: Date?
    let lastMessageAt: Date
    let version: Int
    let createdAt: Date
    let updatedAt: Date

    init(_ t: Ticket) {
        (id, number, customerId, customerName) = (String(t.id), t.number, String(t.customerId), t.customerName)
        contactId = t.contactId.map(String.init)
        (subject, channel, category, priority, status) = (t.subject, t.channel.rawValue, t.category.rawValue, t.priority.rawValue, t.status.rawValue)
        (teamId, teamName) = (t.teamId.map(String.init), t.teamName)
        (assigneeId, assigneeName) = (t.assigneeId.map(String.init), t.assigneeName)
        (productId, orderId) = (t.productId.map(String.init), t.orderId.map(String.init))
        language = t.language.rawValue
        mergedIntoId = t.mergedIntoId.map(String.init)
        (firstResponseAt, resolvedAt, closedAt, waitingSince) = (t.firstResponseAt, t.resolvedAt, t.closedAt, t.waitingSince)
        slaPolicyId = t.slaPolicyId.map(String.init)
        (firstResponseDueAt, nextResponseDueAt, resolutionDueAt) = (t.firstResponseDueAt, t.nextResponseDueAt, t.resolutionDueAt)
        (lastMessageAt, version, createdAt, updatedAt) = (t.lastMessageAt, t.version, t.createdAt, t.updatedAt)
    }
}

struct TicketMessageDTO: Encodable {
    let id: String
    let direction: String
    let visibility: String
    let channel: String
    let authorId: String?
    let authorName: String?
    let body: String
    let interactionId: String?
    let deliveryStatus: String?
    let mergedFromId: String?
    let createdAt: Date
    let attachments: [TicketAttachmentDTO]

    init(_ m: TicketMessage) {
        (id, direction, visibility, channel) = (String(m.id), m.direction.rawValue, m.isPublic ? "public" : "internal", m.channel)
        (authorId, authorName, body) = (m.authorId.map(String.init), m.authorName, m.body)
        interactionId = m.interactionId.map(String.init)
        (deliveryStatus, mergedFromId, createdAt) = (m.deliveryStatus, m.mergedFromId.map(String.init), m.createdAt)
        attachments = m.attachments.map(TicketAttachmentDTO.init)
    }
}

/// A file of a ticket message: the document's id (its bytes at `/api/v1/documents/{id}/content`).
struct TicketAttachmentDTO: Encodable {
    let id: String
    let filename: String
    let contentType: String
    let size: Int

    init(_ a: TicketAttachment) {
        (id, filename, contentType, size) = (String(a.id), a.filename, a.mediaType, a.size)
    }
}

struct TicketAssignmentDTO: Encodable {
    let id: String
    let fromUserId: String?
    let toUserId: String?
    let toUserName: String?
    let fromTeamId: String?
    let toTeamId: String?
    let toTeamName: String?
    let reason: String
    let byName: String?
    let at: Date

    init(_ a: TicketAssignment) {
        (id, fromUserId, toUserId, toUserName) = (String(a.id), a.fromUserId.map(String.init), a.toUserId.map(String.init), a.toUserName)
        (fromTeamId, toTeamId, toTeamName) = (a.fromTeamId.map(String.init), a.toTeamId.map(String.init), a.toTeamName)
        (reason, byName, at) = (a.reason, a.byName, a.at)
    }
}

struct ServiceTeamDTO: Encodable {
    struct Member: Encodable { let userId: String, name: String, skills: [String], active: Bool, openTickets: Int }
    let id: String
    let name: String
    let leadId: String?
    let managerId: String?
    let routing: String
    /// The business hours in their written form (`sat-wed 08:00-17:00; thu 08:00-13:00`).
    let hours: String
    let version: Int
    let members: [Member]

    init(_ t: ServiceTeam) {
        (id, name, leadId, managerId) = (String(t.id), t.name, t.leadId.map(String.init), t.managerId.map(String.init))
        (routing, version) = (t.routing.rawValue, t.version)
        hours = t.hours.formatted(digits: .latin)
        members = t.members.map { Member(userId: String($0.userId), name: $0.name, skills: $0.skills, active: $0.active, openTickets: $0.openTickets) }
    }
}

struct RoutingRuleDTO: Encodable {
    let id: String
    let position: Int
    let name: String
    let category: String?
    let channel: String?
    let language: String?
    let minValue: String?
    let rfmSegment: String?
    let satisfactionClass: String?
    let teamId: String
    let teamName: String
    let priority: String?
    let active: Bool
    let version: Int

    init(_ r: RoutingRule) {
        (id, position, name) = (String(r.id), r.position, r.name)
        (category, channel, language) = (r.category?.rawValue, r.channel?.rawValue, r.language?.rawValue)
        (minValue, rfmSegment, satisfactionClass) = (r.minValueMinor.map(String.init), r.rfmSegment, r.satisfactionClass)
        (teamId, teamName, priority, active, version) = (String(r.teamId), r.teamName, r.priority?.rawValue, r.active, r.version)
    }
}
