import Foundation
import PeyvandCore
import SQLKit

/// Reads one customer's ``SatisfactionEvidence`` from the database in two indexed statements
/// (tickets with their first SLA breach; answered surveys, returns, payment disputes, and
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
        let nowMillis = Clock.millis(now)
        for row in try await db.raw(Self.others(customerId)).all() {
            let a = try row.decode(column: "a", as: Int64?.self), b = try row.decode(column: "b", as: Int64?.self)
            let c = try row.decode(column: "c", as: Int64?.self), d = try row.decode(column: "d", as: Int64?.self)
            switch try row.decode(column: "src", as: String.self) {
            case "1survey":
                guard let a, let b else { continue }
                let at = Clock.date(b)
                r.evidence.answers.append(.init(at: at, csat: c.map { Int($0) }, nps: d.map { Int($0) }))
                r.ref(.answer, at, "survey:\(a)")
            case "2return":
                guard let a, let b else { continue }
                let at = Clock.date(b)
                r.evidence.returns.append(at)
                r.ref(.returned, at, "order:\(a)")
            case "3dispute":
                guard let a, let b else { continue }
                let at = Clock.date(b)
                r.evidence.disputes.append(.init(openedAt: at, isOpen: c.map { $0 > nowMillis } ?? true))
                r.ref(.dispute, at, "invoice:\(a)")
            default:
                r.evidence.referrals = Int(a ?? 0)
                r.evidence.recoveredAt = b.map(Clock.date)
            }
        }
        return r
    }

    /// Answered surveys, returns, payment disputes, and the referrals with the last recovery, in
    /// one statement of four indexed parts: `src` names the part, `a`–`d` its values (survey id,
    /// answered, CSAT, NPS; order id, returned; invoice id, opened, closed; referrals, recovered),
    /// each part in its own order. The recovery is filtered inside the aggregate, so the
    /// customer's index is read, not every recovered case.
    static func others(_ customerId: Int64) -> SQLQueryString {
        """
        SELECT '1survey' AS src, id AS a, answered_at AS b, CAST(csat AS BIGINT) AS c, CAST(nps AS BIGINT) AS d, id AS o
          FROM surveys WHERE customer_id = \(bind: customerId) AND answered_at IS NOT NULL
        UNION ALL
        SELECT '2return', order_id, returned_at, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), id FROM returns WHERE customer_id = \(bind: customerId)
        UNION ALL
        SELECT '3dispute', p.invoice_id, d.opened_at, d.closed_at, CAST(NULL AS BIGINT), d.id
          FROM payment_disputes d JOIN payments p ON p.id = d.payment_id WHERE d.customer_id = \(bind: customerId)
        UNION ALL
        SELECT '4facts', (SELECT COUNT(*) FROM customer_relations WHERE related_id = \(bind: customerId) AND kind = 'referred-by'),
          (SELECT MAX(CASE WHEN status = 'recovered' THEN closed_at END) FROM recovery_cases WHERE customer_id = \(bind: customerId)),
          CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), 0
        ORDER BY 1, 3, 6
        """
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
