import Foundation
import PeyvandCore
import SQLKit

/// A member of staff as administrators see them: the account and its life cycle.
public struct StaffMember: Sendable, Hashable {
    public let user: User
    public let lastSignInAt: Date?
    public let deactivatedAt: Date?

    static let columns = UserRepository.columns + ", last_sign_in_at, deactivated_at"

    static func read(_ row: any SQLRow) throws -> StaffMember {
        StaffMember(
            user: try UserRepository.user(row),
            lastSignInAt: try row.decode(column: "last_sign_in_at", as: Int64?.self).map(Clock.date),
            deactivatedAt: try row.decode(column: "deactivated_at", as: Int64?.self).map(Clock.date)
        )
    }
}

/// What an administrator changes on an account; nil leaves a field as it is.
public struct UserChanges: Sendable, Hashable {
    public var role: Role?
    public var active: Bool?
    public var name: String?
    public var language: Language?

    public init(role: Role? = nil, active: Bool? = nil, name: String? = nil, language: Language? = nil) {
        self.role = role
        self.active = active
        self.name = name
        self.language = language
    }
}

/// A browser session as listed for administrators (never its secret).
public struct SessionInfo: Sendable, Hashable {
    public let createdAt: Date
    public let lastSeenAt: Date
    public let expiresAt: Date
}

extension Role {
    /// The roles that may manage users (administrators): at least one active account must keep one.
    static var managingUsers: [Role] { Role.allCases.filter { AccessPolicy.allows($0, .usersManage) } }
}
