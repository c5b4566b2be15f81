import Foundation
import PeyvandCore
import PeyvandStore

/// A staff account as administrators see it (`/api/v1/users`).
struct StaffMemberDTO: Encodable {
    let id: String
    let email: String
    let name: String
    let role: String
    let language: String
    let active: Bool
    let createdAt: Date
    let lastSignInAt: Date?
    let deactivatedAt: Date?

    init(_ m: StaffMember) {
        id = String(m.user.id)
        email = m.user.email
        name = m.user.name
        role = m.user.role.rawValue
        language = m.user.language.rawValue
        active = m.user.active
        createdAt = m.user.createdAt
        lastSignInAt = m.lastSignInAt
        deactivatedAt = m.deactivatedAt
    }

    /// Absent instants are `null`, not missing.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(email, forKey: .email)
        try c.encode(name, forKey: .name)
        try c.encode(role, forKey: .role)
        try c.encode(language, forKey: .language)
        try c.encode(active, forKey: .active)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(lastSignInAt, forKey: .lastSignInAt)
        try c.encode(deactivatedAt, forKey: .deactivatedAt)
    }

    enum CodingKeys: String, CodingKey { case id, email, name, role, language, active, createdAt, lastSignInAt, deactivatedAt }
}

/// A browser session of a user, without its secret.
struct SessionDTO: Encodable {
    let createdAt: Date
    let lastSeenAt: Date
    let expiresAt: Date

    init(_ s: SessionInfo) {
        createdAt = s.createdAt
        lastSeenAt = s.lastSeenAt
        expiresAt = s.expiresAt
    }
}

/// A one-time password-reset link, shown once.
struct PasswordResetDTO: Encodable {
    let link: String
    let expiresAt: Date
}

/// How many sessions and tokens a forced sign-out ended.
struct SignOutDTO: Encodable {
    let sessions: Int
    let tokens: Int
}
