import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The few HTTP shapes the SMS gateways speak: one request, its status and at most 1 MiB of
/// answer; form and query encoding; a JSON value found by a dotted path.
enum SMSHTTP {
    static func call(_ client: HTTPClient, url: String, method: HTTPMethod, headers: [(String, String)] = [], body: [UInt8]? = nil,
                     contentType: String? = nil, timeout: TimeAmount) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "Peyvand-SMS/1")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), Array(buffer.readableBytesView))
    }

    /// Characters kept as they are in a form value or a query value.
    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func escape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// `application/x-www-form-urlencoded`, UTF-8.
    static func form(_ fields: [(String, String)]) -> [UInt8] {
        Array(fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&").utf8)
    }

    /// A JSON string's content (without the quotes) for `s`.
    static func jsonEscape(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        let text = String(decoding: data, as: UTF8.self)
        return String(text.dropFirst(2).dropLast(2))
    }

    static func json(_ body: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
    }

    /// The value at `path` (`entries.0.messageid`): object keys and array indexes, dot-separated.
    static func value(at path: String, in root: Any?) -> Any? {
        var current = root
        for segment in path.split(separator: ".", omittingEmptySubsequences: true).prefix(32) {
            if let object = current as? [String: Any] {
                current = object[String(segment)]
            } else if let array = current as? [Any], let index = Int(segment), array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }

    /// A scalar JSON value as text (`123` → "123"); nil for objects, arrays and null.
    static func text(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s.isEmpty ? nil : s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }
}
