import Foundation
import PeyvandCore
import PeyvandStore

/// A bulk-SMS gateway: sends one text to one number, and — when it can — tells what became of
/// sent messages and what customers wrote back, polled or pushed to the callback.
public protocol SMSProvider: Sendable {
    /// A short name for logs and the dead-letter list (`kavenegar`).
    var name: String { get }
    /// Sends `text` to `to` (E.164) from `sender`. `localId` is the same on every attempt of one
    /// message, so a gateway that de-duplicates by it never sends a retry twice.
    func send(to: String, text: String, sender: String, localId: String) async throws -> DeliveryResult
    /// How many message ids one status request may name (0: no polling).
    var statusBatchLimit: Int { get }
    /// The delivery status of each of these gateway message ids that is final.
    func statuses(of messageIds: [String]) async throws -> [SMSReport]
    /// Messages customers sent to the sender line that were not read before (empty: no polling).
    func inbound(line: String) async throws -> [InboundMessage]
    /// Reads a request the gateway pushed to the callback (its form fields); nil when it is not one.
    func callback(_ fields: [String: String]) -> SMSCallback?
}

/// A final delivery status from the gateway.
public struct SMSReport: Sendable, Hashable {
    public var messageId: String
    /// `.delivered` or `.failed`.
    public var status: ChannelMessageStatus
    public var detail: String?

    public init(messageId: String, status: ChannelMessageStatus, detail: String? = nil) {
        (self.messageId, self.status, self.detail) = (messageId, status, detail)
    }
}

/// What a gateway pushed to the callback.
public enum SMSCallback: Sendable, Hashable {
    /// A delivery report; nil status: not final yet (nothing to record).
    case report(messageId: String, status: ChannelMessageStatus?, detail: String?)
    case inbound(InboundMessage)
}

extension SMSProvider {
    public var statusBatchLimit: Int { 0 }
    public func statuses(of messageIds: [String]) async throws -> [SMSReport] { [] }
    public func inbound(line: String) async throws -> [InboundMessage] { [] }
}

/// The sender's number as the gateway's receptors are written: Iranian numbers nationally
/// (`09121234567`), others with `00` (`00447911123456`).
enum SMSNumber {
    static func national(_ e164: String) -> String {
        if e164.hasPrefix("+98") { return "0" + e164.dropFirst(3) }
        if e164.hasPrefix("+") { return "00" + e164.dropFirst() }
        return e164
    }

    /// A number as the gateway wrote it, in E.164 when it parses.
    static func e164(_ raw: String) -> String {
        (try? PhoneNumber(parsing: raw))?.e164 ?? raw
    }
}
