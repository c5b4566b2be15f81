import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/auth/…`: issue a token for email + password (rate-limited), list and revoke one's own tokens.
struct AuthController {
    let users: UserRepository
    let tokens: TokenRepository
    let throttle: LoginThrottle

    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("auth/token", use: issue)
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("auth/tokens", use: list)
        group.delete("auth/tokens/:id", use: revoke)
        group.get("me", use: me)
    }

    @Sendable func issue(_ request: Request, context: AppRequestContext) async throws -> Response {
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["email", "password", "name"])
        let email = body.string("email")
        let password = body.string("password")
        let name = body.string("name")
        if email?.isEmpty ?? true { body = body.adding(FieldIssue(field: "email", reason: "is required", code: "required")) }
        if password?.isEmpty ?? true { body = body.adding(FieldIssue(field: "password", reason: "is required", code: "required")) }
        try body.check()
        guard let email, let password else { throw Problem.badRequest("email and password are required") }
        if let wait = try await throttle.begin(email: email, ip: context.clientAddress) {
            var problem = Problem(.tooManyRequests, "rate-limited", "Too many failed logins",
                                  detail: "too many failed attempts; try again in \(wait) seconds")
            problem.retryAfter = wait
            throw problem
        }
        guard let user = try await users.authenticate(email: email, password: password) else {
            throw Problem(.unauthorized, "bad-credentials", "Wrong email or password", detail: "the email or the password is wrong")
        }
        try await throttle.succeeded(email: email, ip: context.clientAddress)
        let issued = try await tokens.create(userId: user.id, name: name ?? "API token \(JSONResponse.rfc3339(Date()))")
        return try JSONResponse.make(IssuedTokenDTO(id: String(issued.token.id), token: issued.secret, name: issued.token.name,
                                                    createdAt: issued.token.createdAt), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        // `limit` and `after` as on every list (a user has at most 500 tokens listed, newest first).
        let limit = try ListQuery.limit(request)
        let before = try ListQuery.after(request, Cursor.decode) ?? Int64.max
        let all = try await tokens.list(userId: principal.userId).filter { $0.id < before }
        let page = all.prefix(limit)
        let next = all.count > limit ? page.last.map { Cursor.encode($0.id) } : nil
        return try JSONResponse.make(ListBody(items: page.map(TokenDTO.init), next: next))
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        guard let raw = context.parameters.get("id"), let id = Int64(raw) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "token ids are whole numbers")
        }
        try await tokens.revoke(id: id, userId: principal.userId)
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { throw HTTPError(.unauthorized) }
        return try JSONResponse.make(UserDTO(user))
    }
}

extension JSONBody {
    func adding(_ issue: FieldIssue) -> JSONBody {
        var copy = self
        copy.append(issue)
        return copy
    }
}

struct IssuedTokenDTO: Encodable {
    let id: String
    let token: String
    let name: String
    let createdAt: Date
}

struct TokenDTO: Encodable {
    let id: String
    let name: String
    let createdAt: Date
    let lastUsedAt: Date?
    let revokedAt: Date?

    init(_ t: APIToken) {
        id = String(t.id)
        name = t.name
        createdAt = t.createdAt
        lastUsedAt = t.lastUsedAt
        revokedAt = t.revokedAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(lastUsedAt, forKey: .lastUsedAt)
        try c.encode(revokedAt, forKey: .revokedAt)
    }

    enum CodingKeys: String, CodingKey { case id, name, createdAt, lastUsedAt, revokedAt }
}

struct UserDTO: Encodable {
    let id: String
    let email: String
    let name: String
    let role: String
    let language: String
    let createdAt: Date

    init(_ u: User) {
        id = String(u.id)
        email = u.email
        name = u.name
        role = u.role.rawValue
        language = u.language.rawValue
        createdAt = u.createdAt
    }
}
