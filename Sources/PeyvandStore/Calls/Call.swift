import Foundation
import PeyvandCore

/// Where a call stands: ringing, answered (talking), ended after being answered, or missed (ended
/// without anyone answering).
public enum CallState: String, CaseIterable, Sendable, Codable, Hashable {
    case ringing, answered, ended, missed
}

/// One telephone call as the PBX reported it, matched to a customer by the other party's number.
public struct Call: Sendable, Hashable {
    public let id: Int64
    /// The PBX's id for the call (Asterisk's `Linkedid`).
    public let callKey: String
    public let direction: Direction
    /// E.164 when the number parses; the raw text as reported beside it.
    public let fromNumber: String?
    public let fromRaw: String
    public let toNumber: String?
    public let toRaw: String
    public let customerId: Int64?
    public let customerName: String?
    public let agentId: Int64?
    public let agentName: String?
    public let state: CallState
    public let startedAt: Date
    public let answeredAt: Date?
    public let endedAt: Date?
    public let durationSeconds: Int?
    public let interactionId: Int64?

    /// The customer's side of the call: the caller of an incoming call, the callee of an outgoing one.
    public var otherNumber: String? { direction == .inbound ? fromNumber : toNumber }
    public var otherRaw: String { direction == .inbound ? fromRaw : toRaw }
}

/// What the PBX says happened to a call.
public enum CallEventKind: String, CaseIterable, Sendable, Hashable {
    case ringing, answered, ended
}

/// One report from the PBX connector. Reports are idempotent by (call, event): the same report
/// twice, or reports out of order, change the call once and log it once.
public struct CallEvent: Sendable, Hashable {
    public var callKey: String
    public var kind: CallEventKind
    public var from: String
    public var to: String
    public var direction: Direction
    /// The agent's extension on the PBX (matched to `users.extension`), or the agent's user id.
    public var agentExtension: String?
    public var agentUserId: Int64?
    public var at: Date

    public init(callKey: String, kind: CallEventKind, from: String, to: String = "", direction: Direction = .inbound,
                agentExtension: String? = nil, agentUserId: Int64? = nil, at: Date = Date()) {
        self.callKey = callKey
        self.kind = kind
        self.from = from
        self.to = to
        self.direction = direction
        self.agentExtension = agentExtension
        self.agentUserId = agentUserId
        self.at = at
    }

    public enum Limits {
        public static let callKey = 200, number = 64, agentExtension = 20
    }

    /// Checks lengths and characters; every problem at once, each with its field and code.
    public func validated() throws(ValidationError) -> CallEvent {
        var issues: [FieldIssue] = []
        func check(_ text: String, _ field: String, max: Int, required: Bool) {
            // Lengths in code points and "blank" as Unicode white space, as the API document states them.
            if required, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                issues.append(FieldIssue(field: field, reason: "is required", code: "required"))
            } else if text.unicodeScalars.count > max {
                issues.append(FieldIssue(field: field, reason: "must be at most \(max) characters", code: "text.tooLong", params: ["max": "\(max)"]))
            } else if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                issues.append(FieldIssue(field: field, reason: "must not contain control characters", code: "text.control"))
            }
        }
        check(callKey, "callId", max: Limits.callKey, required: true)
        check(from, "from", max: Limits.number, required: true)
        check(to, "to", max: Limits.number, required: false)
        if let agentExtension { check(agentExtension, "agentExtension", max: Limits.agentExtension, required: false) }
        if let agentUserId, agentUserId <= 0 { issues.append(FieldIssue(field: "agentUserId", reason: "must be a user id", code: "id.user")) }
        if at < Date(timeIntervalSince1970: 0) || at > Date().addingTimeInterval(366 * 86400) {
            issues.append(FieldIssue(field: "at", reason: "must be between 1970 and a year from now", code: "date.range"))
        }
        if !issues.isEmpty { throw ValidationError(issues) }
        var event = self
        event.callKey = callKey.trimmingCharacters(in: .whitespacesAndNewlines)
        event.from = from.trimmingCharacters(in: .whitespacesAndNewlines)
        event.to = to.trimmingCharacters(in: .whitespacesAndNewlines)
        let ext = agentExtension?.trimmingCharacters(in: .whitespacesAndNewlines)
        event.agentExtension = ext?.isEmpty == false ? ext : nil
        return event
    }
}

/// The outcome of a report: the call as it now stands, and whether this report changed it (false
/// for a repeated or superseded report).
public struct CallReport: Sendable {
    public let call: Call
    public let changed: Bool
    /// The agent the report named (by extension or id), if it named one the store knows.
    public let namedAgentId: Int64?
}
