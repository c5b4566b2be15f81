import Foundation
import PeyvandCore
import SQLKit

/// The service-level policies: read by whoever reads tickets, changed with `service.configure`.
/// A change applies to tickets as they next move (answered, written to, routed, re-prioritised);
/// a ticket's due instants are never rewritten behind an agent's back.
public struct SLAPolicies: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        id, name, priority, min_value_minor, first_response_minutes, next_response_minutes, resolution_minutes, warn_percent, version
        """

    static func policy(_ row: any SQLRow) throws -> SLAPolicy {
        SLAPolicy(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                  priority: try row.decode(column: "priority", as: String.self), minValueMinor: try row.decode(column: "min_value_minor", as: Int64.self),
                  firstResponseMinutes: try row.decode(column: "first_response_minutes", as: Int.self),
                  nextResponseMinutes: try row.decode(column: "next_response_minutes", as: Int.self),
                  resolutionMinutes: try row.decode(column: "resolution_minutes", as: Int.self),
                  warnPercent: try row.decode(column: "warn_percent", as: Int.self), version: try row.decode(column: "version", as: Int.self))
    }

    public func list(by principal: Principal) async throws -> [SLAPolicy] {
        try principal.require(.ticketsRead, to: "read service levels")
        return try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM sla_policies
            ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, min_value_minor, id
            """).all().map(Self.policy)
    }

    /// What a policy form or the API sends.
    public struct Input: Sendable, Hashable {
        public var name: String
        public var priority: String
        public var minValueMinor: Int64
        public var firstResponseMinutes: Int
        public var nextResponseMinutes: Int
        public var resolutionMinutes: Int
        public var warnPercent: Int

        public init(name: String, priority: String, minValueMinor: Int64 = 0, firstResponseMinutes: Int, nextResponseMinutes: Int,
                    resolutionMinutes: Int, warnPercent: Int = 80) {
            (self.name, self.priority, self.minValueMinor) = (name, priority, minValueMinor)
            (self.firstResponseMinutes, self.nextResponseMinutes, self.resolutionMinutes, self.warnPercent) =
                (firstResponseMinutes, nextResponseMinutes, resolutionMinutes, warnPercent)
        }

        /// The value floor stays below 10^18 minor units, as routing rules' does.
        public static let maxValueMinor: Int64 = 1_000_000_000_000_000_000

        /// At most a year of business minutes for any target.
        public static let maxMinutes = 525_600

        public func issues() -> [FieldIssue] {
            var issues: [FieldIssue] = []
            let name = self.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty { issues.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
            if name.count > 100 { issues.append(FieldIssue(field: "name", reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
            if !TicketPriority.allCases.map(\.rawValue).contains(priority) {
                issues.append(FieldIssue(field: "priority", reason: "must be one of: low, normal, high, urgent", code: "choice.unknown"))
            }
            if minValueMinor < 0 { issues.append(FieldIssue(field: "minValue", reason: "must not be negative", code: "number.negative")) }
            if minValueMinor >= Self.maxValueMinor {
                issues.append(FieldIssue(field: "minValue", reason: "must be less than 10^18", code: "number.range", params: ["min": "0", "max": "999999999999999999"]))
            }
            for (field, minutes) in [("firstResponseMinutes", firstResponseMinutes), ("nextResponseMinutes", nextResponseMinutes),
                                     ("resolutionMinutes", resolutionMinutes)] where !(1...Self.maxMinutes).contains(minutes) {
                issues.append(FieldIssue(field: field, reason: "must be a whole number of minutes from 1 to \(Self.maxMinutes)", code: "number.range",
                                         params: ["min": "1", "max": String(Self.maxMinutes)]))
            }
            if !(1...99).contains(warnPercent) {
                issues.append(FieldIssue(field: "warnPercent", reason: "must be from 1 to 99", code: "number.range", params: ["min": "1", "max": "99"]))
            }
            return issues
        }
    }

    /// Adds a policy (id nil) or replaces one; one policy per priority and value floor.
    public func save(_ id: Int64?, _ input: Input, expectedVersion: Int? = nil, by principal: Principal) async throws -> SLAPolicy {
        try principal.require(.serviceConfigure, to: "set service levels")
        let issues = input.issues()
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await database.transaction { db in
            let clash = try await db.raw("""
                SELECT id FROM sla_policies WHERE priority = \(bind: input.priority) AND min_value_minor = \(bind: input.minValueMinor)
                """).first()?.decode(column: "id", as: Int64.self)
            if let clash, clash != id { throw StoreError.conflict("a policy for this priority and customer value exists already") }
            let now = Clock.nowMillis()
            let stored: Int64
            if let id {
                guard let row = try await db.raw("SELECT version FROM sla_policies WHERE id = \(bind: id)").first() else {
                    throw StoreError.notFound(entity: "SLA policy", id: String(id))
                }
                let version = try row.decode(column: "version", as: Int.self)
                if let expectedVersion, expectedVersion != version { throw StoreError.versionMismatch(current: version) }
                try await db.raw("""
                    UPDATE sla_policies SET name = \(bind: name), priority = \(bind: input.priority), min_value_minor = \(bind: input.minValueMinor),
                      first_response_minutes = \(bind: input.firstResponseMinutes), next_response_minutes = \(bind: input.nextResponseMinutes),
                      resolution_minutes = \(bind: input.resolutionMinutes), warn_percent = \(bind: input.warnPercent),
                      version = version + 1, updated_at = \(bind: now)
                    WHERE id = \(bind: id)
                    """).run()
                stored = id
            } else {
                stored = try await db.raw("""
                    INSERT INTO sla_policies (name, priority, min_value_minor, first_response_minutes, next_response_minutes, resolution_minutes,
                      warn_percent, created_at, updated_at)
                    VALUES (\(bind: name), \(bind: input.priority), \(bind: input.minValueMinor), \(bind: input.firstResponseMinutes),
                      \(bind: input.nextResponseMinutes), \(bind: input.resolutionMinutes), \(bind: input.warnPercent), \(bind: now), \(bind: now))
                    RETURNING id
                    """).first()!.decode(column: "id", as: Int64.self)
            }
            try await AuditLog.record(db, entity: "sla-policy", entityId: stored, by: principal, action: id == nil ? "create" : "update",
                                      after: "\(input.priority) ≥\(input.minValueMinor): \(input.firstResponseMinutes)/\(input.nextResponseMinutes)/\(input.resolutionMinutes) min",
                                      at: now)
            return try Self.policy(try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM sla_policies WHERE id = \(bind: stored)").first()!)
        }
    }

    public func delete(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.serviceConfigure, to: "set service levels")
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM sla_policies WHERE id = \(bind: id)").first() != nil else {
                throw StoreError.notFound(entity: "SLA policy", id: String(id))
            }
            try await db.raw("UPDATE tickets SET sla_policy_id = NULL WHERE sla_policy_id = \(bind: id)").run()
            try await db.raw("DELETE FROM sla_policies WHERE id = \(bind: id)").run()
            try await AuditLog.record(db, entity: "sla-policy", entityId: id, by: principal, action: "delete", at: Clock.nowMillis())
        }
    }
}
