import Foundation
import Hummingbird
import PeyvandCore

/// Any JSON value, keeping booleans, numbers and strings apart (so `"true"` is not `true`).
enum JSONValue: Decodable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }
}

/// A JSON object from a request body, read member by member so every wrong type or unknown
/// member is reported with its field name (400 for malformed JSON, 422 for bad fields).
struct JSONBody {
    let object: [String: JSONValue]
    private(set) var issues: [FieldIssue] = []

    /// The body as a JSON object: 413 past the size limit, 400 when empty or not an object.
    static func read(_ request: Request, _ context: AppRequestContext) async throws -> JSONBody {
        guard let body = try await readOptional(request, context) else {
            throw Problem.badRequest("the request body is empty; send a JSON object")
        }
        return body
    }

    /// The same for endpoints whose body may be left out: nil when it is empty.
    static func readOptional(_ request: Request, _ context: AppRequestContext) async throws -> JSONBody? {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return nil }
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer)) } catch {
            throw Problem.badRequest("the request body is not valid JSON")
        }
        guard case .object(let object) = value else { throw Problem.badRequest("the request body must be a JSON object") }
        return JSONBody(object: object)
    }

    init(object: [String: JSONValue]) {
        self.object = object
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    func isNull(_ key: String) -> Bool {
        if case .null = object[key] { return true }
        return false
    }

    /// Refuses members this endpoint does not know (a typo would otherwise be silently ignored).
    mutating func allow(only keys: Set<String>) {
        for key in object.keys.sorted() where !keys.contains(key) {
            issues.append(FieldIssue(field: key, reason: "is not a known field", code: "json.unknownField"))
        }
    }

    mutating func string(_ key: String) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: issues.append(FieldIssue(field: key, reason: "must be a string", code: "json.string")); return nil
        }
    }

    /// An array of strings; refused without looking at its items when it has more than `max`.
    mutating func strings(_ key: String, max: Int = JSONBody.maxListLength) -> [String]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let items)? where items.count > max:
            issues.append(FieldIssue(field: key, reason: "at most \(max) items", code: "list.tooMany", params: ["max": "\(max)"])); return nil
        case .array(let items)?:
            var result: [String] = []
            for (i, item) in items.enumerated() {
                if case .string(let s) = item { result.append(s) } else { issues.append(FieldIssue(field: "\(key)[\(i)]", reason: "must be a string", code: "json.string")) }
            }
            return result
        default: issues.append(FieldIssue(field: key, reason: "must be an array of strings", code: "json.strings")); return nil
        }
    }

    mutating func stringMap(_ key: String, max: Int = JSONBody.maxListLength) -> [String: String]? {
        switch object[key] {
        case nil, .null?: return nil
        case .object(let map)? where map.count > max:
            issues.append(FieldIssue(field: key, reason: "at most \(max) members", code: "list.tooMany", params: ["max": "\(max)"])); return nil
        case .object(let map)?:
            var result: [String: String] = [:]
            for (k, v) in map {
                if case .string(let s) = v { result[k] = s } else { issues.append(FieldIssue(field: "\(key).\(k)", reason: "must be a string", code: "json.string")) }
            }
            return result
        default: issues.append(FieldIssue(field: key, reason: "must be an object whose values are strings", code: "json.stringMap")); return nil
        }
    }

    mutating func boolMap(_ key: String, max: Int = JSONBody.maxListLength) -> [String: Bool]? {
        switch object[key] {
        case nil, .null?: return nil
        case .object(let map)? where map.count > max:
            issues.append(FieldIssue(field: key, reason: "at most \(max) members", code: "list.tooMany", params: ["max": "\(max)"])); return nil
        case .object(let map)?:
            var result: [String: Bool] = [:]
            for (k, v) in map {
                if case .bool(let b) = v { result[k] = b } else { issues.append(FieldIssue(field: "\(key).\(k)", reason: "must be true or false", code: "json.bool")) }
            }
            return result
        default: issues.append(FieldIssue(field: key, reason: "must be an object whose values are true or false", code: "json.boolMap")); return nil
        }
    }

    /// An id given as a JSON string (the API's convention) or a whole number.
    mutating func id(_ key: String) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .number(let n)?:
            if let whole = Self.exactInteger(n) { return String(whole) }
            issues.append(FieldIssue(field: key, reason: "must be an id string", code: "json.id")); return nil
        default: issues.append(FieldIssue(field: key, reason: "must be an id string", code: "json.id")); return nil
        }
    }

    mutating func bool(_ key: String) -> Bool? {
        switch object[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        default: issues.append(FieldIssue(field: key, reason: "must be true or false", code: "json.bool")); return nil
        }
    }

    /// A decimal amount or quantity, as a JSON string (the API's convention) or a number.
    mutating func decimal(_ key: String) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .number(let n)? where n.isFinite && abs(n) < 1e15: return Self.exactInteger(n).map(String.init) ?? String(n)
        default: issues.append(FieldIssue(field: key, reason: "must be a decimal string", code: "json.decimal")); return nil
        }
    }

    /// A whole number in `range`, sent as a JSON number. Never traps:
    /// 1e19, 1e400, NaN and the integer limits are refused as out of range.
    mutating func int(_ key: String, in range: ClosedRange<Int>) -> Int? {
        let whole: Int64?
        switch object[key] {
        case nil, .null?: return nil
        case .number(let n)?: whole = Self.exactInteger(n)
        default: whole = nil
        }
        guard let whole, whole >= Int64(range.lowerBound), whole <= Int64(range.upperBound), let value = Int(exactly: whole) else {
            issues.append(FieldIssue(field: key, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)", code: "number.range", params: ["min": "\(range.lowerBound)", "max": "\(range.upperBound)"])); return nil
        }
        return value
    }

    /// The integer a JSON number stands for when it is whole and exactly representable (|n| ≤ 2⁵³);
    /// nil for fractions, NaN, infinities and anything larger.
    static func exactInteger(_ n: Double) -> Int64? {
        guard n.isFinite, n == n.rounded(), abs(n) <= 9_007_199_254_740_992 else { return nil }
        return Int64(exactly: n)
    }

    /// The most items any list or map in a request body may hold before it is looked at.
    static let maxListLength = 500

    /// An RFC 3339 instant.
    mutating func instant(_ key: String) -> Date? {
        guard let text = string(key) else { return nil }
        guard let date = ListQuery.parseInstant(text) else {
            issues.append(FieldIssue(field: key, reason: "must be an RFC 3339 instant, e.g. 2026-03-20T08:15:00Z", code: "instant.invalid"))
            return nil
        }
        return date
    }

    /// An array of objects, each read as a body of its own.
    mutating func objects(_ key: String, max: Int = JSONBody.maxListLength) -> [JSONBody]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let items)? where items.count > max:
            issues.append(FieldIssue(field: key, reason: "at most \(max) items", code: "list.tooMany", params: ["max": "\(max)"])); return nil
        case .array(let items)?:
            var result: [JSONBody] = []
            for (i, item) in items.enumerated() {
                guard case .object(let o) = item else {
                    issues.append(FieldIssue(field: "\(key)[\(i)]", reason: "must be an object", code: "json.object"))
                    continue
                }
                result.append(JSONBody(object: o))
            }
            return result
        default: issues.append(FieldIssue(field: key, reason: "must be an array", code: "json.array")); return nil
        }
    }

    /// Takes a nested body's issues as this body's, under `prefix`.
    mutating func absorb(_ nested: JSONBody, as prefix: String) {
        issues += nested.issues.map { $0.at("\(prefix).\($0.field)") }
    }

    mutating func append(_ issue: FieldIssue) { issues.append(issue) }

    func check() throws {
        if !issues.isEmpty { throw Problem.validation(ValidationError(issues)) }
    }
}

/// JSON answers: lowerCamelCase keys, RFC 3339 instants.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(rfc3339(date))
        }
        return encoder
    }()

    static func rfc3339(_ date: Date) -> String { CivilTime.rfc3339(date) }

    /// 200 with a body already encoded (a kept one).
    static func make(encoded body: Data) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// `{ "items": [...], "next": "<cursor>" | null }`
struct ListBody<Item: Encodable>: Encodable {
    let items: [Item]
    let next: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(next, forKey: .next)
    }

    enum CodingKeys: String, CodingKey { case items, next }
}
