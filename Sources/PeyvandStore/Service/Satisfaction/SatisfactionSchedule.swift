import Foundation
import PeyvandCore

/// When a customer's class may change with no new event: the earliest instant after `now` at
/// which a piece of their evidence leaves one of the classifier's windows, or a dated item
/// (recorded ahead of time) comes due. The satisfaction watch reassesses the customer then.
enum SatisfactionSchedule {
    typealias W = SatisfactionClassifier.Window

    /// The windows (days) each kind of evidence is looked at through.
    static let answerWindows = [W.angryAnswer, W.dissatisfiedAnswer, W.positive]
    static let complaintWindows = [W.complaintBurst, W.happyNoComplaint, W.enthusiasticNoComplaint, W.positive]
    static let breachWindows = [W.slaBreach]
    static let returnWindows = [W.returns]
    static let disputeWindows = [W.dispute]
    static let resolvedWindows = [W.positive]

    /// Nil when nothing the customer has will ever cross a window.
    static func nextCheck(_ e: SatisfactionEvidence, now: Date) -> Date? {
        let nowMillis = Clock.millis(now)
        var best: Int64?
        func consider(_ date: Date?, _ windows: [Int]) {
            guard let date else { return }
            let at = Clock.millis(date)
            // A future item counts the moment it comes due.
            var candidates = [at]
            // "Within N days" includes its far end: the item leaves the window one millisecond later.
            candidates += windows.map { at + Int64($0) * 86_400_000 + 1 }
            for c in candidates where c > nowMillis {
                best = min(best ?? c, c)
            }
        }
        for a in e.answers { consider(a.at, answerWindows) }
        for c in e.complaints {
            consider(c.openedAt, complaintWindows)
            consider(c.slaBreachedAt, breachWindows)
            consider(c.resolvedAt, resolvedWindows)
        }
        for t in e.tickets {
            consider(t.openedAt, [])
            consider(t.slaBreachedAt, breachWindows)
            consider(t.resolvedAt, resolvedWindows)
        }
        for r in e.returns { consider(r, returnWindows) }
        for d in e.disputes { consider(d.openedAt, disputeWindows) }
        return best.map(Clock.date)
    }
}
