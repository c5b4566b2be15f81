import Foundation

/// A member of staff who signs in.
public struct User: Sendable, Hashable, Codable {
    public let id: Int64
    public var email: String
    public var name: String
    public var role: Role
    public var language: Language
    public var active: Bool
    public let createdAt: Date

    public init(id: Int64, email: String, name: String, role: Role, language: Language, active: Bool, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.language = language
        self.active = active
        self.createdAt = createdAt
    }

    public var principal: Principal { Principal(userId: id, name: name, role: role) }
}

/// The two languages of the product. Persian is the default.
public enum Language: String, CaseIterable, Sendable, Codable, Hashable {
    case fa, en

    public var direction: String { self == .fa ? "rtl" : "ltr" }
}
