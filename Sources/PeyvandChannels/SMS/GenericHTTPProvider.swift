import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PeyvandCore
import PeyvandStore

/// Any HTTP gateway that sends one SMS per request, described instead of programmed: a URL
/// template, a method, an optional body template (form or JSON), headers (for the API key) and
/// where in the JSON answer the message id is. Templates hold `{to}` (E.164), `{to_national}`
/// (`0912…`, `00…` abroad), `{text}`, `{sender}`, `{id}` (the same on every attempt) and `{key}`
/// (the API key); each is escaped for where it stands. A 2xx is sent; 408, 425, 429, 5xx and no
/// answer are retried; any other status is refused for good.
public struct GenericHTTPProvider: SMSProvider {
    public enum BodyFormat: String, Sendable, CaseIterable {
        case form, json, none
    }

    public struct Configuration: Sendable {
        public var urlTemplate: String
        public var method: String
        public var bodyTemplate: String?
        public var bodyFormat: BodyFormat
        /// `Name: value` pairs; `{key}` in a value is the API key.
        public var headers: [(String, String)]
        /// Where the gateway's message id is in its JSON answer (`data.messageIds.0`).
        public var messageIdPath: String?
        public var apiKey: String

        public init(urlTemplate: String, method: String = "POST", bodyTemplate: String? = nil, bodyFormat: BodyFormat = .form,
                    headers: [(String, String)] = [], messageIdPath: String? = nil, apiKey: String = "") {
            self.urlTemplate = urlTemplate
            self.method = method.uppercased()
            self.bodyTemplate = bodyTemplate
            self.bodyFormat = bodyTemplate == nil ? .none : bodyFormat
            self.headers = headers
            self.messageIdPath = messageIdPath
            self.apiKey = apiKey
        }

        /// What could never make a request (an unknown method, a URL that is not http(s)), in words; nil when fine.
        public var problem: String? {
            if !["GET", "POST", "PUT"].contains(method) { return "--sms-generic-method must be GET, POST or PUT" }
            if !(urlTemplate.hasPrefix("http://") || urlTemplate.hasPrefix("https://")) {
                return "--sms-generic-url must start with http:// or https://"
            }
            if method == "GET", bodyTemplate != nil { return "a GET request has no body: drop --sms-generic-body or use POST" }
            return nil
        }
    }

    public var name: String { "generic" }
    public let configuration: Configuration
    let client: HTTPClient
    let timeout: TimeAmount

    public init(_ configuration: Configuration, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(15)) {
        self.configuration = configuration
        self.client = client
        self.timeout = timeout
    }

    /// `template` with its placeholders filled, each value passed through `escape`. One pass, so
    /// a value that itself holds `{text}` is never filled again.
    static func fill(_ template: String, _ values: [String: String], escape: (String) -> String) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = values[String(after[..<close])] {
                out += escape(value)
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        return out + rest
    }

    public func send(to: String, text: String, sender: String, localId: String) async throws -> DeliveryResult {
        let c = configuration
        let values = ["to": to, "to_national": SMSNumber.national(to), "text": text, "sender": sender, "id": localId, "key": c.apiKey]
        let url = Self.fill(c.urlTemplate, values, escape: SMSHTTP.escape)
        var body: [UInt8]?
        var contentType: String?
        if let template = c.bodyTemplate {
            switch c.bodyFormat {
            case .json:
                body = Array(Self.fill(template, values, escape: SMSHTTP.jsonEscape).utf8)
                contentType = "application/json; charset=utf-8"
            case .form, .none:
                body = Array(Self.fill(template, values, escape: SMSHTTP.escape).utf8)
                contentType = "application/x-www-form-urlencoded; charset=utf-8"
            }
        }
        let headers = c.headers.map { ($0.0, Self.fill($0.1, ["key": c.apiKey], escape: { $0 })) }
        do {
            let answer = try await SMSHTTP.call(client, url: url, method: HTTPMethod(rawValue: c.method), headers: headers, body: body,
                                                contentType: contentType, timeout: timeout)
            return outcome(status: answer.status, body: answer.body)
        } catch {
            return .retry("the SMS gateway did not answer (\(error)); retried with the same id \(localId)")
        }
    }

    func outcome(status: Int, body: [UInt8]) -> DeliveryResult {
        let excerpt = String(decoding: body.prefix(300), as: UTF8.self)
        if (200..<300).contains(status) {
            guard let path = configuration.messageIdPath else { return .sent(reference: nil) }
            return .sent(reference: SMSHTTP.text(SMSHTTP.value(at: path, in: SMSHTTP.json(body))))
        }
        let reason = "the SMS gateway answered \(status): \(excerpt)"
        return [408, 425, 429].contains(status) || status >= 500 ? .retry(reason) : .reject(reason)
    }

    /// Reads Kavenegar's callback shape (`messageid` + `status`, or `from` + `message`), which many
    /// gateways copy; numeric statuses mean what they mean to Kavenegar.
    public func callback(_ fields: [String: String]) -> SMSCallback? {
        KavenegarProvider(apiKey: "", client: client).callback(fields)
    }
}
