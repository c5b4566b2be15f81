import Foundation
import PeyvandCore

/// A customer's class changed: written to `satisfaction_changes` by ``SatisfactionAssessment``
/// and handed, in the same transaction, to ``SatisfactionResponse`` which does the handling of
/// the new class (a recovery case, a root-cause task, an offer…).
public struct SatisfactionChange: Sendable, Hashable {
    /// The `satisfaction_changes` row.
    public let id: Int64
    public let customerId: Int64
    public let from: SatisfactionClass?
    public let to: SatisfactionClass?
    public let reasons: [SatisfactionReason]
    /// What made the store look again: `survey`, `ticket`, `return`, `dispute`, `recovery`,
    /// `referral`, `watch` (evidence aged out of a window) or `manual`.
    public let cause: String
    public let at: Date

    public init(id: Int64, customerId: Int64, from: SatisfactionClass?, to: SatisfactionClass?, reasons: [SatisfactionReason], cause: String, at: Date) {
        (self.id, self.customerId, self.from, self.to, self.reasons, self.cause, self.at) = (id, customerId, from, to, reasons, cause, at)
    }
}
