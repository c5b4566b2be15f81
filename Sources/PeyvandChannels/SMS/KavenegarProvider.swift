import AsyncHTTPClient
import Foundation
import NIOCore
import PeyvandCore
import PeyvandStore

/// Kavenegar's REST API (`https://api.kavenegar.com/v1/{API-KEY}/…`), the shape most Iranian
/// bulk-SMS gateways copy. Sends with `sms/send.json` (form-encoded `receptor`, `message`,
/// `sender`, `localid`; Kavenegar answers a repeated `localid` with the message it already sent,
/// so a retry after a time-out is not sent twice), polls `sms/status.json` (up to 500 ids) and
/// `sms/receive.json`, and reads the delivery reports and replies it pushes to the callback.
public struct KavenegarProvider: SMSProvider {
    public var name: String { "kavenegar" }
    let apiKey: String
    let baseURL: String
    let client: HTTPClient
    let timeout: TimeAmount

    public init(apiKey: String, baseURL: String = "https://api.kavenegar.com", client: HTTPClient = .shared, timeout: TimeAmount = .seconds(15)) {
        self.apiKey = apiKey
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.client = client
        self.timeout = timeout
    }

    func url(_ method: String) -> String {
        "\(baseURL)/v1/\(SMSHTTP.escape(apiKey))/sms/\(method)"
    }

    public func send(to: String, text: String, sender: String, localId: String) async throws -> DeliveryResult {
        let body = SMSHTTP.form([("receptor", SMSNumber.national(to)), ("message", text), ("sender", sender), ("localid", localId)])
        do {
            let answer = try await SMSHTTP.call(client, url: url("send.json"), method: .POST, body: body,
                                                contentType: "application/x-www-form-urlencoded; charset=utf-8", timeout: timeout)
            return Self.outcome(httpStatus: answer.status, body: answer.body)
        } catch {
            return .retry("Kavenegar did not answer (\(error)); the next attempt carries the same localid \(localId), which Kavenegar does not send twice")
        }
    }

    /// What an answer to `send.json` means for the outbox.
    public static func outcome(httpStatus: Int, body: [UInt8]) -> DeliveryResult {
        let json = SMSHTTP.json(body)
        let code = (SMSHTTP.value(at: "return.status", in: json) as? NSNumber)?.intValue ?? httpStatus
        let said = (SMSHTTP.value(at: "return.message", in: json) as? String).map { " (\($0))" } ?? ""
        if code == 200 {
            let entry = SMSHTTP.value(at: "entries.0", in: json) ?? SMSHTTP.value(at: "entries", in: json)
            guard let id = SMSHTTP.text(SMSHTTP.value(at: "messageid", in: entry)) else {
                return .retry("Kavenegar accepted but named no messageid; asked again with the same localid")
            }
            return .sent(reference: id)
        }
        let reason = "Kavenegar answered \(code)\(said): " + Self.meaning(code)
        return Self.retried.contains(code) || code >= 500 || json == nil && httpStatus >= 500 ? .retry(reason) : .reject(reason)
    }

    /// The codes worth trying again: the gateway was busy, failed, or the account is out of credit
    /// (418: an administrator tops it up; the message waits with back-off meanwhile).
    static let retried: Set<Int> = [402, 409, 418, 429]

    /// Kavenegar's documented return codes, in words for the dead-letter list.
    public static func meaning(_ code: Int) -> String {
        switch code {
        case 400: "parameters are incomplete"
        case 401: "the account is disabled"
        case 402: "the operation failed; retried"
        case 403: "the API key is not valid: set PEYVAND_SMS_API_KEY to the key in the Kavenegar panel"
        case 404: "no such method: check --sms-base-url"
        case 405: "wrong HTTP method"
        case 406: "a required parameter is missing"
        case 407: "access denied: allow this server's IP address in the Kavenegar panel"
        case 409: "the server cannot answer now; retried"
        case 411: "the receptor (recipient number) is not valid"
        case 412: "the sender line is not valid or not yours: check --sms-sender"
        case 413: "the message is empty or longer than allowed"
        case 414: "too many records in one request"
        case 416: "this server's IP address does not match the one registered"
        case 417: "the send date is not valid"
        case 418: "the account's credit is not enough: top it up in the Kavenegar panel; retried meanwhile"
        case 422: "the text holds characters that cannot be sent"
        case 429: "too many requests; retried"
        default: code >= 500 ? "the gateway failed; retried" : "refused"
        }
    }

    public var statusBatchLimit: Int { 500 }

    public func statuses(of messageIds: [String]) async throws -> [SMSReport] {
        let ids = messageIds.prefix(statusBatchLimit).map(SMSHTTP.escape).joined(separator: ",")
        guard !ids.isEmpty else { return [] }
        let answer = try await SMSHTTP.call(client, url: url("status.json") + "?messageid=" + ids, method: .GET, timeout: timeout)
        guard answer.status == 200, let entries = SMSHTTP.value(at: "entries", in: SMSHTTP.json(answer.body)) as? [Any] else {
            throw SMSGatewayError(provider: name, status: answer.status, body: answer.body)
        }
        return entries.compactMap { entry in
            guard let id = SMSHTTP.text(SMSHTTP.value(at: "messageid", in: entry)),
                  let code = (SMSHTTP.value(at: "status", in: entry) as? NSNumber)?.intValue,
                  let status = Self.delivery(code) else { return nil }
            return SMSReport(messageId: id, status: status, detail: SMSHTTP.text(SMSHTTP.value(at: "statustext", in: entry)) ?? "status \(code)")
        }
    }

    /// A delivery status code's meaning: 10 delivered; 6 (the line failed), 11 (not delivered:
    /// phone off or out of reach), 13 (cancelled), 14 (blocked by the recipient), 100 (unknown id)
    /// failed; the rest (1 queued, 2 scheduled, 4 and 5 at the operator) are not final.
    public static func delivery(_ code: Int) -> ChannelMessageStatus? {
        switch code {
        case 10: .delivered
        case 6, 11, 13, 14, 100: .failed
        default: nil
        }
    }

    public func inbound(line: String) async throws -> [InboundMessage] {
        let answer = try await SMSHTTP.call(client, url: url("receive.json") + "?linenumber=\(SMSHTTP.escape(line))&isread=0",
                                            method: .GET, timeout: timeout)
        let json = SMSHTTP.json(answer.body)
        guard answer.status == 200 else { throw SMSGatewayError(provider: name, status: answer.status, body: answer.body) }
        guard let entries = SMSHTTP.value(at: "entries", in: json) as? [Any] else { return [] }
        return entries.compactMap { entry in
            guard let id = SMSHTTP.text(SMSHTTP.value(at: "messageid", in: entry)),
                  let from = SMSHTTP.text(SMSHTTP.value(at: "sender", in: entry)),
                  let text = SMSHTTP.value(at: "message", in: entry) as? String else { return nil }
            let date = (SMSHTTP.value(at: "date", in: entry) as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) } ?? Date()
            return InboundMessage(channel: .sms, address: SMSNumber.e164(from), body: text, receivedAt: date, externalId: id)
        }
    }

    /// Kavenegar pushes a delivery report as `messageid` and `status`, a reply as `from`, `to`,
    /// `message` and `messageid`.
    public func callback(_ fields: [String: String]) -> SMSCallback? {
        guard let id = fields["messageid"], !id.isEmpty, id.count <= 64 else { return nil }
        if let raw = fields["status"] {
            guard let code = Int(raw) else { return nil }
            return .report(messageId: id, status: Self.delivery(code), detail: "status \(code)")
        }
        guard let from = fields["from"], let phone = try? PhoneNumber(parsing: from), let text = fields["message"] else { return nil }
        return .inbound(InboundMessage(channel: .sms, address: phone.e164, body: text, externalId: id))
    }
}

/// A gateway's answer that is not what its API documents.
public struct SMSGatewayError: Error, CustomStringConvertible {
    public let provider: String
    public let status: Int
    public let body: String

    init(provider: String, status: Int, body: [UInt8]) {
        self.provider = provider
        self.status = status
        self.body = String(decoding: body.prefix(300), as: UTF8.self)
    }

    public var description: String { "\(provider) answered \(status): \(body)" }
}
