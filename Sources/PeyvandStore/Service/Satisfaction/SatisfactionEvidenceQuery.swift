import Foundation
import PeyvandCore
import SQLKit

/// Reads one customer's ``SatisfactionEvidence`` from the database in five indexed statements
/// (answered surveys, tickets with their first SLA breach, returns, payment disputes, and
/// referrals with the last recovery), keeping each item's record so a reason can link to it.
enum SatisfactionEvidenceQuery {
    /// The evidence, and for each dated item the record it came from (`ticket:12`, `survey:5`,
    /// `order:7` for a return, `invoice:3` for a dispute on one of its payments), by kind and RFC 3339 instant.
    struct Result: Sendable {
        var evidence = SatisfactionEvidence()
        var refs: [Kind: [String: String]] = [:]

        enum Kind: Hashable, Sendable { case answer, complaint, ticket, breach, returned, dispute, resolved }

        mutating func ref(_ kind: Kind, _ at: Date, _ ref: String) {
            // Keyed as the reasons give instants; the latest record of an instant wins.
            refs[kind, default: [:]][CivilTime.rfc3339(at)] = ref
        }
    }

    static func read(_ db: any SQLDatabase, customerId: Int64, now: Date) async throws -> Result {
        var r = Result()
        for row in try await db.raw("""
            SELECT id, answered_at, csat, nps FROM surveys WHERE customer_id = \(bind: customerId) AND answered_at IS NOT NULL ORDER BY answered_at, id
            """).all() {
            let at = Clock.date(try row.decode(column: "answered_at", as: Int64.self))
            r.evidence.answers.append(.init(at: at, csat: try row.decode(column: "csat", as: Int?.self), nps: try row.decode(column: "nps", as: Int?.self)))
            r.ref(.answer, at, "survey:\(try row.decode(column: "id", as: Int64.self))")
        }
        // A closed ticket counts as resolved from when it was resolved, else when it was closed. A
        // merged ticket has status `merged` (its merged_into_id is not filtered on: SQLite would
        // then read the merged-into index, every unmerged ticket, instead of the customer's).
        // The breach is the earliest deadline an escalation of level ≥ 1 (breach, manager) records.
        for row in try await db.raw("""
            SELECT t.id, t.category, t.created_at, COALESCE(t.resolved_at, t.closed_at) AS resolved_at,
              (SELECT MIN(e.due_at) FROM ticket_escalations e WHERE e.ticket_id = t.id AND e.level >= 1) AS breached_at
            FROM tickets t
            WHERE t.customer_id = \(bind: customerId) AND t.deleted_at IS NULL AND t.status <> 'merged'
            ORDER BY t.id
            """).all() {
            let id = try row.decode(column: "id", as: Int64.self)
            let opened = Clock.date(try row.decode(column: "created_at", as: Int64.self))
            let resolved = try row.decode(column: "resolved_at", as: Int64?.self).map(Clock.date)
            let breached = try row.decode(column: "breached_at", as: Int64?.self).map(Clock.date)
            let ref = "ticket:\(id)"
            if try row.decode(column: "category", as: String.self) == TicketCategory.complaint.rawValue {
                r.evidence.complaints.append(.init(openedAt: opened, resolvedAt: resolved, slaBreachedAt: breached))
                r.ref(.complaint, opened, ref)
            } else {
                r.evidence.tickets.append(.init(openedAt: opened, resolvedAt: resolved, slaBreachedAt: breached))
                r.ref(.ticket, opened, ref)
            }
            if let breached { r.ref(.breach, breached, ref) }
            if let resolved { r.ref(.resolved, resolved, ref) }
        }
        for row in try await db.raw("""
            SELECT order_id, returned_at FROM returns WHERE customer_id = \(bind: customerId) ORDER BY returned_at, id
            """).all() {
            let at = Clock.date(try row.decode(column: "returned_at", as: Int64.self))
            r.evidence.returns.append(at)
            r.ref(.returned, at, "order:\(try row.decode(column: "order_id", as: Int64.self))")
        }
        let nowMillis = Clock.millis(now)
        for row in try await db.raw("""
            SELECT p.invoice_id, d.opened_at, d.closed_at FROM payment_disputes d JOIN payments p ON p.id = d.payment_id
            WHERE d.customer_id = \(bind: customerId) ORDER BY d.opened_at, d.id
            """).all() {
            let at = Clock.date(try row.decode(column: "opened_at", as: Int64.self))
            let closed = try row.decode(column: "closed_at", as: Int64?.self)
            r.evidence.disputes.append(.init(openedAt: at, isOpen: closed.map { $0 > nowMillis } ?? true))
            r.ref(.dispute, at, "invoice:\(try row.decode(column: "invoice_id", as: Int64.self))")
        }
        // The recovery filtered inside the aggregate, so the customer's index is read, not every recovered case.
        if let row = try await db.raw("""
            SELECT (SELECT COUNT(*) FROM customer_relations WHERE related_id = \(bind: customerId) AND kind = 'referred-by') AS referrals,
              (SELECT MAX(CASE WHEN status = 'recovered' THEN closed_at END) FROM recovery_cases WHERE customer_id = \(bind: customerId)) AS recovered_at
            """).first() {
            r.evidence.referrals = try row.decode(column: "referrals", as: Int.self)
            r.evidence.recoveredAt = try row.decode(column: "recovered_at", as: Int64?.self).map(Clock.date)
        }
        return r
    }

    /// The reasons with a `ref` parameter naming the record their `at` points to, when one is known.
    static func linked(_ reasons: [SatisfactionReason], _ r: Result) -> [SatisfactionReason] {
        reasons.map { reason in
            guard let at = reason.params["at"] else { return reason }
            let kinds: [Result.Kind] = switch reason.rule {
            case .angryAnswer, .dissatisfiedAnswer, .enthusiasticPromoters, .enthusiasticReferral, .happyAnswer, .satisfiedAnswer: [.answer]
            case .angryComplaintBreached, .angryComplaints, .dissatisfiedComplaintOpen: [.complaint]
            case .dissatisfiedSLABreach: [.breach]
            case .dissatisfiedReturn: [.returned]
            case .angryDisputeOpen, .dissatisfiedDispute: [.dispute]
            case .satisfiedTicketResolved: [.resolved]
            case .happyAverage, .recovered: []
            }
            guard let ref = kinds.lazy.compactMap({ r.refs[$0]?[at] }).first else { return reason }
            var params = reason.params
            params["ref"] = ref
            return SatisfactionReason(reason.rule, params)
        }
    }
}
