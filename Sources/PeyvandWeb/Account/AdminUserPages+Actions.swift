import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The forms of the administrators' user pages. Each reads its CSRF token; a refusal (the last
/// administrator, oneself) shows the account page again with the reason.
extension AdminUserPages {
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        guard principal.may(.usersManage) else { throw StoreError.forbidden("only administrators manage users") }
        let typed = NewUserForm(email: form["email"] ?? "", name: form["name"] ?? "", role: form["role"] ?? "", language: form["language"] ?? "fa")
        guard let role = Role(rawValue: typed.role), let language = Language(rawValue: typed.language) else {
            return try await list(request, context, form: typed, errors: [FieldError(field: Role(rawValue: typed.role) == nil ? "role" : "language", fieldLabel: nil, message: views.t("error_bad_request", context))],
                                status: .unprocessableContent)
        }
        do {
            let user = try await users.create(email: typed.email, name: typed.name, role: role, password: form["password"] ?? "", language: language,
                                              by: principal)
            return .redirect("/admin/users/\(user.id)")
        } catch StoreError.invalid(let error) {
            return try await list(request, context, form: typed, errors: text(context).fieldErrorList(error.issues) { views.accountIssue($0, context) },
                                status: .unprocessableContent)
        }
    }

    @Sendable func setRole(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { form, id, principal in
            guard let role = form["role"].flatMap(Role.init(rawValue:)) else { throw HTTPError(.badRequest, message: "unknown role") }
            try await lifecycle.setRole(id, role, by: principal)
        }
    }

    @Sendable func setActive(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { form, id, principal in
            if form["active"] == "true" {
                try await lifecycle.reactivate(id, by: principal)
            } else {
                try await lifecycle.deactivate(id, by: principal)
            }
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { form, id, principal in
            try await lifecycle.signOut(id, tokens: form["tokens"] == "on", by: principal)
        }
    }

    /// The person's extension on the PBX; a bad or taken one is shown on the page (422).
    @Sendable func setExtension(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "user")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        do {
            _ = try await extensions.set(id, to: form["extension"], by: try context.principal())
        } catch StoreError.invalid(let error) {
            let message = views.t("user_extension", context) + ": " + error.issues.map { views.issueText($0, context.language) }.joined(separator: " ")
            return try await detail(request, context, id: id, error: message, status: .unprocessableContent)
        }
        return .redirect("/admin/users/\(id)")
    }

    @Sendable func unlock(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { _, id, principal in try await lifecycle.unlockSignIn(id, by: principal) }
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { _, id, principal in
            try await lifecycle.revokeToken(try RouteID.require(context, "tokenId", resource: "token"), of: id, by: principal)
        }
    }

    /// Shows the new link once, on this answer only; the page is not cached (`no-store`).
    @Sendable func passwordReset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "user")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        do {
            let issued = try await resets.issue(for: id, by: try context.principal())
            var response = try await detail(request, context, id: id, resetLink: issued.path)
            response.headers[.init("Referrer-Policy")!] = "no-referrer"
            return response
        } catch StoreError.conflict(let why) {
            return try await detail(request, context, id: id, error: refusal(why, context), status: .conflict)
        }
    }

    /// Reads the form, runs `change`, then back to the account page (303), or the page with the refusal (409).
    private func act(_ request: Request, _ context: AppRequestContext,
                     _ change: (FormData, Int64, Principal) async throws -> Void) async throws -> Response {
        let id = try RouteID.require(context, resource: "user")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        do {
            try await change(form, id, try context.principal())
        } catch StoreError.conflict(let why) {
            return try await detail(request, context, id: id, error: refusal(why, context), status: .conflict)
        }
        return .redirect("/admin/users/\(id)")
    }

    func refusal(_ why: String, _ context: AppRequestContext) -> String {
        guard let refusal = UserLifecycle.Refusal(rawValue: why) else { return views.t("error_conflict", context) }
        return views.t("user_refusal_\(refusal)", context)
    }
}
