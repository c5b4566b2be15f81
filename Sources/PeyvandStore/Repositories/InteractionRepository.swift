import Foundation
import PeyvandCore
import SQLKit

/// Filters of a customer's interactions; all optional.
public struct InteractionQuery: Sendable, Hashable {
    public var kind: InteractionKind?
    public var channel: ContactChannel?
    public var staffId: Int64?
    public var from: Date?
    public var to: Date?
    /// Keyset cursor: entries strictly older than this (occurred_at, id).
    public var before: TimelineCursor?
    public var limit: Int

    public init(kind: InteractionKind? = nil, channel: ContactChannel? = nil, staffId: Int64? = nil, from: Date? = nil, to: Date? = nil,
                before: TimelineCursor? = nil, limit: Int = 50) {
        self.kind = kind
        self.channel = channel
        self.staffId = staffId
        self.from = from
        self.to = to
        self.before = before
        self.limit = limit
    }
}

/// Interactions: logged against a customer the person may see, listed newest first.
public struct InteractionRepository: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        i.id, i.customer_id, i.kind, i.channel, i.direction, i.occurred_at, i.staff_id, i.subject, i.body, i.outcome,
        i.duration_seconds, i.cost_minor, i.cost_currency, i.created_at, u.name AS staff_name
        """

    public func create(customerId: Int64, _ input: InteractionInput, by principal: Principal) async throws -> Interaction {
        try principal.require(.interactionsLog, to: "log interactions")
        _ = try await CustomerRepository(database).get(customerId, by: principal)
        var fields: InteractionFields
        do { fields = try input.validated() } catch { throw StoreError.invalid(error) }
        if fields.staffId == nil { fields.staffId = principal.userId }
        // Only roles that log for others may name someone else; an unknown id and a forbidden one
        // get the same answer, so the field reveals nothing about who exists.
        let attributionRefused = StoreError.invalid(ValidationError(
            field: "staffId", reason: "must be your own user id, or an active member of staff if your role logs for others"))
        if fields.staffId != principal.userId, !principal.may(.interactionsAttribute) { throw attributionRefused }
        let f = fields
        let id = try await database.transaction { db in
            if let staff = f.staffId, staff != principal.userId,
               try await db.raw("SELECT id FROM users WHERE id = \(bind: staff) AND active = \(bind: true)").first() == nil {
                throw attributionRefused
            }
            let now = Clock.nowMillis()
            let row = try await db.raw("""
                INSERT INTO interactions (customer_id, kind, channel, direction, occurred_at, staff_id, subject, body, outcome,
                  duration_seconds, cost_minor, cost_currency, created_by, created_at)
                VALUES (\(bind: customerId), \(bind: f.kind.rawValue), \(bind: f.channel?.rawValue), \(bind: f.direction?.rawValue),
                  \(bind: Clock.millis(f.occurredAt)), \(bind: f.staffId), \(bind: f.subject), \(bind: f.body), \(bind: f.outcome),
                  \(bind: f.durationSeconds.map(Int64.init)), \(bind: f.cost?.minorUnits), \(bind: f.cost?.currency.rawValue),
                  \(bind: principal.userId), \(bind: now))
                RETURNING id
                """).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the interaction was not stored") }
            try await AuditLog.record(db, entity: "customer", entityId: customerId, by: principal, action: "log",
                                      field: "interaction", after: "\(f.kind.rawValue) #\(id)", at: now)
            try await DomainEvents.interaction(db, id: id, customerId: customerId, kind: f.kind, direction: f.direction)
            return id
        }
        return try await get(id, by: principal)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> Interaction {
        guard let row = try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM interactions i LEFT JOIN users u ON u.id = i.staff_id
            WHERE i.id = \(bind: id) AND i.deleted_at IS NULL
            """).first() else { throw StoreError.notFound(entity: "interaction", id: String(id)) }
        let interaction = try Self.interaction(row)
        _ = try await CustomerRepository(database).get(interaction.customerId, by: principal)
        return interaction
    }

    public func delete(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.customersWrite, to: "delete interactions")
        let interaction = try await get(id, by: principal)
        try await AuditLog.softRemove(database, table: "interactions", id: id, customerId: interaction.customerId, by: principal,
                                      action: "unlog", field: "interaction", before: "\(interaction.fields.kind.rawValue) #\(id)")
    }

    /// A customer's interactions (and, for an organisation, those of its people), newest first.
    public func list(customerIds: [Int64], _ query: InteractionQuery) async throws -> [Interaction] {
        guard !customerIds.isEmpty else { return [] }
        var sql: SQLQueryString = """
            SELECT \(unsafeRaw: Self.columns) FROM interactions i LEFT JOIN users u ON u.id = i.staff_id
            WHERE i.customer_id IN (\(binds: customerIds)) AND i.deleted_at IS NULL
            """
        if let k = query.kind { sql += " AND i.kind = \(bind: k.rawValue)" }
        if let c = query.channel { sql += " AND i.channel = \(bind: c.rawValue)" }
        sql += query.window(time: "i.occurred_at", id: "i.id", staff: "i.staff_id")
        return try await database.sql.raw(sql).all().map(Self.interaction)
    }

    static func interaction(_ row: any SQLRow) throws -> Interaction {
        var cost: Money?
        if let minor = try row.decode(column: "cost_minor", as: Int64?.self), let currency = try row.decode(column: "cost_currency", as: String?.self) {
            cost = Money(minorUnits: minor, currency: Currency(rawValue: currency))
        }
        let fields = InteractionFields(
            kind: InteractionKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .note,
            channel: try row.decode(column: "channel", as: String?.self).flatMap(ContactChannel.init(rawValue:)),
            direction: try row.decode(column: "direction", as: String?.self).flatMap(Direction.init(rawValue:)),
            occurredAt: Clock.date(try row.decode(column: "occurred_at", as: Int64.self)),
            staffId: try row.decode(column: "staff_id", as: Int64?.self),
            subject: try row.decode(column: "subject", as: String?.self),
            body: try row.decode(column: "body", as: String?.self),
            outcome: try row.decode(column: "outcome", as: String?.self),
            durationSeconds: try row.decode(column: "duration_seconds", as: Int64?.self).map { Int($0) },
            cost: cost
        )
        return Interaction(
            id: try row.decode(column: "id", as: Int64.self), customerId: try row.decode(column: "customer_id", as: Int64.self),
            fields: fields, staffName: try row.decode(column: "staff_name", as: String?.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self))
        )
    }

    /// Stores many validated interactions with few statements (demo data, imports of history).
    /// Inside the caller's transaction; no audit rows (the caller records the batch).
    static func insertMany(_ db: any SQLDatabase, _ items: [(customerId: Int64, fields: InteractionFields)], createdBy: Int64) async throws {
        let now = Clock.nowMillis()
        for chunk in stride(from: 0, to: items.count, by: 200).map({ Array(items[$0..<min($0 + 200, items.count)]) }) {
            var sql: SQLQueryString = """
                INSERT INTO interactions (customer_id, kind, channel, direction, occurred_at, staff_id, subject, body, outcome,
                  duration_seconds, cost_minor, cost_currency, created_by, created_at) VALUES
                """
            for (i, item) in chunk.enumerated() {
                let f = item.fields
                let values: [any Encodable & Sendable] = [
                    item.customerId, f.kind.rawValue, f.channel?.rawValue, f.direction?.rawValue, Clock.millis(f.occurredAt), f.staffId,
                    f.subject, f.body, f.outcome, f.durationSeconds.map(Int64.init), f.cost?.minorUnits, f.cost?.currency.rawValue,
                    createdBy, now,
                ]
                sql += (i == 0 ? " (" : ", (") + "\(binds: values))"
            }
            try await db.raw(sql).run()
        }
    }
}
