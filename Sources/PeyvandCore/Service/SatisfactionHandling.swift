/// One thing the organisation does for a customer because of their ``SatisfactionClass``: the
/// requirements' handling of each class, as data the service and marketing areas act on.
///
/// * angry — never left alone: an urgent service-recovery case, escalated to a manager, and a
///   banner on the customer's page so nobody talks to them unaware;
/// * dissatisfied — find and remove the cause (a root-cause task), then reassure them (a
///   follow-up once it is removed);
/// * satisfied — fickle, a rival wins them with a small offer: nurture them;
/// * happy — buys more and refers others: a referral offer and the club;
/// * enthusiastic — the advocate: an invitation to speak for the organisation (and to help win
///   angry customers back).
public enum SatisfactionHandling: String, CaseIterable, Sendable, Hashable, Codable {
    case urgentRecoveryCase, managerEscalation, banner
    case rootCauseTask, reassuranceFollowUp
    case nurtureList
    case referralOffer, clubOffer
    case advocateInvitation

    /// Whether it must be done today, not in the next campaign.
    public var isUrgent: Bool { [.urgentRecoveryCase, .managerEscalation, .banner].contains(self) }

    public var persianLabel: String {
        switch self {
        case .urgentRecoveryCase: "پرونده فوری جبران خدمت"
        case .managerEscalation: "ارجاع به مدیر"
        case .banner: "هشدار در صفحه مشتری"
        case .rootCauseTask: "کار ریشه‌یابی علت"
        case .reassuranceFollowUp: "پیگیری برای اطمینان‌بخشی"
        case .nurtureList: "فهرست پرورش"
        case .referralOffer: "پیشنهاد معرفی"
        case .clubOffer: "پیشنهاد باشگاه مشتریان"
        case .advocateInvitation: "دعوت به حمایت از سازمان"
        }
    }

    public var englishLabel: String {
        switch self {
        case .urgentRecoveryCase: "Urgent service-recovery case"
        case .managerEscalation: "Escalation to a manager"
        case .banner: "Banner on the customer's page"
        case .rootCauseTask: "Root-cause task"
        case .reassuranceFollowUp: "Reassurance follow-up"
        case .nurtureList: "Nurture list"
        case .referralOffer: "Referral offer"
        case .clubOffer: "Club offer"
        case .advocateInvitation: "Advocate invitation"
        }
    }
}
