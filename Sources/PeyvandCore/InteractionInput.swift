import Foundation

/// An interaction as typed into a form or sent to the API; `validated(now:)` checks it all at once.
public struct InteractionInput: Sendable, Hashable {
    public var kind: String?
    public var channel: String?
    public var direction: String?
    public var occurredAt: Date?
    public var staffId: String?
    public var subject: String?
    public var body: String?
    public var outcome: String?
    public var durationSeconds: String?
    public var costAmount: String?
    public var costCurrency: String?

    public init(kind: String? = nil, channel: String? = nil, direction: String? = nil, occurredAt: Date? = nil,
                staffId: String? = nil, subject: String? = nil, body: String? = nil, outcome: String? = nil,
                durationSeconds: String? = nil, costAmount: String? = nil, costCurrency: String? = nil) {
        self.kind = kind
        self.channel = channel
        self.direction = direction
        self.occurredAt = occurredAt
        self.staffId = staffId
        self.subject = subject
        self.body = body
        self.outcome = outcome
        self.durationSeconds = durationSeconds
        self.costAmount = costAmount
        self.costCurrency = costCurrency
    }

    public enum Limits {
        public static let subject = 300, body = 20_000, outcome = 300
        public static let maxDuration = 7 * 24 * 3600
    }

    public func validated(now: Date = Date()) throws(ValidationError) -> InteractionFields {
        var issues: [FieldIssue] = []
        func text(_ value: String?, _ field: String, max: Int) -> String? {
            guard let t = value?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            if t.count > max { issues.append(FieldIssue(field: field, reason: "must be at most \(max) characters", code: "text.tooLong", params: ["max": "\(max)"])) }
            return t
        }
        var kindValue = InteractionKind.note
        if let raw = kind?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let k = InteractionKind(rawValue: raw) { kindValue = k } else {
                issues.append(FieldIssue(field: "kind", reason: "must be one of: \(InteractionKind.allCases.map(\.rawValue).joined(separator: ", "))", code: "choice.unknown"))
            }
        } else {
            issues.append(FieldIssue(field: "kind", reason: "is required", code: "required"))
        }
        var channelValue: ContactChannel?
        if let raw = channel?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            channelValue = ContactChannel(rawValue: raw)
            if channelValue == nil {
                issues.append(FieldIssue(field: "channel", reason: "must be one of: \(ContactChannel.allCases.map(\.rawValue).joined(separator: ", "))", code: "choice.unknown"))
            }
        }
        var directionValue: Direction?
        if let raw = direction?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            directionValue = Direction(rawValue: raw)
            if directionValue == nil { issues.append(FieldIssue(field: "direction", reason: "must be in or out", code: "choice.unknown")) }
        }
        let when = occurredAt ?? now
        if when > now.addingTimeInterval(366 * 86400) || when < Date(timeIntervalSince1970: 0) {
            issues.append(FieldIssue(field: "occurredAt", reason: "must be between 1970 and a year from now", code: "date.range"))
        }
        var staff: Int64?
        if let raw = staffId?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let id = Int64(raw), id > 0 { staff = id } else { issues.append(FieldIssue(field: "staffId", reason: "must be a user id", code: "id.user")) }
        }
        var duration: Int?
        if let raw = durationSeconds?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let d = Int(PersianText.latinDigits(raw)), (0...Limits.maxDuration).contains(d) { duration = d } else {
                issues.append(FieldIssue(field: "durationSeconds", reason: "must be a whole number of seconds from 0 to \(Limits.maxDuration)", code: "duration.range", params: ["max": "\(Limits.maxDuration / 3600)"]))
            }
        }
        var cost: Money?
        if let raw = costAmount?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            do {
                let currency = try Currency(code: costCurrency?.isEmpty == false ? costCurrency! : "IRR")
                let money = try Money(major: raw, currency: currency)
                if money.isNegative { issues.append(FieldIssue(field: "cost", reason: "must not be negative", code: "amount.negative")) } else { cost = money }
            } catch {
                issues += error.issues.map { $0.at("cost") }
            }
        }
        let subject = text(subject, "subject", max: Limits.subject)
        let body = text(body, "body", max: Limits.body)
        let outcome = text(outcome, "outcome", max: Limits.outcome)
        if !issues.isEmpty { throw ValidationError(issues) }
        return InteractionFields(kind: kindValue, channel: channelValue, direction: directionValue, occurredAt: when, staffId: staff,
                                 subject: subject, body: body, outcome: outcome, durationSeconds: duration, cost: cost)
    }
}
