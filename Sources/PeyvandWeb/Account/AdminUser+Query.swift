import Foundation
import PeyvandCore
import PeyvandStore

/// What one staff account's page reads, all at once: the account, its sessions, tokens, history
/// and whether sign-in is locked.
struct AdminUserData: Sendable {
    let member: StaffMember
    let sessions: [SessionInfo]
    let tokens: [APIToken]
    let history: [AuditEntry]
    let lockedSeconds: Int?
    /// The person's extension on the PBX (the telephone's screen-pop).
    let phoneExtension: String?
}

struct AdminUserQuery: Sendable {
    let lifecycle: UserLifecycle
    let extensions: StaffExtensions

    func read(_ id: Int64, by principal: Principal) async throws -> AdminUserData {
        async let member = lifecycle.member(id, by: principal)
        async let sessions = lifecycle.sessions(of: id, by: principal)
        async let tokens = lifecycle.tokens(of: id, by: principal)
        async let history = lifecycle.history(of: id, by: principal)
        async let locked = lifecycle.signInLockedFor(id, by: principal)
        async let phoneExtension = extensions.get(id)
        return AdminUserData(member: try await member, sessions: try await sessions, tokens: try await tokens, history: try await history,
                             lockedSeconds: try await locked, phoneExtension: try await phoneExtension)
    }
}
