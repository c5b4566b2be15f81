import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/users`: administrators list and add staff, and manage each account's life cycle
/// (see `UsersController+Lifecycle.swift`); `/api/v1/me/password` for one's own password.
struct UsersController {
    let users: UserRepository
    let lifecycle: UserLifecycle
    let resets: PasswordResets

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("users", use: list)
        group.post("users", use: create)
        addLifecycleRoutes(to: group)
    }

    func requireAdmin(_ context: AppRequestContext) throws {
        guard try context.principal().may(.usersManage) else {
            throw StoreError.forbidden("only administrators manage users")
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireAdmin(context)
        let after = try ListQuery.after(request, Cursor.decode)
        let page = try await lifecycle.list(after: after, limit: try ListQuery.limit(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(StaffMemberDTO.init), next: page.next))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireAdmin(context)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["email", "name", "role", "password", "language"])
        let email = body.string("email") ?? ""
        let name = body.string("name") ?? ""
        let password = body.string("password") ?? ""
        let roleText = body.string("role")
        let languageText = body.string("language")
        try body.check()
        var issues: [FieldIssue] = []
        let role = Self.role(roleText, &issues)
        let language = languageText == nil ? .fa : Self.language(languageText, &issues)
        guard let role, let language, issues.isEmpty else { throw ValidationError(issues) }
        let user: User
        do {
            user = try await users.create(email: email, name: name, role: role, password: password, language: language,
                                          by: try context.principal())
        } catch StoreError.invalid(let error) where error.issues.contains(where: { $0.field == "email" && $0.reason.contains("already exists") }) {
            // Someone already has this address: a conflict with what is stored (409, as documented), not a bad field.
            throw Problem(.conflict, "conflict", "Conflict", detail: "a user with this email already exists")
        }
        return try JSONResponse.make(UserDTO(user), status: .created, headers: [.location: "/api/v1/users/\(user.id)"])
    }

    static func role(_ text: String?, _ issues: inout [FieldIssue]) -> Role? {
        guard let role = text.flatMap(Role.init(rawValue:)) else {
            issues.append(FieldIssue(field: "role", reason: "must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))", code: "choice.unknown"))
            return nil
        }
        return role
    }

    static func language(_ text: String?, _ issues: inout [FieldIssue]) -> Language? {
        guard let language = text.flatMap(Language.init(rawValue:)) else {
            issues.append(FieldIssue(field: "language", reason: "must be fa or en", code: "choice.unknown"))
            return nil
        }
        return language
    }
}
