import Foundation

/// What is known about one customer that bears on their ``SatisfactionClass``: survey answers,
/// complaints and other tickets, returns, payment disputes, referrals and the last recovery.
/// A plain value the store fills and ``SatisfactionClassifier`` reads; nothing here is judged.
public struct SatisfactionEvidence: Sendable, Hashable {
    /// One survey answer. CSAT is 1–5, NPS 0–10; a score outside its range is read as not given,
    /// and an answer with neither score is not evidence.
    public struct Answer: Sendable, Hashable {
        public var at: Date
        public var csat: Int?
        public var nps: Int?

        public init(at: Date, csat: Int? = nil, nps: Int? = nil) {
            (self.at, self.csat, self.nps) = (at, csat, nps)
        }
    }

    /// A ticket of category complaint.
    public struct Complaint: Sendable, Hashable {
        public var openedAt: Date
        public var resolvedAt: Date?
        /// When its SLA deadline passed unmet; nil when it was met (or has not passed yet).
        public var slaBreachedAt: Date?

        public init(openedAt: Date, resolvedAt: Date? = nil, slaBreachedAt: Date? = nil) {
            (self.openedAt, self.resolvedAt, self.slaBreachedAt) = (openedAt, resolvedAt, slaBreachedAt)
        }

        public var breachedSLA: Bool { slaBreachedAt != nil }
    }

    /// Any other ticket: its SLA breach counts against the organisation, its resolution for it.
    public struct Ticket: Sendable, Hashable {
        public var openedAt: Date
        public var resolvedAt: Date?
        public var slaBreachedAt: Date?

        public init(openedAt: Date, resolvedAt: Date? = nil, slaBreachedAt: Date? = nil) {
            (self.openedAt, self.resolvedAt, self.slaBreachedAt) = (openedAt, resolvedAt, slaBreachedAt)
        }
    }

    /// A payment the customer disputed (a chargeback, a contested invoice).
    public struct Dispute: Sendable, Hashable {
        public var openedAt: Date
        public var isOpen: Bool

        public init(openedAt: Date, isOpen: Bool) {
            (self.openedAt, self.isOpen) = (openedAt, isOpen)
        }
    }

    public var answers: [Answer]
    public var complaints: [Complaint]
    public var tickets: [Ticket]
    /// When each return (goods sent back) was made.
    public var returns: [Date]
    public var disputes: [Dispute]
    /// Customers this one has referred.
    public var referrals: Int
    /// When the last service-recovery case for this customer was closed as recovered: evidence
    /// up to then no longer makes them angry or dissatisfied.
    public var recoveredAt: Date?

    public init(answers: [Answer] = [], complaints: [Complaint] = [], tickets: [Ticket] = [], returns: [Date] = [],
                disputes: [Dispute] = [], referrals: Int = 0, recoveredAt: Date? = nil) {
        (self.answers, self.complaints, self.tickets, self.returns) = (answers, complaints, tickets, returns)
        (self.disputes, self.referrals, self.recoveredAt) = (disputes, referrals, recoveredAt)
    }
}
