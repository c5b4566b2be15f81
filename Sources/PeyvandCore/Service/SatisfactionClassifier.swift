import Foundation

/// Decides a customer's ``SatisfactionClass`` from their ``SatisfactionEvidence``.
///
/// Classes are tried from the most pressing: angry, dissatisfied, then enthusiastic, happy,
/// satisfied; the first class with a matching rule wins, and every rule of that class that
/// matched is given as a reason, so the customer's page can say why. Windows are counted back
/// from `now` in whole 24-hour days and include their far end (an answer exactly 90 days old is
/// "within 90 days"); evidence dated after `now` is not yet evidence.
///
/// A recovery (``SatisfactionEvidence/recoveredAt``) wipes the slate for the two unhappy classes:
/// only answers, complaints, breaches, returns and disputes dated after it can make a customer
/// angry or dissatisfied. The happier classes look at the whole record, so a customer who
/// complained last month is not "happy" the day their case is closed.
///
/// The rules, exactly (`docs/satisfaction.md` has them as a table):
/// * angry — the latest answer, within 90 days, has CSAT 1 or NPS ≤ 2; or an unresolved complaint
///   breached its SLA; or 2 or more complaints were opened in the last 30 days; or a payment
///   dispute is open.
/// * dissatisfied — the latest answer, within 180 days, has CSAT ≤ 2 or NPS ≤ 6 (so an angry
///   answer that ages past 90 days still counts here); or a complaint is unresolved; or a
///   complaint or ticket breached its SLA in the last 90 days; or goods were returned in the last
///   90 days; or a payment dispute was opened in the last 180 days.
/// * enthusiastic — no complaint opened in the last 180 days, and either the latest two answers
///   of the last 365 days are both promoters (NPS ≥ 9, with CSAT 5 where given), or the latest is
///   a promoter and the customer has referred someone.
/// * happy — no complaint opened in the last 90 days, and the latest answer of the last 365 days
///   has NPS ≥ 9 or CSAT 5, or the answers of the last 365 days average CSAT 4.5 or more.
/// * satisfied — the latest answer of the last 365 days is neutral or better (CSAT ≥ 3 and NPS ≥ 7,
///   each where given); or a ticket was resolved in the last 365 days and no complaint was opened
///   in them.
/// * otherwise no class yet.
public enum SatisfactionClassifier {
    /// The windows, in days.
    public enum Window {
        public static let angryAnswer = 90
        public static let complaintBurst = 30
        public static let complaintBurstCount = 2
        public static let dissatisfiedAnswer = 180
        public static let slaBreach = 90
        public static let returns = 90
        public static let dispute = 180
        public static let enthusiasticNoComplaint = 180
        public static let happyNoComplaint = 90
        /// Answers and resolved tickets older than this say nothing good about today.
        public static let positive = 365
    }

    public static func classify(_ evidence: SatisfactionEvidence, now: Date) -> SatisfactionVerdict {
        let facts = Facts(evidence, now: now)
        let angry = facts.angry(after: evidence.recoveredAt)
        if !angry.isEmpty { return SatisfactionVerdict(class: .angry, reasons: angry) }
        let dissatisfied = facts.dissatisfied(after: evidence.recoveredAt)
        if !dissatisfied.isEmpty { return SatisfactionVerdict(class: .dissatisfied, reasons: dissatisfied) }

        var cleared: [SatisfactionReason] = []
        if let recoveredAt = evidence.recoveredAt, !facts.angry(after: nil).isEmpty || !facts.dissatisfied(after: nil).isEmpty {
            cleared = [SatisfactionReason(.recovered, ["at": CivilTime.rfc3339(recoveredAt)])]
        }
        for (satisfactionClass, reasons) in [(SatisfactionClass.enthusiastic, facts.enthusiastic()), (.happy, facts.happy()), (.satisfied, facts.satisfied())]
        where !reasons.isEmpty {
            return SatisfactionVerdict(class: satisfactionClass, reasons: reasons + cleared)
        }
        return SatisfactionVerdict(class: nil, reasons: [])
    }

    /// The evidence read once: only what happened by `now`, scores outside their range dropped,
    /// answers oldest first.
    struct Facts {
        let now: Date
        let answers: [SatisfactionEvidence.Answer]
        let complaints: [SatisfactionEvidence.Complaint]
        let tickets: [SatisfactionEvidence.Ticket]
        let returns: [Date]
        let disputes: [SatisfactionEvidence.Dispute]
        let referrals: Int

        init(_ evidence: SatisfactionEvidence, now: Date) {
            self.now = now
            answers = evidence.answers.enumerated().compactMap { index, answer -> (Int, SatisfactionEvidence.Answer)? in
                let csat = answer.csat.flatMap { (1...5).contains($0) ? $0 : nil }
                let nps = answer.nps.flatMap { (0...10).contains($0) ? $0 : nil }
                guard answer.at <= now, csat != nil || nps != nil else { return nil }
                return (index, SatisfactionEvidence.Answer(at: answer.at, csat: csat, nps: nps))
            }
            // Oldest first; of two at the same instant, the one given later in the list is later.
            .sorted { ($0.1.at, $0.0) < ($1.1.at, $1.0) }.map(\.1)
            complaints = evidence.complaints.filter { $0.openedAt <= now }
            tickets = evidence.tickets.filter { $0.openedAt <= now }
            returns = evidence.returns.filter { $0 <= now }
            disputes = evidence.disputes.filter { $0.openedAt <= now }
            referrals = max(evidence.referrals, 0)
        }

        // MARK: The rules

        func angry(after cutoff: Date?) -> [SatisfactionReason] {
            var reasons: [SatisfactionReason] = []
            if let answer = answers.last, counts(answer.at, after: cutoff), within(answer.at, Window.angryAnswer),
               answer.csat == 1 || (answer.nps ?? 10) <= 2 {
                reasons.append(SatisfactionReason(.angryAnswer, Self.params(answer, days: Window.angryAnswer)))
            }
            let breached = complaints.filter { counts($0.openedAt, after: cutoff) && isUnresolved($0) && happened($0.slaBreachedAt) }
            if let params = Self.params(breached.map(\.openedAt)) {
                reasons.append(SatisfactionReason(.angryComplaintBreached, params))
            }
            let burst = complaints.filter { counts($0.openedAt, after: cutoff) && within($0.openedAt, Window.complaintBurst) }
            if burst.count >= Window.complaintBurstCount, var params = Self.params(burst.map(\.openedAt)) {
                params["days"] = String(Window.complaintBurst)
                reasons.append(SatisfactionReason(.angryComplaints, params))
            }
            if let params = Self.params(disputes.filter { $0.isOpen && counts($0.openedAt, after: cutoff) }.map(\.openedAt)) {
                reasons.append(SatisfactionReason(.angryDisputeOpen, params))
            }
            return reasons
        }

        func dissatisfied(after cutoff: Date?) -> [SatisfactionReason] {
            var reasons: [SatisfactionReason] = []
            if let answer = answers.last, counts(answer.at, after: cutoff), within(answer.at, Window.dissatisfiedAnswer),
               (answer.csat ?? 5) <= 2 || (answer.nps ?? 10) <= 6 {
                reasons.append(SatisfactionReason(.dissatisfiedAnswer, Self.params(answer, days: Window.dissatisfiedAnswer)))
            }
            if let params = Self.params(complaints.filter { counts($0.openedAt, after: cutoff) && isUnresolved($0) }.map(\.openedAt)) {
                reasons.append(SatisfactionReason(.dissatisfiedComplaintOpen, params))
            }
            let breaches = (complaints.compactMap(\.slaBreachedAt) + tickets.compactMap(\.slaBreachedAt))
                .filter { counts($0, after: cutoff) && within($0, Window.slaBreach) }
            if var params = Self.params(breaches) {
                params["days"] = String(Window.slaBreach)
                reasons.append(SatisfactionReason(.dissatisfiedSLABreach, params))
            }
            if var params = Self.params(returns.filter { counts($0, after: cutoff) && within($0, Window.returns) }) {
                params["days"] = String(Window.returns)
                reasons.append(SatisfactionReason(.dissatisfiedReturn, params))
            }
            if var params = Self.params(disputes.map(\.openedAt).filter { counts($0, after: cutoff) && within($0, Window.dispute) }) {
                params["days"] = String(Window.dispute)
                reasons.append(SatisfactionReason(.dissatisfiedDispute, params))
            }
            return reasons
        }

        func enthusiastic() -> [SatisfactionReason] {
            guard !complained(within: Window.enthusiasticNoComplaint) else { return [] }
            let recent = recentAnswers
            guard let latest = recent.last, Self.isPromoter(latest) else { return [] }
            var reasons: [SatisfactionReason] = []
            if recent.count >= 2, Self.isPromoter(recent[recent.count - 2]) {
                var params = Self.params(latest, days: Window.positive)
                params["previousAt"] = CivilTime.rfc3339(recent[recent.count - 2].at)
                params["previousNps"] = recent[recent.count - 2].nps.map(String.init)
                reasons.append(SatisfactionReason(.enthusiasticPromoters, params))
            }
            if referrals >= 1 {
                var params = Self.params(latest, days: Window.positive)
                params["referrals"] = String(referrals)
                reasons.append(SatisfactionReason(.enthusiasticReferral, params))
            }
            return reasons
        }

        func happy() -> [SatisfactionReason] {
            guard !complained(within: Window.happyNoComplaint) else { return [] }
            let recent = recentAnswers
            var reasons: [SatisfactionReason] = []
            if let latest = recent.last, (latest.nps ?? 0) >= 9 || latest.csat == 5 {
                reasons.append(SatisfactionReason(.happyAnswer, Self.params(latest, days: Window.positive)))
            }
            let scores = recent.compactMap(\.csat)
            let sum = scores.reduce(0, +)
            // An average of 4.5 or more, in whole numbers: sum / count ≥ 9 / 2.
            if !scores.isEmpty, 2 * sum >= 9 * scores.count {
                let hundredths = (sum * 100 + scores.count / 2) / scores.count
                let average = String(hundredths / 100) + "." + (hundredths % 100 < 10 ? "0" : "") + String(hundredths % 100)
                reasons.append(SatisfactionReason(.happyAverage, ["average": average, "count": String(scores.count), "days": String(Window.positive)]))
            }
            return reasons
        }

        func satisfied() -> [SatisfactionReason] {
            var reasons: [SatisfactionReason] = []
            if let latest = recentAnswers.last, (latest.csat ?? 5) >= 3, (latest.nps ?? 10) >= 7 {
                reasons.append(SatisfactionReason(.satisfiedAnswer, Self.params(latest, days: Window.positive)))
            }
            if !complained(within: Window.positive) {
                let resolved = tickets.compactMap(\.resolvedAt).filter { within($0, Window.positive) }
                if var params = Self.params(resolved) {
                    params["days"] = String(Window.positive)
                    reasons.append(SatisfactionReason(.satisfiedTicketResolved, params))
                }
            }
            return reasons
        }

        // MARK: Helpers

        /// The answers of the positive window, oldest first.
        var recentAnswers: [SatisfactionEvidence.Answer] { answers.filter { within($0.at, Window.positive) } }

        func within(_ date: Date, _ days: Int) -> Bool {
            date <= now && date >= now.addingTimeInterval(-Double(days) * 86_400)
        }

        /// Dated after the recovery, when there was one.
        func counts(_ date: Date, after cutoff: Date?) -> Bool { cutoff.map { date > $0 } ?? true }

        func happened(_ date: Date?) -> Bool { date.map { $0 <= now } ?? false }

        func isUnresolved(_ complaint: SatisfactionEvidence.Complaint) -> Bool { !happened(complaint.resolvedAt) }

        func complained(within days: Int) -> Bool { complaints.contains { within($0.openedAt, days) } }

        static func isPromoter(_ answer: SatisfactionEvidence.Answer) -> Bool {
            (answer.nps ?? 0) >= 9 && (answer.csat ?? 5) == 5
        }

        /// `at`, `days` and the scores given.
        static func params(_ answer: SatisfactionEvidence.Answer, days: Int) -> [String: String] {
            var params = ["at": CivilTime.rfc3339(answer.at), "days": String(days)]
            params["csat"] = answer.csat.map(String.init)
            params["nps"] = answer.nps.map(String.init)
            return params
        }

        /// `count` and the latest `at` of some dated items; nil when there are none.
        static func params(_ dates: [Date]) -> [String: String]? {
            guard let latest = dates.max() else { return nil }
            return ["count": String(dates.count), "at": CivilTime.rfc3339(latest)]
        }
    }
}
