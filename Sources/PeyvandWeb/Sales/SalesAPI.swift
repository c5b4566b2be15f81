import Foundation
import Hummingbird
import PeyvandCore

/// What the task and meeting endpoints read the same way: `If-Match` versions and ids in bodies.
enum SalesAPI {
    /// The version in `If-Match` (`"3"`, `3`, `W/"3"`), nil without the header, 400 when it is not one.
    static func ifMatch(_ request: Request, resource: String) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(trimmed), version >= 0 else {
            throw Problem.badRequest("If-Match must be the \(resource)'s version, e.g. \"3\"", field: "If-Match")
        }
        return version
    }

    /// An id member: nil when absent or null, an issue when it is not a positive whole number.
    static func id(_ body: inout JSONBody, _ key: String) -> Int64? {
        guard let raw = body.id(key) else { return nil }
        guard let id = Int64(raw), id > 0 else {
            body.append(FieldIssue(field: key, reason: "must be an id string", code: "json.id"))
            return nil
        }
        return id
    }

    /// A list of id strings.
    static func ids(_ body: inout JSONBody, _ key: String) -> [Int64]? {
        guard let raw = body.strings(key, max: MeetingInput.Limits.attendees) else { return nil }
        var out: [Int64] = []
        for (i, s) in raw.enumerated() {
            if let id = Int64(s), id > 0 { out.append(id) } else { body.append(FieldIssue(field: "\(key)[\(i)]", reason: "must be an id string", code: "json.id")) }
        }
        return out
    }

    /// A positive id in the query string, 400 when malformed.
    static func queryId(_ query: FormData, _ name: String) throws -> Int64? {
        guard let raw = query.get(name), !raw.isEmpty else { return nil }
        guard let id = Int64(raw), id > 0 else { throw Problem.badRequest("\(name) must be a positive whole number", field: name) }
        return id
    }

    /// An RFC 3339 instant in the query string, 400 when malformed.
    static func queryInstant(_ query: FormData, _ name: String) throws -> Date? {
        guard let raw = query.get(name) else { return nil }
        guard let date = ListQuery.parseInstant(raw) else {
            throw Problem.badRequest("\(name) must be an RFC 3339 instant, e.g. 2026-03-20T08:15:00Z", field: name)
        }
        return date
    }
}
