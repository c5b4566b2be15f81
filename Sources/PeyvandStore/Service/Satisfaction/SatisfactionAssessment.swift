import Foundation
import PeyvandCore
import SQLKit

/// Keeps `customer_satisfaction` right: reads a customer's evidence, classifies it and, when the
/// class changes, records the change and hands it to ``SatisfactionResponse``.
///
/// Safe when two reassessments of one customer run at once: the customer's row is made to exist
/// and locked by one upsert (`ON CONFLICT DO UPDATE … RETURNING` locks the row on PostgreSQL;
/// SQLite has one writer) before the evidence is read, so the second sees what the first committed, finds the class
/// already moved, and writes no second change for one transition.
enum SatisfactionAssessment {
    /// Reassesses one customer inside the caller's transaction, after something that is evidence
    /// changed (a survey answer, a ticket, a return, a dispute, a recovery case closed).
    /// `cause` is one of the causes listed on ``SatisfactionChange/cause``.
    /// Returns the change when the class changed.
    @discardableResult
    static func reassess(_ db: any SQLDatabase, customerId: Int64, cause: String, now instant: Date = Date()) async throws -> SatisfactionChange? {
        // To the millisecond, as the evidence of this very transaction was stored: a ticket opened
        // "now" is evidence now, whichever way its instant was rounded.
        let at = Clock.millis(instant)
        let now = Clock.date(at)
        // One statement makes the row exist and locks it: a conflicting upsert takes the row's lock
        // on PostgreSQL (as `FOR UPDATE` would) and returns the class as the last commit left it.
        guard let row = try await db.raw("""
            INSERT INTO customer_satisfaction (customer_id, class, reasons, since, assessed_at, next_check_at)
            VALUES (\(bind: customerId), NULL, '[]', \(bind: at), \(bind: at), NULL)
            ON CONFLICT (customer_id) DO UPDATE SET assessed_at = excluded.assessed_at
            RETURNING class
            """).first() else { return nil }
        let before = try row.decode(column: "class", as: String?.self).flatMap(SatisfactionClass.init(rawValue:))
        let read = try await SatisfactionEvidenceQuery.read(db, customerId: customerId, now: now)
        let verdict = SatisfactionClassifier.classify(read.evidence, now: now)
        let reasons = SatisfactionEvidenceQuery.linked(verdict.reasons, read)
        let json = JSONText.encode(reasons)
        let next = SatisfactionSchedule.nextCheck(read.evidence, now: now).map(Clock.millis)
        let changed = before != verdict.class
        try await db.raw("""
            UPDATE customer_satisfaction SET class = \(bind: verdict.class?.rawValue), reasons = \(bind: json),
              since = \(unsafeRaw: changed ? "\(at)" : "since"), assessed_at = \(bind: at), next_check_at = \(bind: next)
            WHERE customer_id = \(bind: customerId)
            """).run()
        guard changed else { return nil }
        guard let inserted = try await db.raw("""
            INSERT INTO satisfaction_changes (customer_id, from_class, to_class, reasons, cause, at)
            VALUES (\(bind: customerId), \(bind: before?.rawValue), \(bind: verdict.class?.rawValue), \(bind: json), \(bind: cause), \(bind: at))
            RETURNING id
            """).first() else { throw StoreError.conflict("the satisfaction change was not stored") }
        let change = SatisfactionChange(id: try inserted.decode(column: "id", as: Int64.self), customerId: customerId, from: before,
                                        to: verdict.class, reasons: reasons, cause: cause, at: Clock.date(at))
        try await SatisfactionResponse.classChanged(db, change: change)
        return change
    }
}
