import Foundation

/// A customer: a person or an organisation, at some stage of its life with the organisation.
public struct Customer: Sendable, Hashable {
    public let id: Int64
    public var fields: CustomerFields
    public var version: Int
    public let createdAt: Date
    public var updatedAt: Date
    public var deletedAt: Date?

    public init(id: Int64, fields: CustomerFields, version: Int, createdAt: Date, updatedAt: Date, deletedAt: Date?) {
        self.id = id
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deletedAt = deletedAt
    }

    public var isDeleted: Bool { deletedAt != nil }
}

public enum CustomerKind: String, CaseIterable, Sendable, Codable, Hashable {
    case person, organisation
}

/// Lifecycle stages (REQUIREMENTS §1): acquire → enhance → retain, and win back.
public enum LifecycleStage: String, CaseIterable, Sendable, Codable, Hashable {
    case prospect, lead, customer
    case atRisk = "at-risk"
    case lost
    case wonBack = "won-back"
}

/// The channels a customer can be reached by (002 engine 4: the channel the customer prefers).
public enum ContactChannel: String, CaseIterable, Sendable, Codable, Hashable {
    case email, sms, phone, letter, fax, visit, web, messenger
}

/// Per-channel consent to be contacted.
public struct Consents: Sendable, Hashable, Codable {
    public var email: Bool
    public var sms: Bool
    public var phone: Bool
    public var letter: Bool

    public init(email: Bool = false, sms: Bool = false, phone: Bool = false, letter: Bool = false) {
        self.email = email
        self.sms = sms
        self.phone = phone
        self.letter = letter
    }

    public static let channels = ["email", "sms", "phone", "letter"]

    public subscript(channel: String) -> Bool {
        get {
            switch channel {
            case "email": email
            case "sms": sms
            case "phone": phone
            case "letter": letter
            default: false
            }
        }
        set {
            switch channel {
            case "email": email = newValue
            case "sms": sms = newValue
            case "phone": phone = newValue
            case "letter": letter = newValue
            default: break
            }
        }
    }
}
