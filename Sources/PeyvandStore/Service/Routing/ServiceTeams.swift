import Foundation
import PeyvandCore
import SQLKit

/// Service teams and their members. Everyone who reads tickets reads the teams;
/// `service.configure` changes them. Every change is audited.
public struct ServiceTeams: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Every team with its members, by name (at most 200 teams).
    public func list(by principal: Principal) async throws -> [ServiceTeam] {
        try principal.require(.ticketsRead, to: "read service teams")
        return try await Self.all(database.sql)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> ServiceTeam {
        try principal.require(.ticketsRead, to: "read service teams")
        guard let team = try await Self.all(database.sql, id: id).first else { throw StoreError.notFound(entity: "service team", id: String(id)) }
        return team
    }

    static func all(_ db: any SQLDatabase, id: Int64? = nil) async throws -> [ServiceTeam] {
        var sql: SQLQueryString = "SELECT id, name, lead_id, manager_id, routing, business_hours, version, created_at FROM service_teams"
        if let id { sql += " WHERE id = \(bind: id)" }
        sql += " ORDER BY name_key, id LIMIT 200"
        var teams = try await db.raw(sql).all().map { row in
            ServiceTeam(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                        leadId: try row.decode(column: "lead_id", as: Int64?.self), managerId: try row.decode(column: "manager_id", as: Int64?.self),
                        routing: TeamRouting(rawValue: try row.decode(column: "routing", as: String.self)) ?? .roundRobin,
                        businessHours: try row.decode(column: "business_hours", as: String?.self),
                        version: try row.decode(column: "version", as: Int.self),
                        createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)), members: [])
        }
        guard !teams.isEmpty else { return [] }
        let ids = teams.map(\.id)
        let rows = try await db.raw("""
            SELECT m.team_id, m.user_id, u.name, m.skills, m.active, m.last_assigned_at,
              (SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = m.user_id AND t.status IN ('new', 'open', 'waiting')) AS open_tickets
            FROM service_team_members m JOIN users u ON u.id = m.user_id
            WHERE m.team_id IN (\(binds: ids)) ORDER BY u.name, m.user_id
            """).all()
        var byTeam: [Int64: [ServiceTeamMember]] = [:]
        for row in rows {
            byTeam[try row.decode(column: "team_id", as: Int64.self), default: []].append(ServiceTeamMember(
                userId: try row.decode(column: "user_id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                skills: Self.skills(try row.decode(column: "skills", as: String.self)), active: try row.decode(column: "active", as: Bool.self),
                openTickets: try row.decode(column: "open_tickets", as: Int.self),
                lastAssignedAt: try row.decode(column: "last_assigned_at", as: Int64?.self).map(Clock.date)))
        }
        for i in teams.indices { teams[i].members = byTeam[teams[i].id] ?? [] }
        return teams
    }

    /// Skills as stored: comma-separated keys, trimmed and lower-cased.
    static func skills(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// A new team; its name is unique (Persian-normalised).
    public func create(name: String, leadId: Int64?, managerId: Int64?, routing: String?, businessHours: String? = nil,
                       by principal: Principal) async throws -> ServiceTeam {
        try principal.require(.serviceConfigure, to: "set up service teams")
        let (clean, mode) = try Self.check(name: name, routing: routing)
        let id = try await database.transaction { db in
            try await Self.checkStaff(db, leadId: leadId, managerId: managerId)
            let key = PersianText.compactKey(clean)
            if try await db.raw("SELECT id FROM service_teams WHERE name_key = \(bind: key)").first() != nil {
                throw StoreError.invalid(ValidationError(field: "name", reason: "another team has this name", code: "team.nameTaken"))
            }
            let now = Clock.nowMillis()
            guard let row = try await db.raw("""
                INSERT INTO service_teams (name, name_key, lead_id, manager_id, routing, business_hours, created_at, updated_at)
                VALUES (\(bind: clean), \(bind: key), \(bind: leadId), \(bind: managerId), \(bind: mode.rawValue), \(bind: businessHours),
                  \(bind: now), \(bind: now)) RETURNING id
                """).first() else { throw StoreError.conflict("the team was not stored") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await AuditLog.record(db, entity: "service-team", entityId: id, by: principal, action: "create", after: clean, at: now)
            return id
        }
        return try await get(id, by: principal)
    }

    /// Changes a team's name, lead, manager and routing; refuses a lost update.
    public func update(_ id: Int64, name: String, leadId: Int64?, managerId: Int64?, routing: String?, expectedVersion: Int?,
                       by principal: Principal) async throws -> ServiceTeam {
        try principal.require(.serviceConfigure, to: "set up service teams")
        let (clean, mode) = try Self.check(name: name, routing: routing)
        try await database.transaction { db in
            guard let old = try await Self.all(db, id: id).first else { throw StoreError.notFound(entity: "service team", id: String(id)) }
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            try await Self.checkStaff(db, leadId: leadId, managerId: managerId)
            let key = PersianText.compactKey(clean)
            if try await db.raw("SELECT id FROM service_teams WHERE name_key = \(bind: key) AND id <> \(bind: id)").first() != nil {
                throw StoreError.invalid(ValidationError(field: "name", reason: "another team has this name", code: "team.nameTaken"))
            }
            let now = Clock.nowMillis()
            try await db.raw("""
                UPDATE service_teams SET name = \(bind: clean), name_key = \(bind: key), lead_id = \(bind: leadId), manager_id = \(bind: managerId),
                  routing = \(bind: mode.rawValue), version = version + 1, updated_at = \(bind: now) WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "service-team", entityId: id, by: principal, action: "update", field: "routing",
                                      before: "\(old.name) · \(old.routing.rawValue)", after: "\(clean) · \(mode.rawValue)", at: now)
        }
        return try await get(id, by: principal)
    }

    /// Replaces a team's members (at most 200) with their skills; a member kept keeps their turn.
    public func setMembers(_ id: Int64, _ members: [(userId: Int64, skills: String, active: Bool)], by principal: Principal) async throws -> ServiceTeam {
        try principal.require(.serviceConfigure, to: "set up service teams")
        guard members.count <= 200 else {
            throw StoreError.invalid(ValidationError(field: "members", reason: "at most 200 members", code: "list.tooLong", params: ["max": "200"]))
        }
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM service_teams WHERE id = \(bind: id)").first() != nil else {
                throw StoreError.notFound(entity: "service team", id: String(id))
            }
            for (n, m) in members.enumerated() {
                if try await db.raw("SELECT id FROM users WHERE id = \(bind: m.userId) AND active = \(bind: true)").first() == nil {
                    throw StoreError.invalid(ValidationError(field: "members[\(n)].userId", reason: "must be an active member of staff", code: "id.user"))
                }
            }
            let keep = Set(members.map(\.userId))
            let current = try await db.raw("SELECT user_id FROM service_team_members WHERE team_id = \(bind: id)").all()
                .map { try $0.decode(column: "user_id", as: Int64.self) }
            for gone in current where !keep.contains(gone) {
                try await db.raw("DELETE FROM service_team_members WHERE team_id = \(bind: id) AND user_id = \(bind: gone)").run()
            }
            for m in members {
                let skills = Self.skills(String(m.skills.prefix(500))).joined(separator: ",")
                try await db.raw("""
                    INSERT INTO service_team_members (team_id, user_id, skills, active) VALUES (\(bind: id), \(bind: m.userId), \(bind: skills), \(bind: m.active))
                    ON CONFLICT (team_id, user_id) DO UPDATE SET skills = \(bind: skills), active = \(bind: m.active)
                    """).run()
            }
            let now = Clock.nowMillis()
            try await db.raw("UPDATE service_teams SET version = version + 1, updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            try await AuditLog.record(db, entity: "service-team", entityId: id, by: principal, action: "update", field: "members",
                                      after: members.map { String($0.userId) }.joined(separator: ","), at: now)
        }
        return try await get(id, by: principal)
    }

    static func check(name: String, routing: String?) throws -> (String, TeamRouting) {
        var issues: [FieldIssue] = []
        let clean = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if clean.isEmpty { issues.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        if clean.unicodeScalars.count > 100 { issues.append(FieldIssue(field: "name", reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
        var mode = TeamRouting.roundRobin
        if let routing, !routing.isEmpty {
            if let m = TeamRouting(rawValue: routing) { mode = m } else {
                let all = TeamRouting.allCases.map(\.rawValue).joined(separator: ", ")
                issues.append(FieldIssue(field: "routing", reason: "must be one of \(all)", code: "choice.unknown", params: ["allowed": all]))
            }
        }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        return (clean, mode)
    }

    static func checkStaff(_ db: any SQLDatabase, leadId: Int64?, managerId: Int64?) async throws {
        var issues: [FieldIssue] = []
        for (field, id) in [("leadId", leadId), ("managerId", managerId)] {
            guard let id else { continue }
            if try await db.raw("SELECT id FROM users WHERE id = \(bind: id) AND active = \(bind: true)").first() == nil {
                issues.append(FieldIssue(field: field, reason: "must be an active member of staff", code: "id.user"))
            }
        }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
    }
}
