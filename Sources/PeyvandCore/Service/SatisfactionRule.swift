/// Each rule of ``SatisfactionClassifier``, named by the code a page translates (`angry.answer`
/// → «آخرین پاسخ نظرسنجی ...»). Declared in the order the classifier tries them.
public enum SatisfactionRule: String, CaseIterable, Sendable, Hashable, Codable {
    /// The latest answer, within 90 days, has CSAT 1 or NPS ≤ 2.
    case angryAnswer = "angry.answer"
    /// A complaint is unresolved and its SLA was breached.
    case angryComplaintBreached = "angry.complaintBreached"
    /// Two or more complaints were opened in the last 30 days.
    case angryComplaints = "angry.complaints"
    /// A payment dispute is open.
    case angryDisputeOpen = "angry.disputeOpen"
    /// The latest answer, within 180 days, has CSAT ≤ 2 or NPS ≤ 6.
    case dissatisfiedAnswer = "dissatisfied.answer"
    /// A complaint is unresolved.
    case dissatisfiedComplaintOpen = "dissatisfied.complaintOpen"
    /// A ticket (a complaint or another) breached its SLA in the last 90 days.
    case dissatisfiedSLABreach = "dissatisfied.slaBreach"
    /// Goods were returned in the last 90 days.
    case dissatisfiedReturn = "dissatisfied.return"
    /// A payment dispute was opened in the last 180 days.
    case dissatisfiedDispute = "dissatisfied.dispute"
    /// The latest two answers are promoters (NPS ≥ 9, CSAT 5 where given).
    case enthusiasticPromoters = "enthusiastic.promoters"
    /// The latest answer is a promoter and the customer has referred someone.
    case enthusiasticReferral = "enthusiastic.referral"
    /// The latest answer has NPS ≥ 9 or CSAT 5.
    case happyAnswer = "happy.answer"
    /// The answers of the last 365 days average CSAT 4.5 or more.
    case happyAverage = "happy.averageCSAT"
    /// The latest answer, within 365 days, is neutral or better (CSAT ≥ 3, NPS ≥ 7).
    case satisfiedAnswer = "satisfied.answer"
    /// A ticket was resolved in the last 365 days and no complaint was opened in them.
    case satisfiedTicketResolved = "satisfied.ticketResolved"
    /// Not a rule that decides: older problems that would have counted were cleared by a
    /// service recovery.
    case recovered = "recovery.cleared"

    /// The class this rule puts a customer in; nil for ``recovered``.
    public var decides: SatisfactionClass? {
        switch self {
        case .angryAnswer, .angryComplaintBreached, .angryComplaints, .angryDisputeOpen: .angry
        case .dissatisfiedAnswer, .dissatisfiedComplaintOpen, .dissatisfiedSLABreach, .dissatisfiedReturn, .dissatisfiedDispute: .dissatisfied
        case .enthusiasticPromoters, .enthusiasticReferral: .enthusiastic
        case .happyAnswer, .happyAverage: .happy
        case .satisfiedAnswer, .satisfiedTicketResolved: .satisfied
        case .recovered: nil
        }
    }
}

/// Why a customer is in their class: the rule that matched and what it matched on, as
/// parameters a page fills into the rule's message (`at` is an RFC 3339 instant, `days` the
/// rule's window, `count` how many items matched, `csat`/`nps` the scores).
public struct SatisfactionReason: Sendable, Hashable, Codable {
    public let rule: SatisfactionRule
    public let params: [String: String]

    public init(_ rule: SatisfactionRule, _ params: [String: String] = [:]) {
        self.rule = rule
        self.params = params
    }

    /// The rule's code, the key of its message in the catalogs.
    public var code: String { rule.rawValue }
}

/// A customer's class and why; `class` is nil when there is not enough evidence yet (no recent
/// answer, no recent resolved ticket, nothing wrong).
public struct SatisfactionVerdict: Sendable, Hashable, Codable {
    public let `class`: SatisfactionClass?
    /// Every rule of the class that matched, the deciding one first, then ``SatisfactionRule/recovered``
    /// when a recovery cleared older problems. Empty when `class` is nil.
    public let reasons: [SatisfactionReason]

    public init(class satisfactionClass: SatisfactionClass?, reasons: [SatisfactionReason]) {
        self.class = satisfactionClass
        self.reasons = reasons
    }

    /// The rule that decided the class.
    public var decidingRule: SatisfactionRule? { reasons.first?.rule }
}
