import Foundation
import PeyvandCore

/// Whether a message is part of a service the customer is receiving (an answer, a reminder of
/// what they owe) or marketing (an offer). Marketing waits out quiet hours and always carries a
/// way to unsubscribe.
public enum MessagePurpose: String, Sendable, Codable, CaseIterable, Hashable {
    case service, marketing
}

/// A saved template: the text of a message or a letter, with merge fields.
public struct MessageTemplate: Sendable, Hashable {
    public let id: Int64
    public var name: String
    /// email, sms, messenger, letter or fax.
    public var channel: ContactChannel
    /// fa or en.
    public var language: String
    public var purpose: MessagePurpose
    public var subject: String?
    public var body: String
    public let version: Int
    public let updatedAt: Date
}

/// A template as it arrives from a form or the API, not yet trusted.
public struct MessageTemplateInput: Sendable, Hashable {
    public var name: String?
    public var channel: String?
    public var language: String?
    public var purpose: String?
    public var subject: String?
    public var body: String?

    public init(name: String? = nil, channel: String? = nil, language: String? = nil, purpose: String? = nil, subject: String? = nil,
                body: String? = nil) {
        (self.name, self.channel, self.language, self.purpose, self.subject, self.body) = (name, channel, language, purpose, subject, body)
    }

    /// The channels a template may be written for.
    public static let channels: [ContactChannel] = [.email, .sms, .messenger, .letter, .fax]

    /// Every problem at once; the subject and body are parsed, so an unknown merge field or an
    /// unclosed `{{` is refused here.
    public func validated() throws(ValidationError) -> (name: String, channel: ContactChannel, language: String, purpose: MessagePurpose,
                                                        subject: String?, body: String) {
        var issues: [FieldIssue] = []
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { issues.append(FieldIssue(field: "name", reason: "required", code: "required")) }
        if name.count > 100 { issues.append(FieldIssue(field: "name", reason: "at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
        let channel = channel.flatMap(ContactChannel.init(rawValue:)).flatMap { Self.channels.contains($0) ? $0 : nil }
        if channel == nil {
            issues.append(FieldIssue(field: "channel", reason: "one of email, sms, messenger, letter, fax", code: "template.channel"))
        }
        let language = language ?? "fa"
        if !["fa", "en"].contains(language) { issues.append(FieldIssue(field: "language", reason: "fa or en", code: "template.language")) }
        let purpose = MessagePurpose(rawValue: purpose ?? "service")
        if purpose == nil { issues.append(FieldIssue(field: "purpose", reason: "service or marketing", code: "template.purpose")) }
        let subject = subject?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let subject {
            if subject.count > 300 { issues.append(FieldIssue(field: "subject", reason: "at most 300 characters", code: "text.tooLong", params: ["max": "300"])) }
            do { _ = try MergeTemplate(subject, field: "subject") } catch { issues += error.issues }
        }
        let body = body ?? ""
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            issues.append(FieldIssue(field: "body", reason: "required", code: "required"))
        } else {
            do { _ = try MergeTemplate(body, field: "body") } catch { issues += error.issues }
        }
        guard issues.isEmpty, let channel, let purpose else { throw ValidationError(issues) }
        return (name, channel, language, purpose, subject, body)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
