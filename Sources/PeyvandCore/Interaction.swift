import Foundation

/// One contact between the organisation and a customer (000: "calls taken, emails sent,
/// meetings held, presentations made"), on the customer's timeline.
public struct Interaction: Sendable, Hashable {
    public let id: Int64
    public let customerId: Int64
    public var fields: InteractionFields
    public let staffName: String?
    public let createdAt: Date

    public init(id: Int64, customerId: Int64, fields: InteractionFields, staffName: String?, createdAt: Date) {
        self.id = id
        self.customerId = customerId
        self.fields = fields
        self.staffName = staffName
        self.createdAt = createdAt
    }
}

public enum InteractionKind: String, CaseIterable, Sendable, Codable, Hashable {
    case call, email, meeting, presentation, sms, letter, fax, visit
    case webForm = "web-form"
    case chat, note

    /// The channel a kind of interaction travels by, unless told otherwise.
    public var defaultChannel: ContactChannel? {
        switch self {
        case .call: .phone
        case .email: .email
        case .meeting, .presentation, .visit: .visit
        case .sms: .sms
        case .letter: .letter
        case .fax: .fax
        case .webForm: .web
        case .chat: .messenger
        case .note: nil
        }
    }
}

public enum Direction: String, CaseIterable, Sendable, Codable, Hashable {
    case inbound = "in"
    case outbound = "out"
}

/// The validated fields of an interaction.
public struct InteractionFields: Sendable, Hashable {
    public var kind: InteractionKind
    public var channel: ContactChannel?
    public var direction: Direction?
    public var occurredAt: Date
    public var staffId: Int64?
    public var subject: String?
    public var body: String?
    public var outcome: String?
    public var durationSeconds: Int?
    public var cost: Money?

    public init(kind: InteractionKind, channel: ContactChannel? = nil, direction: Direction? = nil, occurredAt: Date,
                staffId: Int64? = nil, subject: String? = nil, body: String? = nil, outcome: String? = nil,
                durationSeconds: Int? = nil, cost: Money? = nil) {
        self.kind = kind
        self.channel = channel ?? kind.defaultChannel
        self.direction = direction
        self.occurredAt = occurredAt
        self.staffId = staffId
        self.subject = subject
        self.body = body
        self.outcome = outcome
        self.durationSeconds = durationSeconds
        self.cost = cost
    }
}
