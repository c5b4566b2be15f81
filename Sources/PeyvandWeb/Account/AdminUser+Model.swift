import Foundation
import PeyvandCore
import PeyvandStore

/// What one staff account's page (`admin-user.mustache`) renders: the account and what may be
/// changed, its sessions, tokens and history, a reset link shown once, and a refusal.
struct AdminUserModel {
    struct Member {
        let id: Int64, name: String, email: String, active: Bool, roleLabel: String, created: String, lastSignIn: String
        let deactivated: String?, isSelf: Bool, locked: String?, phoneExtension: String
    }
    struct Session { let created: String, lastSeen: String, expires: String }
    struct Token { let id: Int64, name: String, created: String, lastUsed: String, revoked: Bool }
    struct HistoryLine { let at: String, actor: String, action: String, change: String }

    let member: Member
    let userId: Int64
    let roles: [Choice]
    let sessions: [Session]
    let tokens: [Token]
    let history: [HistoryLine]
    let resetLink: String?
    let notice: String?
    let formError: String?
}

extension AdminUserModel {
    init(_ data: AdminUserData, principal: Principal, resetLink: String?, notice: String?, error: String?, text x: PageText) {
        let user = data.member.user
        member = Member(
            id: user.id, name: user.name, email: user.email, active: user.active, roleLabel: x.label("role", user.role.rawValue),
            created: x.when(user.createdAt), lastSignIn: data.member.lastSignInAt.map(x.when) ?? "—",
            deactivated: data.member.deactivatedAt.map(x.when), isSelf: user.id == principal.userId,
            locked: data.lockedSeconds.map { x.t("user_locked_minutes").replacingOccurrences(of: "{minutes}", with: x.number(max(1, ($0 + 59) / 60))) },
            phoneExtension: data.phoneExtension ?? "")
        userId = user.id
        roles = Role.allCases.map { x.choice($0.rawValue, "role", selected: $0 == user.role) }
        sessions = data.sessions.map { Session(created: x.when($0.createdAt), lastSeen: x.when($0.lastSeenAt), expires: x.when($0.expiresAt)) }
        tokens = data.tokens.map { t in
            Token(id: t.id, name: t.name, created: x.when(t.createdAt), lastUsed: t.lastUsedAt.map(x.when) ?? "—", revoked: t.revokedAt != nil)
        }
        history = data.history.map { Self.historyLine($0, x) }
        self.resetLink = resetLink
        self.notice = notice
        formError = error
    }

    /// One audit row in the reader's language: when, who, what, and for changed fields before → after.
    static func historyLine(_ entry: AuditEntry, _ x: PageText) -> HistoryLine {
        func value(_ text: String?) -> String {
            guard let text else { return "" }
            switch entry.field {
            case "role": return x.label("role", text)
            case "active": return x.t(text == "true" ? "user_active" : "user_inactive")
            case "language": return x.t("language_\(text)")
            default: return text
            }
        }
        let shown = ["create", "update", "deactivate", "reactivate", "revoke-token"].contains(entry.action)
        return HistoryLine(
            at: x.when(entry.at),
            actor: entry.actorId == nil && entry.actorName == UserLifecycle.commandLine.name ? x.t("user_actor_command_line") : entry.actorName ?? "—",
            action: x.label("user_action", entry.action),
            change: shown ? [value(entry.before), value(entry.after)].filter { !$0.isEmpty }.joined(separator: " → ") : "")
    }
}
