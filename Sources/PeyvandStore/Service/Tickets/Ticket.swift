import Foundation
import PeyvandCore

/// Where a ticket came from.
public enum TicketChannel: String, CaseIterable, Sendable, Codable {
    case web, email, sms, messenger, phone, visit, api

    /// The channel a customer's message travels on (web and API tickets are answered on the
    /// customer's preferred channel).
    public var contactChannel: ContactChannel? {
        switch self {
        case .email: .email
        case .sms: .sms
        case .messenger: .messenger
        case .phone: .phone
        case .visit: .visit
        case .web, .api: nil
        }
    }
}

public enum TicketCategory: String, CaseIterable, Sendable, Codable {
    case question, complaint, request, incident, `return`, billing
}

public enum TicketPriority: String, CaseIterable, Sendable, Codable {
    case low, normal, high, urgent
}

public enum TicketStatus: String, CaseIterable, Sendable, Codable {
    /// Arrived, nobody has answered yet.
    case new
    case open
    /// Waiting on the customer.
    case waiting
    case resolved
    case closed
    /// Folded into another ticket (`mergedIntoId`).
    case merged

    /// Still to be worked: counted in queues and loads.
    public var isOpen: Bool { self == .new || self == .open || self == .waiting }
    /// The statuses an agent may set by hand (merged is set by a merge only).
    public static let settable: [TicketStatus] = [.open, .waiting, .resolved, .closed]
}

public enum TicketMessageDirection: String, CaseIterable, Sendable, Codable {
    case inbound, outbound, note
}

/// A ticket: one customer's matter, its thread of messages on any channel, and who works it.
public struct Ticket: Sendable, Hashable {
    public let id: Int64
    public let number: String
    public let customerId: Int64
    public let customerName: String
    public let contactId: Int64?
    public let subject: String
    public let channel: TicketChannel
    public let category: TicketCategory
    public let priority: TicketPriority
    public let status: TicketStatus
    public let teamId: Int64?
    public let teamName: String?
    public let assigneeId: Int64?
    public let assigneeName: String?
    public let productId: Int64?
    public let orderId: Int64?
    public let language: Language
    public let mergedIntoId: Int64?
    /// The conversation on channels (`channel_messages.thread_id`) this ticket answers in.
    public let threadId: Int64?
    public let firstResponseAt: Date?
    public let resolvedAt: Date?
    public let closedAt: Date?
    public let waitingSince: Date?
    /// Filled by the SLA work; nil until then.
    public let slaPolicyId: Int64?
    public let firstResponseDueAt: Date?
    public let nextResponseDueAt: Date?
    public let resolutionDueAt: Date?
    public let lastMessageAt: Date
    public let createdBy: Int64?
    public let version: Int
    public let createdAt: Date
    public let updatedAt: Date
    /// How far the SLA watch has escalated it: 0 none (or only a warning), 1 the team lead, 2 the manager.
    public var escalationLevel: Int = 0
}

/// One message of a ticket's thread: what the customer wrote, what was answered, or an internal
/// note the customer never sees.
public struct TicketMessage: Sendable, Hashable {
    public let id: Int64
    public let ticketId: Int64
    public let direction: TicketMessageDirection
    /// `false` for an internal note.
    public let isPublic: Bool
    public let channel: String
    public let authorId: Int64?
    public let authorName: String?
    public let body: String
    public let interactionId: Int64?
    public let channelMessageId: Int64?
    /// The delivery status of an outgoing message (queued, sent, delivered, failed, bounced).
    public let deliveryStatus: String?
    /// The ticket it was written on, when merged here from another.
    public let mergedFromId: Int64?
    public let createdAt: Date
    /// The files that came or went with it (an email's attachments, an agent's files).
    public var attachments: [TicketAttachment] = []
}

/// One change of hands: from whom (and which team) to whom, why, by whom, when.
public struct TicketAssignment: Sendable, Hashable {
    public let id: Int64
    public let fromUserId: Int64?
    public let fromUserName: String?
    public let toUserId: Int64?
    public let toUserName: String?
    public let fromTeamId: Int64?
    public let toTeamId: Int64?
    public let toTeamName: String?
    public let reason: String
    public let byName: String?
    public let at: Date
}

/// Which queue to read.
public enum TicketQueue: String, CaseIterable, Sendable {
    /// Assigned to the reader.
    case mine
    /// In any team the reader belongs to.
    case team
    /// Nobody's yet.
    case unassigned
}

/// The filters of a ticket list.
public struct TicketQuery: Sendable, Hashable {
    public var queue: TicketQueue?
    public var status: TicketStatus?
    /// Only the open ones (new, open, waiting); ignored when `status` is set.
    public var openOnly: Bool
    public var teamId: Int64?
    public var assigneeId: Int64?
    public var customerId: Int64?
    public var priority: TicketPriority?
    public var category: TicketCategory?
    public var q: String?
    public var after: Int64?
    public var limit: Int
    /// Newest first (the default), or by the nearest running due instant (`sort=due`).
    public var sort: TicketSort = .newest
    /// The keyset position of a due-ordered page (`TicketSort.due`); `after` serves the newest-first order.
    public var afterDue: TicketDueCursor?

    public init(queue: TicketQueue? = nil, status: TicketStatus? = nil, openOnly: Bool = false, teamId: Int64? = nil, assigneeId: Int64? = nil,
                customerId: Int64? = nil, priority: TicketPriority? = nil, category: TicketCategory? = nil, q: String? = nil,
                after: Int64? = nil, limit: Int = 50) {
        (self.queue, self.status, self.openOnly, self.teamId, self.assigneeId) = (queue, status, openOnly, teamId, assigneeId)
        (self.customerId, self.priority, self.category, self.q, self.after, self.limit) = (customerId, priority, category, q, after, limit)
    }
}

/// The order of a ticket list.
public enum TicketSort: String, CaseIterable, Sendable {
    /// Newest first, by id.
    case newest
    /// The nearest running due instant first (tickets with nothing running last), then by id.
    case due
}

/// Where a due-ordered page ends: the nearest running due (UTC milliseconds; `Int64.max` for a
/// ticket with nothing running) and the id.
public struct TicketDueCursor: Sendable, Hashable {
    public let due: Int64
    public let id: Int64

    public init(due: Int64, id: Int64) {
        (self.due, self.id) = (due, id)
    }

    public var encoded: String { Cursor.encodeText("d:\(due):\(id)") }

    /// Nil for a cursor not made by ``encoded``.
    public init?(_ cursor: String) {
        guard let text = Cursor.decodeText(cursor), text.hasPrefix("d:") else { return nil }
        let parts = text.dropFirst(2).split(separator: ":")
        guard parts.count == 2, let due = Int64(parts[0]), let id = Int64(parts[1]), id > 0 else { return nil }
        (self.due, self.id) = (due, id)
    }
}
