import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/users/{id}/…`: one account's life cycle — read, change (role, active, name,
/// language), deactivate and reactivate, one-time password-reset links, forced sign-out, its
/// sessions and tokens; and `/api/v1/me/password`. The store checks who may; 403 otherwise.
extension UsersController {
    func addLifecycleRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("users/:id", use: show)
        group.patch("users/:id", use: update)
        group.post("users/:id/deactivate", use: deactivate)
        group.post("users/:id/reactivate", use: reactivate)
        group.post("users/:id/password-reset", use: passwordReset)
        group.post("users/:id/sign-out", use: signOut)
        group.post("users/:id/unlock", use: unlock)
        group.get("users/:id/sessions", use: sessions)
        group.get("users/:id/tokens", use: tokens)
        group.delete("users/:id/tokens/:tokenId", use: revokeToken)
        group.post("me/password", use: changeOwnPassword)
    }

    /// The admin's principal and the user id of the path: 403 before 404.
    private func target(_ context: AppRequestContext) throws -> (Principal, Int64) {
        try requireAdmin(context)
        return (try context.principal(), try RouteID.require(context, resource: "user"))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try target(context)
        return try JSONResponse.make(StaffMemberDTO(try await lifecycle.member(id, by: principal)))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try target(context)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["role", "active", "name", "language"])
        let roleText = body.string("role"), languageText = body.string("language")
        var changes = UserChanges(active: body.bool("active"), name: body.string("name"))
        var issues = body.issues
        if roleText != nil { changes.role = Self.role(roleText, &issues) }
        if languageText != nil { changes.language = Self.language(languageText, &issues) }
        guard issues.isEmpty else { throw ValidationError(issues) }
        return try JSONResponse.make(StaffMemberDTO(try await lifecycle.update(id, changes, by: principal)))
    }

    @Sendable func deactivate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try target(context)
        return try JSONResponse.make(StaffMemberDTO(try await lifecycle.deactivate(id, by: principal)))
    }

    @Sendable func unlock(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try target(context)
        try await lifecycle.unlockSignIn(id, by: principal)
        return Response(status: .noContent)
    }

    @Sendable func reactivate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try target(context)
        return try JSONResponse.make(StaffMemberDTO(try await lifecycle.reactivate(id, by: principal)))
    }

    @Sendable func passwordReset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try target(context)
        let issued = try await resets.issue(for: id, by: principal)
        return try JSONResponse.make(PasswordResetDTO(link: issued.path, expiresAt: issued.expiresAt), status: .created)
    }

    /// Ends the user's sessions; `{"tokens": true}` revokes their API tokens too. The body is optional.
    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try target(context)
        var body = try await JSONBody.readOptional(request, context) ?? JSONBody(object: [:])
        body.allow(only: ["tokens"])
        let tokens = body.bool("tokens") ?? false
        try body.check()
        let ended = try await lifecycle.signOut(id, tokens: tokens, by: principal)
        return try JSONResponse.make(SignOutDTO(sessions: ended.sessions, tokens: ended.tokens))
    }

    @Sendable func sessions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try target(context)
        let items = try await lifecycle.sessions(of: id, by: principal).map(SessionDTO.init)
        return try JSONResponse.make(ListBody(items: items, next: nil))
    }

    @Sendable func tokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try target(context)
        let items = try await lifecycle.tokens(of: id, by: principal).map(TokenDTO.init)
        return try JSONResponse.make(ListBody(items: items, next: nil))
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try target(context)
        let tokenId = try RouteID.require(context, "tokenId", resource: "token")
        try await lifecycle.revokeToken(tokenId, of: id, by: principal)
        return Response(status: .noContent)
    }

    /// One's own password: `currentPassword` and `newPassword`. Ends one's other sessions.
    @Sendable func changeOwnPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["currentPassword", "newPassword"])
        let current = body.string("currentPassword"), new = body.string("newPassword")
        if current == nil { body.append(FieldIssue(field: "currentPassword", reason: "is required", code: "required")) }
        if new == nil { body.append(FieldIssue(field: "newPassword", reason: "is required", code: "required")) }
        try body.check()
        try await lifecycle.changeOwnPassword(current: current ?? "", new: new ?? "", by: principal, keepSession: context.sessionSecret)
        return Response(status: .noContent)
    }
}
