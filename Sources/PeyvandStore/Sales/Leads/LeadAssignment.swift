import Foundation
import PeyvandCore
import SQLKit

/// How an assignment rule picks a rep.
public enum LeadAssignmentKind: String, CaseIterable, Sendable {
    /// Each of its reps in turn.
    case roundRobin = "round-robin"
    /// Leads from a province (and, if set, a city) go to its reps (in turn when several).
    case territory
    /// The rep with the fewest open leads.
    case load
}

/// One assignment rule, in order.
public struct LeadAssignmentRule: Sendable, Hashable {
    public let id: Int64
    public let position: Int
    public let kind: LeadAssignmentKind
    public let province: String?
    public let city: String?
    public let repIds: [Int64]
    public let active: Bool
}

/// The rules applied the moment a lead arrives: the first rule (by position) that applies and
/// has an active rep decides. Each rule's row is locked (`turn = turn + 1`) before its reps are
/// read, so concurrent arrivals take turns one after the other on both databases: round-robin
/// stays fair and two leads arriving together do not both go to the same least-loaded rep.
enum LeadAssignment {
    static func assign(_ db: any SQLDatabase, _ f: LeadFields) async throws -> Int64? {
        let rules = try await db.raw("""
            SELECT id, kind, province_key, city_key FROM lead_assignment_rules WHERE active = \(bind: true) ORDER BY position, id LIMIT 100
            """).all()
        let province = f.province.map(placeKey)
        let city = f.city.map(placeKey)
        for row in rules {
            let id = try row.decode(column: "id", as: Int64.self)
            guard let kind = LeadAssignmentKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            if kind == .territory {
                let rp = try row.decode(column: "province_key", as: String?.self)
                let rc = try row.decode(column: "city_key", as: String?.self)
                if rp == nil, rc == nil { continue }
                if let rp, rp != province { continue }
                if let rc, rc != city { continue }
            }
            guard let turnRow = try await db.raw("""
                UPDATE lead_assignment_rules SET turn = turn + 1 WHERE id = \(bind: id) RETURNING turn
                """).first() else { continue }
            let turn = try turnRow.decode(column: "turn", as: Int64.self)
            let reps = try await db.raw("""
                SELECT r.user_id FROM lead_assignment_reps r JOIN users u ON u.id = r.user_id
                WHERE r.rule_id = \(bind: id) AND u.active = \(bind: true) ORDER BY r.position, r.user_id
                """).all().map { try $0.decode(column: "user_id", as: Int64.self) }
            if reps.isEmpty { continue }
            switch kind {
            case .roundRobin, .territory:
                return reps[Int((turn - 1) % Int64(reps.count))]
            case .load:
                let counts = try await db.raw("""
                    SELECT owner_id, COUNT(*) AS n FROM leads WHERE owner_id IN (\(binds: reps)) AND status IN ('new', 'working', 'qualified')
                    GROUP BY owner_id
                    """).all()
                var open: [Int64: Int] = [:]
                for c in counts { open[try c.decode(column: "owner_id", as: Int64.self)] = try c.decode(column: "n", as: Int.self) }
                return reps.min { (open[$0] ?? 0) < (open[$1] ?? 0) } ?? reps[0]
            }
        }
        return nil
    }

    /// A province's or city's key: Persian-normalised, spaces and ZWNJ removed ("تهران" = "تهران ").
    static func placeKey(_ text: String) -> String {
        String(PersianText.compactKey(text).prefix(100))
    }
}
