import Foundation
import PeyvandCore

/// A web-to-lead form: the plain HTML form a site pastes in posts to `/w2l/{publicKey}`.
public struct LeadForm: Sendable, Hashable {
    public let id: Int64
    public let publicKey: String
    public let name: String
    /// Stamped on every lead it captures (a posted `source`/`campaign` field overrides them, e.g.
    /// from the page's UTM parameters).
    public let source: String
    public let campaign: String?
    /// `fa` or `en`: the language of its hosted page and of its answers.
    public let language: String
    public let consentFa: String?
    public let consentEn: String?
    /// The channels its consent covers (`email`, `sms`, `phone`, `letter`).
    public let consentChannels: [String]
    /// Where the visitor is sent after a submission; without it a thank-you page is shown.
    public let thankYouURL: String?
    public let thankYouFa: String?
    public let thankYouEn: String?
    /// Submissions accepted per client address per minute and per hour.
    public let perMinute: Int
    public let perHour: Int
    public let active: Bool
    public let version: Int
    public let createdAt: Date

    /// The consent wording in the form's language (the other one when that is blank).
    public var consentText: String? {
        language == "en" ? (consentEn ?? consentFa) : (consentFa ?? consentEn)
    }
}

/// A web-to-lead form as typed in the settings page or sent to the API.
public struct LeadFormInput: Sendable, Hashable {
    public var name: String?
    public var source: String?
    public var campaign: String?
    public var language: String?
    public var consentFa: String?
    public var consentEn: String?
    public var consentChannels: [String]
    public var thankYouURL: String?
    public var thankYouFa: String?
    public var thankYouEn: String?
    public var perMinute: Int?
    public var perHour: Int?
    public var active: Bool?

    public init(name: String? = nil, source: String? = nil, campaign: String? = nil, language: String? = nil, consentFa: String? = nil,
                consentEn: String? = nil, consentChannels: [String] = [], thankYouURL: String? = nil, thankYouFa: String? = nil,
                thankYouEn: String? = nil, perMinute: Int? = nil, perHour: Int? = nil, active: Bool? = nil) {
        (self.name, self.source, self.campaign, self.language, self.consentFa, self.consentEn) = (name, source, campaign, language, consentFa, consentEn)
        (self.consentChannels, self.thankYouURL, self.thankYouFa, self.thankYouEn) = (consentChannels, thankYouURL, thankYouFa, thankYouEn)
        (self.perMinute, self.perHour, self.active) = (perMinute, perHour, active)
    }

    public static let defaultPerMinute = 5, defaultPerHour = 50
    static let channels: Set<String> = ["email", "sms", "phone", "letter"]

    struct Checked {
        var name: String, source: String, campaign: String?, language: String, consentFa: String?, consentEn: String?
        var channels: [String], thankYouURL: String?, thankYouFa: String?, thankYouEn: String?, perMinute: Int, perHour: Int, active: Bool
    }

    func validated() throws(ValidationError) -> Checked {
        var issues: [FieldIssue] = []
        func text(_ v: String?, _ field: String, max: Int) -> String? {
            guard let t = v?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            if t.unicodeScalars.count > max { issues.append(FieldIssue(field: field, reason: "must be at most \(max) characters", code: "text.tooLong", params: ["max": "\(max)"])) }
            return t
        }
        let name = text(name, "name", max: 200)
        if name == nil { issues.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        let source = text(source, "source", max: 100)
        if source == nil { issues.append(FieldIssue(field: "source", reason: "is required", code: "required")) }
        let language = text(language, "language", max: 2) ?? "fa"
        if language != "fa", language != "en" { issues.append(FieldIssue(field: "language", reason: "must be fa or en", code: "choice.unknown")) }
        if consentChannels.count > 10 { issues.append(FieldIssue(field: "consentChannels", reason: "at most 10", code: "list.tooMany", params: ["max": "10"])) }
        var channels: [String] = []
        for c in consentChannels.prefix(10) {
            if Self.channels.contains(c) { if !channels.contains(c) { channels.append(c) } }
            else { issues.append(FieldIssue(field: "consentChannels", reason: "must be email, sms, phone or letter", code: "choice.unknown")) }
        }
        let url = text(thankYouURL, "thankYouUrl", max: 500)
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(where: { $0.isWhitespace }) {
            issues.append(FieldIssue(field: "thankYouUrl", reason: "must be an http:// or https:// address", code: "lead.url"))
        }
        let perMinute = perMinute ?? Self.defaultPerMinute, perHour = perHour ?? Self.defaultPerHour
        if !(1...100_000).contains(perMinute) {
            issues.append(FieldIssue(field: "perMinute", reason: "must be a whole number from 1 to 100000", code: "number.range", params: ["min": "1", "max": "100000"]))
        }
        if !(1...1_000_000).contains(perHour) {
            issues.append(FieldIssue(field: "perHour", reason: "must be a whole number from 1 to 1000000", code: "number.range", params: ["min": "1", "max": "1000000"]))
        }
        let checked = Checked(name: name ?? "", source: source ?? "", campaign: text(campaign, "campaign", max: 100), language: language,
                              consentFa: text(consentFa, "consentFa", max: 2000), consentEn: text(consentEn, "consentEn", max: 2000),
                              channels: channels, thankYouURL: url, thankYouFa: text(thankYouFa, "thankYouFa", max: 2000),
                              thankYouEn: text(thankYouEn, "thankYouEn", max: 2000), perMinute: perMinute, perHour: perHour, active: active ?? true)
        if !channels.isEmpty, checked.consentFa == nil, checked.consentEn == nil {
            issues.append(FieldIssue(field: "consentFa", reason: "a consent needs its wording", code: "required"))
        }
        if !issues.isEmpty { throw ValidationError(issues) }
        return checked
    }
}

/// What became of one web-to-lead submission.
public enum WebToLeadOutcome: Sendable {
    /// Stored as this lead.
    case stored(Int64)
    /// The honeypot was filled in: answered as a success, nothing stored.
    case ignored
    /// Too many submissions from this address: try again after this many seconds. Nothing stored.
    case throttled(retryAfter: Int)
    /// The fields are wrong; nothing stored.
    case invalid(ValidationError)
}
