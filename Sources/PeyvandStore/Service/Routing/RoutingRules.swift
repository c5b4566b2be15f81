import Foundation
import PeyvandCore
import SQLKit

/// The ordered routing rules. Read by everyone who reads tickets; changed with `service.configure`.
public struct RoutingRules: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The satisfaction classes a rule may name (matched against the customer's current class).
    public static let satisfactionClasses = ["angry", "dissatisfied", "satisfied", "happy", "enthusiastic"]

    public func list(by principal: Principal) async throws -> [RoutingRule] {
        try principal.require(.ticketsRead, to: "read routing rules")
        return try await Self.all(database.sql, activeOnly: false)
    }

    static let columns = """
        r.id, r.position, r.name, r.category, r.channel, r.language, r.min_value_minor, r.rfm_segment, r.satisfaction_class,
        r.team_id, t.name AS team_name, r.priority, r.active, r.version
        """

    static func all(_ db: any SQLDatabase, activeOnly: Bool, id: Int64? = nil) async throws -> [RoutingRule] {
        var sql: SQLQueryString = "SELECT \(unsafeRaw: columns) FROM routing_rules r JOIN service_teams t ON t.id = r.team_id WHERE 1 = 1"
        if activeOnly { sql += " AND r.active = \(bind: true)" }
        if let id { sql += " AND r.id = \(bind: id)" }
        sql += " ORDER BY r.position, r.id LIMIT 200"
        return try await db.raw(sql).all().map { row in
            func text(_ c: String) throws -> String? { try row.decode(column: c, as: String?.self) }
            return RoutingRule(
                id: try row.decode(column: "id", as: Int64.self), position: try row.decode(column: "position", as: Int.self),
                name: try row.decode(column: "name", as: String.self), category: try text("category").flatMap(TicketCategory.init(rawValue:)),
                channel: try text("channel").flatMap(TicketChannel.init(rawValue:)), language: try text("language").flatMap(Language.init(rawValue:)),
                minValueMinor: try row.decode(column: "min_value_minor", as: Int64?.self), rfmSegment: try text("rfm_segment"),
                satisfactionClass: try text("satisfaction_class"), teamId: try row.decode(column: "team_id", as: Int64.self),
                teamName: try row.decode(column: "team_name", as: String.self), priority: try text("priority").flatMap(TicketPriority.init(rawValue:)),
                active: try row.decode(column: "active", as: Bool.self), version: try row.decode(column: "version", as: Int.self))
        }
    }

    struct Checked {
        var name: String, position: Int?, category: String?, channel: String?, language: String?, minValue: Int64?
        var rfmSegment: String?, satisfactionClass: String?, teamId: Int64, priority: String?, active: Bool
    }

    static func check(_ input: RoutingRuleInput, in db: any SQLDatabase) async throws -> Checked {
        var issues: [FieldIssue] = []
        func choice<T: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, _: T.Type) -> String? where T.RawValue == String {
            guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard T(rawValue: raw) != nil else {
                let all = T.allCases.map(\.rawValue).joined(separator: ", ")
                issues.append(FieldIssue(field: field, reason: "must be one of \(all)", code: "choice.unknown", params: ["allowed": all]))
                return nil
            }
            return raw
        }
        let name = (input.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { issues.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        if name.unicodeScalars.count > 100 { issues.append(FieldIssue(field: "name", reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
        if let p = input.position, !(1...10_000).contains(p) {
            issues.append(FieldIssue(field: "position", reason: "must be between 1 and 10000", code: "number.range", params: ["min": "1", "max": "10000"]))
        }
        let category = choice(input.category, "category", TicketCategory.self)
        let channel = choice(input.channel, "channel", TicketChannel.self)
        let language = choice(input.language, "language", Language.self)
        let priority = choice(input.priority, "priority", TicketPriority.self)
        var minValue: Int64?
        if let raw = input.minValue?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            let digits = PersianText.latinDigits(raw).replacingOccurrences(of: ",", with: "")
            if let v = Int64(digits), v >= 0, v < 1_000_000_000_000_000 { minValue = v } else {
                issues.append(FieldIssue(field: "minValue", reason: "must be a whole amount of Rial, 0 or more", code: "money.invalid"))
            }
        }
        let segment = input.rfmSegment?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let segment, segment.unicodeScalars.count > 40 || !segment.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") }) {
            issues.append(FieldIssue(field: "rfmSegment", reason: "must be a segment key such as champions", code: "choice.unknown"))
        }
        let satisfaction = input.satisfactionClass?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let satisfaction, !satisfactionClasses.contains(satisfaction) {
            let all = satisfactionClasses.joined(separator: ", ")
            issues.append(FieldIssue(field: "satisfactionClass", reason: "must be one of \(all)", code: "choice.unknown", params: ["allowed": all]))
        }
        var teamId: Int64 = 0
        if let raw = input.teamId?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let id = Int64(raw), id > 0, try await db.raw("SELECT id FROM service_teams WHERE id = \(bind: id)").first() != nil { teamId = id } else {
                issues.append(FieldIssue(field: "teamId", reason: "no team has this id", code: "ref.unknown"))
            }
        } else { issues.append(FieldIssue(field: "teamId", reason: "is required", code: "required")) }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        return Checked(name: name, position: input.position, category: category, channel: channel, language: language, minValue: minValue,
                       rfmSegment: segment, satisfactionClass: satisfaction, teamId: teamId, priority: priority, active: input.active ?? true)
    }

    /// Adds a rule, last unless a position is given (the rules at and after it move down one).
    public func create(_ input: RoutingRuleInput, by principal: Principal) async throws -> RoutingRule {
        try principal.require(.serviceConfigure, to: "set up routing rules")
        let id = try await database.transaction { db in
            let c = try await Self.check(input, in: db)
            let last = try await db.raw("SELECT COALESCE(MAX(position), 0) AS p FROM routing_rules").first()?.decode(column: "p", as: Int.self) ?? 0
            let position = min(c.position ?? (last + 1), last + 1)
            if position <= last { try await db.raw("UPDATE routing_rules SET position = position + 1 WHERE position >= \(bind: position)").run() }
            let now = Clock.nowMillis()
            guard let row = try await db.raw("""
                INSERT INTO routing_rules (position, name, category, channel, language, min_value_minor, rfm_segment, satisfaction_class,
                  team_id, priority, active, created_at, updated_at)
                VALUES (\(bind: position), \(bind: c.name), \(bind: c.category), \(bind: c.channel), \(bind: c.language), \(bind: c.minValue),
                  \(bind: c.rfmSegment), \(bind: c.satisfactionClass), \(bind: c.teamId), \(bind: c.priority), \(bind: c.active), \(bind: now), \(bind: now))
                RETURNING id
                """).first() else { throw StoreError.conflict("the rule was not stored") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await AuditLog.record(db, entity: "routing-rule", entityId: id, by: principal, action: "create", after: c.name, at: now)
            return id
        }
        return try await get(id, by: principal)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> RoutingRule {
        try principal.require(.ticketsRead, to: "read routing rules")
        guard let rule = try await Self.all(database.sql, activeOnly: false, id: id).first else {
            throw StoreError.notFound(entity: "routing rule", id: String(id))
        }
        return rule
    }

    /// Replaces a rule's conditions and team, and moves it when another position is given (the
    /// others keep their order around it); refuses a lost update.
    public func update(_ id: Int64, _ input: RoutingRuleInput, expectedVersion: Int?, by principal: Principal) async throws -> RoutingRule {
        try principal.require(.serviceConfigure, to: "set up routing rules")
        try await database.transaction { db in
            guard let old = try await Self.all(db, activeOnly: false, id: id).first else { throw StoreError.notFound(entity: "routing rule", id: String(id)) }
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            let c = try await Self.check(input, in: db)
            let now = Clock.nowMillis()
            if let position = c.position, position != old.position { try await Self.place(db, id, at: position) }
            try await db.raw("""
                UPDATE routing_rules SET name = \(bind: c.name), category = \(bind: c.category),
                  channel = \(bind: c.channel), language = \(bind: c.language), min_value_minor = \(bind: c.minValue), rfm_segment = \(bind: c.rfmSegment),
                  satisfaction_class = \(bind: c.satisfactionClass), team_id = \(bind: c.teamId), priority = \(bind: c.priority),
                  active = \(bind: c.active), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "routing-rule", entityId: id, by: principal, action: "update", before: old.name, after: c.name, at: now)
        }
        return try await get(id, by: principal)
    }

    /// Moves a rule one place earlier (`up`) or later in the order the first match is taken from;
    /// the first rule moved up, or the last down, stays where it is.
    @discardableResult
    public func move(_ id: Int64, up: Bool, by principal: Principal) async throws -> RoutingRule {
        try principal.require(.serviceConfigure, to: "set up routing rules")
        try await database.transaction { db in
            let order = try await Self.order(db)
            guard let index = order.firstIndex(of: id) else { throw StoreError.notFound(entity: "routing rule", id: String(id)) }
            let target = up ? index : index + 2
            guard (1...order.count).contains(target) else { return }
            try await Self.place(db, id, at: target)
            let now = Clock.nowMillis()
            try await db.raw("UPDATE routing_rules SET version = version + 1, updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            try await AuditLog.record(db, entity: "routing-rule", entityId: id, by: principal, action: "move",
                                      before: String(index + 1), after: String(target), at: now)
        }
        return try await get(id, by: principal)
    }

    /// Every rule's id in the order they are tried.
    static func order(_ db: any SQLDatabase) async throws -> [Int64] {
        try await db.raw("SELECT id FROM routing_rules ORDER BY position, id").all().map { try $0.decode(column: "id", as: Int64.self) }
    }

    /// Puts rule `id` at `position` (1 is first; past the end is last) and numbers every rule
    /// 1…n in its order, so no two share a place.
    static func place(_ db: any SQLDatabase, _ id: Int64, at position: Int) async throws {
        var order = try await Self.order(db).filter { $0 != id }
        order.insert(id, at: max(0, min(position - 1, order.count)))
        for (index, rule) in order.enumerated() {
            try await db.raw("UPDATE routing_rules SET position = \(bind: index + 1) WHERE id = \(bind: rule) AND position <> \(bind: index + 1)").run()
        }
    }

    public func delete(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.serviceConfigure, to: "set up routing rules")
        try await database.transaction { db in
            guard try await db.raw("DELETE FROM routing_rules WHERE id = \(bind: id) RETURNING id").first() != nil else {
                throw StoreError.notFound(entity: "routing rule", id: String(id))
            }
            try await AuditLog.record(db, entity: "routing-rule", entityId: id, by: principal, action: "delete", at: Clock.nowMillis())
        }
    }
}
