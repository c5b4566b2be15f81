import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// An RFC 9457 problem document: how every API error is answered.
struct Problem: Error, Encodable, Sendable {
    let type: String
    let title: String
    let status: Int
    let detail: String
    var errors: [FieldIssue]?
    /// Each error said in the caller's language (from its code), filled in by `ErrorMiddleware`.
    var messages: [String]?
    var retryAfter: Int?
    /// The methods the resource answers (405 only), sent as `Allow`.
    var allow: [String]?
    /// The challenge sent as `WWW-Authenticate` (401 only).
    var wwwAuthenticate: String?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, errors }

    /// One field's problem as the API writes it: the field, the English reason, the stable code
    /// and the message in the caller's language.
    struct FieldError: Encodable {
        let field: String
        let reason: String
        let code: String?
        let message: String?
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status, forKey: .status)
        try container.encode(detail, forKey: .detail)
        if let errors {
            try container.encode(errors.enumerated().map { i, issue in
                FieldError(field: issue.field, reason: issue.reason, code: issue.code, message: messages?.indices.contains(i) == true ? messages?[i] : nil)
            }, forKey: .errors)
        }
    }

    /// The problem with each field error's message in `language`.
    func said(in language: Language, by views: Views) -> Problem {
        var problem = self
        problem.messages = errors?.map { views.issueText($0, language) }
        return problem
    }

    init(_ status: HTTPResponse.Status, _ slug: String, _ title: String, detail: String, errors: [FieldIssue]? = nil) {
        self.type = "urn:peyvand:problem:\(slug)"
        self.title = title
        self.status = status.code
        self.detail = detail
        self.errors = errors
    }

    static func validation(_ error: ValidationError) -> Problem {
        Problem(.unprocessableContent, "validation", "Invalid input",
                detail: error.issues.map { "\($0.field): \($0.reason)" }.joined(separator: "; "), errors: error.issues)
    }

    static func methodNotAllowed(allow: [String]) -> Problem {
        var problem = Problem(.methodNotAllowed, "method-not-allowed", "Method not allowed",
                              detail: "this resource answers only \(allow.joined(separator: ", "))")
        problem.allow = allow
        return problem
    }

    static func badRequest(_ detail: String, field: String? = nil) -> Problem {
        Problem(.badRequest, "bad-request", "Malformed request", detail: detail,
                errors: field.map { [FieldIssue(field: $0, reason: detail, code: "request.malformed")] })
    }

    /// The problem for any error thrown while answering an API request.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem: return problem
        case let error as ValidationError: return .validation(error)
        case let error as StoreError:
            switch error {
            case .invalid(let v): return .validation(v)
            case .notFound: return Problem(.notFound, "not-found", "Not found", detail: error.description)
            case .forbidden: return Problem(.forbidden, "forbidden", "Forbidden", detail: error.description)
            case .versionMismatch: return Problem(.preconditionFailed, "version-mismatch", "Changed by someone else", detail: error.description)
            case .conflict: return Problem(.conflict, "conflict", "Conflict", detail: error.description)
            case .badDatabaseURL: return Problem(.internalServerError, "internal", "Internal error", detail: "the database is misconfigured")
            case .busy(let seconds): return .busy(seconds)
            }
        case let error as HTTPError:
            switch error.status {
            case .unauthorized:
                return Problem(.unauthorized, "unauthorized", "Authentication required",
                               detail: "send Authorization: Bearer <token>; get one from POST /api/v1/auth/token or `peyvand token create`")
            case .notFound: return Problem(.notFound, "not-found", "Not found", detail: error.body ?? "no such resource")
            case .contentTooLarge: return .tooLarge
            case .methodNotAllowed: return Problem(.methodNotAllowed, "method-not-allowed", "Method not allowed", detail: "this resource does not accept that method")
            default:
                let status = error.status
                return Problem(status, "http-\(status.code)", status.reasonPhrase, detail: error.body ?? status.reasonPhrase)
            }
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            return .tooLarge
        default:
            if case .busy(let seconds)? = StoreError.unavailable(error) { return .busy(seconds) }
            return Problem(.internalServerError, "internal", "Internal error", detail: "the server failed to answer; the error was logged")
        }
    }

    /// A body over the endpoint's limit (1 MiB for JSON and forms, 20 MiB for documents and imports).
    static let tooLarge = Problem(.contentTooLarge, "too-large", "Request body too large",
                                  detail: "the body is larger than this endpoint accepts (1 MiB for JSON and forms, 20 MiB for files)")

    /// The database could not take the request in time; nothing changed; try again.
    static func busy(_ seconds: Int) -> Problem {
        var problem = Problem(.serviceUnavailable, "busy", "Busy, try again", detail: "the database is busy; nothing was changed; try again in \(seconds) seconds")
        problem.retryAfter = seconds
        return problem
    }

    func response() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let allow { headers[.allow] = allow.joined(separator: ", ") }
        if status == 401 { headers[.wwwAuthenticate] = wwwAuthenticate ?? "Bearer" }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
