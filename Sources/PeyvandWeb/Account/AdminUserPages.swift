import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/admin/users`: administrators list staff and add them; `/admin/users/{id}` changes one
/// account (role, deactivate/reactivate, reset link, forced sign-out) and lists its sessions,
/// tokens and history. The store refuses everyone else (403). Actions: `AdminUserPages+Actions`.
struct AdminUserPages {
    let views: Views
    let users: UserRepository
    let lifecycle: UserLifecycle
    let resets: PasswordResets

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("admin/users", use: index)
        group.post("admin/users", use: create)
        group.get("admin/users/:id", use: show)
        group.post("admin/users/:id/role", use: setRole)
        group.post("admin/users/:id/active", use: setActive)
        group.post("admin/users/:id/password-reset", use: passwordReset)
        group.post("admin/users/:id/sign-out", use: signOut)
        group.post("admin/users/:id/unlock", use: unlock)
        group.post("admin/users/:id/tokens/:tokenId/revoke", use: revokeToken)
    }

    /// What the add-user form shows again after an error (never the password).
    struct NewUserForm {
        var email = "", name = "", role = Role.salesRep.rawValue, language = Language.fa.rawValue
    }

    @Sendable func index(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await list(request, context, form: NewUserForm(), errors: [])
    }

    func list(_ request: Request, _ context: AppRequestContext, form: NewUserForm, errors: [String],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let after = FormData.query(request).get("after").flatMap(Cursor.decode)
        let page = try await lifecycle.list(after: after, limit: 100, by: try context.principal())
        let lang = context.language
        return views.page("admin-users", request, context, title: views.t("users_title", context), current: "users", status: status, [
            "users": page.items.map { m in
                ["id": m.user.id, "name": m.user.name, "email": m.user.email, "active": m.user.active,
                 "roleLabel": views.catalogs.label("role", m.user.role.rawValue, lang),
                 "lastSignIn": m.lastSignInAt.map { views.formatting.dateTime($0, lang) } ?? "—"] as [String: Any]
            },
            "next": page.next.map { "/admin/users?after=\($0)" } ?? false,
            "form": ["email": form.email, "name": form.name] as [String: Any],
            "roles": roleOptions(selected: form.role, lang),
            "languages": Language.allCases.map { ["value": $0.rawValue, "label": views.t("language_\($0.rawValue)", context),
                                                  "selected": $0.rawValue == form.language] as [String: Any] },
            "errors": errors, "hasErrors": !errors.isEmpty, "passwordHint": views.passwordHint(context),
        ])
    }

    /// One account's page. `resetLink` is shown once, right after it was made.
    func detail(_ request: Request, _ context: AppRequestContext, id: Int64, resetLink: String? = nil, notice: String? = nil,
                error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        async let memberRead = lifecycle.member(id, by: principal)
        async let sessionsRead = lifecycle.sessions(of: id, by: principal)
        async let tokensRead = lifecycle.tokens(of: id, by: principal)
        async let historyRead = lifecycle.history(of: id, by: principal)
        async let lockRead = lifecycle.signInLockedFor(id, by: principal)
        let (member, sessions, tokens, history, locked) = try await (memberRead, sessionsRead, tokensRead, historyRead, lockRead)
        let lang = context.language
        let when = { (date: Date) in views.formatting.dateTime(date, lang) }
        return views.page("admin-user", request, context, title: member.user.name, current: "users", status: status, [
            "member": [
                "id": member.user.id, "name": member.user.name, "email": member.user.email, "active": member.user.active,
                "roleLabel": views.catalogs.label("role", member.user.role.rawValue, lang),
                "created": when(member.user.createdAt), "lastSignIn": member.lastSignInAt.map(when) ?? "—",
                "deactivated": member.deactivatedAt.map(when) ?? false, "isSelf": member.user.id == principal.userId,
                "locked": locked.map { views.t("user_locked_minutes", context)
                    .replacingOccurrences(of: "{minutes}", with: views.formatting.number(max(1, ($0 + 59) / 60), lang)) } ?? false,
            ] as [String: Any],
            "userId": member.user.id, "roles": roleOptions(selected: member.user.role.rawValue, lang),
            "sessions": sessions.map { ["created": when($0.createdAt), "lastSeen": when($0.lastSeenAt), "expires": when($0.expiresAt)] },
            "tokens": tokens.map { t in
                ["id": t.id, "name": t.name, "created": when(t.createdAt), "lastUsed": t.lastUsedAt.map(when) ?? "—",
                 "revoked": t.revokedAt != nil] as [String: Any]
            },
            "history": history.map { historyLine($0, lang) },
            "resetLink": resetLink ?? false, "notice": notice ?? false, "formError": error ?? false,
        ])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await detail(request, context, id: try RouteID.require(context, resource: "user"))
    }

    private func roleOptions(selected: String, _ lang: Language) -> [[String: Any]] {
        Role.allCases.map {
            ["value": $0.rawValue, "label": views.catalogs.label("role", $0.rawValue, lang), "selected": $0.rawValue == selected] as [String: Any]
        }
    }

    /// One audit row in the reader's language: when, who, what, and for changed fields before → after.
    private func historyLine(_ entry: AuditEntry, _ lang: Language) -> [String: Any] {
        func value(_ text: String?) -> String {
            guard let text else { return "" }
            switch entry.field {
            case "role": return views.catalogs.label("role", text, lang)
            case "active": return views.catalogs.text(text == "true" ? "user_active" : "user_inactive", lang)
            case "language": return views.catalogs.text("language_\(text)", lang)
            default: return text
            }
        }
        let shown = ["create", "update", "deactivate", "reactivate", "revoke-token"].contains(entry.action)
        return [
            "at": views.formatting.dateTime(entry.at, lang), "actor": entry.actorId == nil && entry.actorName == UserLifecycle.commandLine.name
                ? views.catalogs.text("user_actor_command_line", lang) : entry.actorName ?? "—",
            "action": views.catalogs.label("user_action", entry.action, lang),
            "change": shown ? [value(entry.before), value(entry.after)].filter { !$0.isEmpty }.joined(separator: " → ") : "",
        ]
    }
}
