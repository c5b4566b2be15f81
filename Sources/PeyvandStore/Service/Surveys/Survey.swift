import Foundation
import PeyvandCore

/// Why a survey was sent.
public enum SurveyOccasion: String, CaseIterable, Sendable, Codable {
    /// A ticket became resolved.
    case resolved
    /// A shipment was marked delivered.
    case delivery
    /// A member of staff sent it from the ticket.
    case manual
}

/// Which questions a survey asks.
public enum SurveyQuestions: String, CaseIterable, Sendable, Codable {
    case csat, nps, both

    public var asksCSAT: Bool { self != .nps }
    public var asksNPS: Bool { self != .csat }
}

/// The administrator's survey settings (kept with the other service settings).
public struct SurveySettings: Sendable, Hashable, Codable {
    /// A survey goes out when a ticket becomes resolved.
    public var afterResolution: Bool
    /// A survey goes out when a shipment is marked delivered.
    public var afterDelivery: Bool
    public var questions: SurveyQuestions
    /// How many days the link works after it was sent.
    public var linkDays: Int

    public static let linkDaysRange = 1...365

    public init(afterResolution: Bool = true, afterDelivery: Bool = true, questions: SurveyQuestions = .both, linkDays: Int = 14) {
        (self.afterResolution, self.afterDelivery, self.questions, self.linkDays) = (afterResolution, afterDelivery, questions, linkDays)
    }

    public func issues() -> [FieldIssue] {
        guard Self.linkDaysRange.contains(linkDays) else {
            return [FieldIssue(field: "linkDays", reason: "must be a whole number of days from 1 to 365", code: "number.range",
                               params: ["min": "1", "max": "365"])]
        }
        return []
    }
}

/// One survey sent to a customer, and its answer once it came.
public struct Survey: Sendable, Hashable {
    public let id: Int64
    public let customerId: Int64
    public let customerName: String
    public let occasion: SurveyOccasion
    public let ticketId: Int64?
    public let ticketNumber: String?
    public let shipmentId: Int64?
    public let orderId: Int64?
    /// The channel the link went out on (nil when it could not be sent).
    public let channel: ContactChannel?
    public let language: Language
    /// The outbox message that carries the link, and its delivery status.
    public let outboxMessageId: Int64?
    public let deliveryStatus: String?
    public let sentAt: Date?
    public let expiresAt: Date
    public let answeredAt: Date?
    public let csat: Int?
    public let nps: Int?
    public let comment: String?
    public let createdBy: Int64?
    public let createdByName: String?
    public let createdAt: Date

    public var isAnswered: Bool { answeredAt != nil }
    public func isExpired(at now: Date = Date()) -> Bool { answeredAt == nil && expiresAt <= now }
    /// A CSAT of 1–2 or an NPS of 0–6: the team lead and the agent are told.
    public var isLow: Bool { (csat.map { $0 <= 2 } ?? false) || (nps.map { $0 <= 6 } ?? false) }
}

/// The filters of a survey list.
public struct SurveyQuery: Sendable, Hashable {
    public var customerId: Int64?
    public var ticketId: Int64?
    /// true: answered only; false: not answered yet (expired included); nil: both.
    public var answered: Bool?
    public var occasion: SurveyOccasion?
    public var csatMin: Int?
    public var csatMax: Int?
    public var npsMin: Int?
    public var npsMax: Int?
    public var after: Int64?
    public var limit: Int

    public init(customerId: Int64? = nil, ticketId: Int64? = nil, answered: Bool? = nil, occasion: SurveyOccasion? = nil,
                csatMin: Int? = nil, csatMax: Int? = nil, npsMin: Int? = nil, npsMax: Int? = nil, after: Int64? = nil, limit: Int = 50) {
        (self.customerId, self.ticketId, self.answered, self.occasion) = (customerId, ticketId, answered, occasion)
        (self.csatMin, self.csatMax, self.npsMin, self.npsMax, self.after, self.limit) = (csatMin, csatMax, npsMin, npsMax, after, limit)
    }
}

/// What the customer sends through their link.
public struct SurveyAnswer: Sendable, Hashable {
    public var csat: Int?
    public var nps: Int?
    public var comment: String?

    public init(csat: Int? = nil, nps: Int? = nil, comment: String? = nil) {
        (self.csat, self.nps, self.comment) = (csat, nps, comment)
    }

    public static let commentLimit = 2000
    public static let csatRange = 1...5
    public static let npsRange = 0...10

    /// The answer checked against the questions asked: each asked score is required and in its
    /// range, a score not asked may still be given (in range), the comment is trimmed and at most
    /// 2,000 characters (a longer one is refused, never cut).
    public func validated(_ questions: SurveyQuestions) throws(ValidationError) -> SurveyAnswer {
        var issues: [FieldIssue] = []
        func score(_ value: Int?, _ field: String, _ range: ClosedRange<Int>, asked: Bool) {
            guard let value else {
                if asked { issues.append(FieldIssue(field: field, reason: "is required", code: "required")) }
                return
            }
            if !range.contains(value) {
                issues.append(FieldIssue(field: field, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                                         code: "survey.range", params: ["min": String(range.lowerBound), "max": String(range.upperBound)]))
            }
        }
        score(csat, "csat", Self.csatRange, asked: questions.asksCSAT)
        score(nps, "nps", Self.npsRange, asked: questions.asksNPS)
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.count > Self.commentLimit {
            issues.append(FieldIssue(field: "comment", reason: "must be at most \(Self.commentLimit) characters", code: "text.tooLong",
                                     params: ["max": String(Self.commentLimit)]))
        }
        if !issues.isEmpty { throw ValidationError(issues) }
        return SurveyAnswer(csat: csat, nps: nps, comment: text.isEmpty ? nil : text)
    }
}

/// What became of an answer sent through a link.
public enum SurveyAnswerOutcome: Sendable, Hashable {
    /// Stored now.
    case answered(Survey)
    /// It had been answered before: nothing changed.
    case alreadyAnswered(Survey)
    /// The link's time ran out before it was answered: nothing stored.
    case expired(Survey)
    /// No survey has this token.
    case unknown
}
