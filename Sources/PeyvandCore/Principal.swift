/// The member of staff on whose behalf a read or write is made.
public struct Principal: Sendable, Hashable {
    public let userId: Int64
    public let name: String
    public let role: Role

    public init(userId: Int64, name: String, role: Role) {
        self.userId = userId
        self.name = name
        self.role = role
    }

    public func may(_ permission: Permission) -> Bool { AccessPolicy.allows(role, permission) }
    public var customerScope: RecordScope { AccessPolicy.grant(for: role).customerScope }
}
