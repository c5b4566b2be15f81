import Foundation
import PeyvandCore
import SQLKit

/// The scoring and assignment rules: read by anyone who reads leads (a lead's page shows why it
/// scored what it did), changed with `sales.configure`. Audited under the entity `lead-rules`.
public struct LeadRules: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func scoringRules(by principal: Principal) async throws -> [LeadScoringRule] {
        try principal.require(.salesRead, to: "read lead rules")
        return try await LeadScoring.rules(database.sql).map(\.rule)
    }

    public func addScoringRule(field: String, condition: String, value: String?, points: Int, by principal: Principal) async throws -> LeadScoringRule {
        try principal.require(.salesConfigure, to: "set lead scoring rules")
        var issues: [FieldIssue] = []
        let f = LeadRuleField(rawValue: field)
        if f == nil { issues.append(FieldIssue(field: "field", reason: "must be one of: \(LeadRuleField.allCases.map(\.rawValue).joined(separator: ", "))", code: "choice.unknown")) }
        let c = LeadRuleCondition(rawValue: condition)
        if c == nil { issues.append(FieldIssue(field: "condition", reason: "must be one of: present, equals, contains", code: "choice.unknown")) }
        let value = value?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let c, c != .present, value == nil { issues.append(FieldIssue(field: "value", reason: "is required", code: "required")) }
        if let f, f.isJudgement, let c, c != .present {
            issues.append(FieldIssue(field: "condition", reason: "need, budget, authority and timing are matched when set: use present", code: "lead.judgementCondition"))
        }
        if (value?.unicodeScalars.count ?? 0) > 200 { issues.append(FieldIssue(field: "value", reason: "must be at most 200 characters", code: "text.tooLong", params: ["max": "200"])) }
        if !(-1000...1000).contains(points) {
            issues.append(FieldIssue(field: "points", reason: "must be a whole number from -1000 to 1000", code: "number.range", params: ["min": "-1000", "max": "1000"]))
        }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        guard let f, let c else { throw StoreError.invalid(ValidationError(issues)) }
        let stored = c == .present ? nil : value
        let rule = try await database.transaction { db in
            let count = try await db.raw("SELECT COUNT(*) AS n FROM lead_scoring_rules").first()?.decode(column: "n", as: Int.self) ?? 0
            if count >= LeadScoring.maxRules { throw StoreError.conflict("at most \(LeadScoring.maxRules) scoring rules; remove one first") }
            let now = Clock.nowMillis()
            guard let row = try await db.raw("""
                INSERT INTO lead_scoring_rules (field, condition, value, value_key, points, created_at)
                VALUES (\(bind: f.rawValue), \(bind: c.rawValue), \(bind: stored), \(bind: stored.map(PersianText.searchKey)), \(bind: points), \(bind: now))
                RETURNING id
                """).first() else { throw StoreError.conflict("the rule was not stored") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await AuditLog.record(db, entity: "lead-rules", entityId: id, by: principal, action: "add-scoring",
                                      after: "\(f.rawValue) \(c.rawValue) \(stored ?? "") \(points)", at: now)
            return LeadScoringRule(id: id, field: f, condition: c, value: stored, points: points)
        }
        try await rescore()
        return rule
    }

    public func removeScoringRule(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.salesConfigure, to: "set lead scoring rules")
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM lead_scoring_rules WHERE id = \(bind: id)").first() != nil else {
                throw StoreError.notFound(entity: "scoring rule", id: String(id))
            }
            try await db.raw("DELETE FROM lead_scoring_rules WHERE id = \(bind: id)").run()
            try await AuditLog.record(db, entity: "lead-rules", entityId: id, by: principal, action: "remove-scoring", at: Clock.nowMillis())
        }
        try await rescore()
    }

    public func assignmentRules(by principal: Principal) async throws -> [LeadAssignmentRule] {
        try principal.require(.salesRead, to: "read lead rules")
        let rows = try await database.sql.raw("""
            SELECT id, position, kind, province, city, active FROM lead_assignment_rules ORDER BY position, id LIMIT 100
            """).all()
        let reps = try await database.sql.raw("SELECT rule_id, user_id FROM lead_assignment_reps ORDER BY rule_id, position, user_id").all()
        var byRule: [Int64: [Int64]] = [:]
        for r in reps { byRule[try r.decode(column: "rule_id", as: Int64.self), default: []].append(try r.decode(column: "user_id", as: Int64.self)) }
        return try rows.compactMap { row in
            let id = try row.decode(column: "id", as: Int64.self)
            guard let kind = LeadAssignmentKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return LeadAssignmentRule(id: id, position: try row.decode(column: "position", as: Int.self), kind: kind,
                                      province: try row.decode(column: "province", as: String?.self), city: try row.decode(column: "city", as: String?.self),
                                      repIds: byRule[id] ?? [], active: try row.decode(column: "active", as: Bool.self))
        }
    }

    /// Adds a rule at the end of the order (or at `position`, moving the later ones down).
    public func addAssignmentRule(kind: String, province: String?, city: String?, repIds: [String], position: Int? = nil,
                                  by principal: Principal) async throws -> LeadAssignmentRule {
        try principal.require(.salesConfigure, to: "set lead assignment rules")
        var issues: [FieldIssue] = []
        let k = LeadAssignmentKind(rawValue: kind)
        if k == nil { issues.append(FieldIssue(field: "kind", reason: "must be one of: round-robin, territory, load", code: "choice.unknown")) }
        let province = province?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let city = city?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if k == .territory, province == nil, city == nil {
            issues.append(FieldIssue(field: "province", reason: "a territory needs a province, a city or both", code: "required"))
        }
        for (field, text) in [("province", province), ("city", city)] where (text?.unicodeScalars.count ?? 0) > 100 {
            issues.append(FieldIssue(field: field, reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"]))
        }
        if repIds.count > 100 { issues.append(FieldIssue(field: "repIds", reason: "at most 100", code: "list.tooMany", params: ["max": "100"])) }
        var reps: [Int64] = []
        for raw in repIds.prefix(100) {
            if let id = Int64(raw.trimmingCharacters(in: .whitespaces)), id > 0 { if !reps.contains(id) { reps.append(id) } }
            else { issues.append(FieldIssue(field: "repIds", reason: "must be user ids", code: "id.user")) }
        }
        if reps.isEmpty, !issues.contains(where: { $0.field == "repIds" }) {
            issues.append(FieldIssue(field: "repIds", reason: "is required", code: "required"))
        }
        if let position, !(1...1000).contains(position) {
            issues.append(FieldIssue(field: "position", reason: "must be a whole number from 1 to 1000", code: "number.range", params: ["min": "1", "max": "1000"]))
        }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        guard let k else { throw StoreError.invalid(ValidationError(issues)) }
        let (territoryProvince, territoryCity) = k == .territory ? (province, city) : (nil, nil)
        let chosen = reps
        let id = try await database.transaction { db in
            for rep in chosen {
                if try await db.raw("SELECT id FROM users WHERE id = \(bind: rep) AND active = \(bind: true)").first() == nil {
                    throw StoreError.invalid(ValidationError(field: "repIds", reason: "no active user has the id \(rep)", code: "id.user"))
                }
            }
            let last = try await db.raw("SELECT MAX(position) AS p FROM lead_assignment_rules").first()?.decode(column: "p", as: Int?.self) ?? 0
            let at = min(position ?? (last + 1), last + 1)
            try await db.raw("UPDATE lead_assignment_rules SET position = position + 1 WHERE position >= \(bind: at)").run()
            let now = Clock.nowMillis()
            guard let row = try await db.raw("""
                INSERT INTO lead_assignment_rules (position, kind, province, province_key, city, city_key, created_at)
                VALUES (\(bind: at), \(bind: k.rawValue), \(bind: territoryProvince), \(bind: territoryProvince.map(LeadAssignment.placeKey)),
                  \(bind: territoryCity), \(bind: territoryCity.map(LeadAssignment.placeKey)), \(bind: now))
                RETURNING id
                """).first() else { throw StoreError.conflict("the rule was not stored") }
            let id = try row.decode(column: "id", as: Int64.self)
            for (i, rep) in chosen.enumerated() {
                try await db.raw("INSERT INTO lead_assignment_reps (rule_id, user_id, position) VALUES (\(bind: id), \(bind: rep), \(bind: i + 1))").run()
            }
            try await AuditLog.record(db, entity: "lead-rules", entityId: id, by: principal, action: "add-assignment",
                                      after: "\(k.rawValue) \(territoryProvince ?? "") \(territoryCity ?? "") → \(chosen.map(String.init).joined(separator: ","))", at: now)
            return id
        }
        guard let rule = try await assignmentRules(by: principal).first(where: { $0.id == id }) else {
            throw StoreError.notFound(entity: "assignment rule", id: String(id))
        }
        return rule
    }

    public func removeAssignmentRule(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.salesConfigure, to: "set lead assignment rules")
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM lead_assignment_rules WHERE id = \(bind: id)").first() != nil else {
                throw StoreError.notFound(entity: "assignment rule", id: String(id))
            }
            try await db.raw("DELETE FROM lead_assignment_reps WHERE rule_id = \(bind: id)").run()
            try await db.raw("DELETE FROM lead_assignment_rules WHERE id = \(bind: id)").run()
            try await AuditLog.record(db, entity: "lead-rules", entityId: id, by: principal, action: "remove-assignment", at: Clock.nowMillis())
        }
    }
}

