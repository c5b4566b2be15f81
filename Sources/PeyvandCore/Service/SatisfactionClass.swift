/// The five kinds of customer of the requirements (text 002), from the one who must never be
/// left alone to the one who brings others: each class has its own handling
/// (``SatisfactionHandling``), and ``SatisfactionClassifier`` decides a customer's class from
/// what they said and what happened to them.
///
/// Ordered from angry (lowest) to enthusiastic, so a page can sort or compare classes.
public enum SatisfactionClass: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
    case angry, dissatisfied, satisfied, happy, enthusiastic

    /// 0 for angry … 4 for enthusiastic.
    public var rank: Int {
        switch self {
        case .angry: 0
        case .dissatisfied: 1
        case .satisfied: 2
        case .happy: 3
        case .enthusiastic: 4
        }
    }

    public static func < (lhs: SatisfactionClass, rhs: SatisfactionClass) -> Bool { lhs.rank < rhs.rank }

    /// خشمگین، ناراضی، راضی، شاد، شیفته.
    public var persianLabel: String {
        switch self {
        case .angry: "خشمگین"
        case .dissatisfied: "ناراضی"
        case .satisfied: "راضی"
        case .happy: "شاد"
        case .enthusiastic: "شیفته"
        }
    }

    public var englishLabel: String {
        switch self {
        case .angry: "Angry"
        case .dissatisfied: "Dissatisfied"
        case .satisfied: "Satisfied"
        case .happy: "Happy"
        case .enthusiastic: "Enthusiastic"
        }
    }

    /// The label for a page in `language` (`fa`, else English).
    public func label(language: String) -> String { language == "fa" ? persianLabel : englishLabel }

    /// What the organisation does for a customer of this class, most pressing first.
    public var handling: [SatisfactionHandling] {
        switch self {
        case .angry: [.urgentRecoveryCase, .managerEscalation, .banner]
        case .dissatisfied: [.rootCauseTask, .reassuranceFollowUp]
        case .satisfied: [.nurtureList]
        case .happy: [.referralOffer, .clubOffer]
        case .enthusiastic: [.advocateInvitation]
        }
    }
}
