import Foundation
import PeyvandCore
import SQLKit

/// Keeps `customer_satisfaction` right: reads a customer's evidence, classifies it and, when the
/// class changes, records the change and hands it to ``SatisfactionResponse``.
enum SatisfactionAssessment {
    /// Reassesses one customer inside the caller's transaction, after something that is evidence
    /// changed (a survey answer, a ticket, a return, a dispute, a recovery case closed).
    /// `cause` is one of the causes listed on ``SatisfactionChange/cause``.
    static func reassess(_ db: any SQLDatabase, customerId: Int64, cause: String, now: Date = Date()) async throws {
        // Filled in by the satisfaction classes work.
    }
}
