import Foundation
import PeyvandCore
import SQLKit

/// Deals: created, read, listed, changed (refused when someone else changed the deal since it was
/// read), moved across the stages of their pipeline, won, lost, reopened, deleted and restored.
/// `sales.read` reads, `deals.write` writes; a role that sees only its own customers reaches the
/// deals it owns and those of the customers it reaches. Every write is audited and announced.
public struct Deals: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func create(_ input: DealInput, by principal: Principal) async throws -> Deal {
        try principal.require(.dealsWrite, to: "create deals")
        let id = try await database.transaction { db in try await Self.insert(db, input, by: principal) }
        return try await get(id, by: principal)
    }

    /// Checks and stores a new deal inside the caller's transaction (a lead's conversion uses it),
    /// with its lines, contacts, first stage visit, audit row and `deal.created` event.
    public static func insert(_ db: any SQLDatabase, _ input: DealInput, by principal: Principal) async throws -> Int64 {
        try principal.require(.dealsWrite, to: "create deals")
        let draft = try await DealDraft.validate(db, input, current: nil, reach: CustomerRepository.scope(principal), by: principal)
        let now = Clock.nowMillis()
        guard let id = try await db.raw("""
            INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, owner_id, currency, amount_minor, amount_base_minor, probability,
              expected_close_day, next_step, source, stage_entered_at, version, created_by, created_at, updated_at)
            VALUES (\(bind: draft.pipelineId), \(bind: draft.stageId), 'open', \(bind: draft.title), \(bind: draft.customerId), \(bind: draft.ownerId),
              \(bind: draft.amount.currency.rawValue), \(bind: draft.amount.minorUnits), \(bind: draft.amountBase.minorUnits), \(bind: draft.probability),
              \(bind: draft.expectedCloseDay), \(bind: draft.nextStep), \(bind: draft.source), \(bind: now), 1,
              \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: now), \(bind: now))
            RETURNING id
            """).first()?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the deal was not stored") }
        try await writeLines(db, id, draft)
        try await writeContacts(db, id, draft)
        try await DealHistory.enter(db, dealId: id, stageId: draft.stageId, status: .open, at: now, by: principal)
        try await AuditLog.record(db, entity: "deal", entityId: id, by: principal, action: "create", after: draft.title, at: now)
        try await DealEvents.publish(db, "deal.created", dealId: id, draft: draft, status: .open)
        return id
    }

    /// A deal within the caller's reach, deleted or not (the caller shows the deleted state).
    public func get(_ id: Int64, by principal: Principal) async throws -> Deal {
        try principal.require(.salesRead, to: "read deals")
        return try await Self.fetch(database.sql, id, by: principal)
    }

    static func fetch(_ db: any SQLDatabase, _ id: Int64, by principal: Principal) async throws -> Deal {
        let rows = try await db.raw(DealReader.select + " WHERE d.id = \(bind: id)" + DealReader.reach(principal)).all()
        guard let deal = try await DealReader.deals(db, rows).first else { throw StoreError.notFound(entity: "deal", id: String(id)) }
        return deal
    }

    /// Changes what `input` gives (not the stage: see `move`). With `expectedVersion`, refuses
    /// (`versionMismatch`) when the deal changed since that version.
    public func update(_ id: Int64, _ input: DealInput, expectedVersion: Int?, by principal: Principal) async throws -> Deal {
        try principal.require(.dealsWrite, to: "change deals")
        try await database.transaction { db in
            let old = try await Self.fetch(db, id, by: principal)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            if old.isDeleted { throw StoreError.conflict("the deal is deleted; restore it before changing it") }
            let draft = try await DealDraft.validate(db, input, current: old, reach: CustomerRepository.scope(principal), by: principal)
            let now = Clock.nowMillis()
            try await Self.bump(db, old, now: now, set: """
                title = \(bind: draft.title), customer_id = \(bind: draft.customerId), owner_id = \(bind: draft.ownerId),
                currency = \(bind: draft.amount.currency.rawValue), amount_minor = \(bind: draft.amount.minorUnits),
                amount_base_minor = \(bind: draft.amountBase.minorUnits), probability = \(bind: draft.probability),
                expected_close_day = \(bind: draft.expectedCloseDay), next_step = \(bind: draft.nextStep), source = \(bind: draft.source)
                """)
            if input.lines != nil {
                try await db.raw("DELETE FROM deal_lines WHERE deal_id = \(bind: id)").run()
                try await Self.writeLines(db, id, draft)
            }
            if input.contactIds != nil {
                try await db.raw("DELETE FROM deal_contacts WHERE deal_id = \(bind: id)").run()
                try await Self.writeContacts(db, id, draft)
            }
            let changes: [(String, String?, String?)] = [
                ("title", old.title, draft.title), ("customerId", String(old.customerId), String(draft.customerId)),
                ("ownerId", old.ownerId.map(String.init), draft.ownerId.map(String.init)),
                ("amount", "\(old.amount.majorString) \(old.amount.currency)", "\(draft.amount.majorString) \(draft.amount.currency)"),
                ("probability", old.probabilityOverride.map { String($0.percent) }, draft.probability.map(String.init)),
                ("expectedClose", old.expectedClose.map { String($0.daysSinceUnixEpoch) }, draft.expectedCloseDay.map(String.init)),
                ("nextStep", old.nextStep, draft.nextStep), ("source", old.source, draft.source),
            ]
            for (field, before, after) in changes where before != after {
                try await AuditLog.record(db, entity: "deal", entityId: id, by: principal, action: "update", field: field, before: before, after: after, at: now)
            }
            if input.lines != nil { try await AuditLog.record(db, entity: "deal", entityId: id, by: principal, action: "update", field: "lines", after: String(draft.lines.count), at: now) }
            try await DealEvents.publish(db, "deal.updated", dealId: id, draft: draft, status: old.status)
        }
        return try await get(id, by: principal)
    }

    /// Soft delete: gone from the board and lists, kept and restorable with its history.
    public func delete(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.dealsWrite, to: "delete deals")
        try await database.transaction { db in
            let old = try await Self.fetch(db, id, by: principal)
            guard !old.isDeleted else { return }
            let now = Clock.nowMillis()
            try await Self.bump(db, old, now: now, set: "deleted_at = \(bind: now)")
            try await AuditLog.record(db, entity: "deal", entityId: id, by: principal, action: "delete", before: old.title, at: now)
        }
    }

    public func restore(_ id: Int64, by principal: Principal) async throws -> Deal {
        try principal.require(.dealsWrite, to: "restore deals")
        try await database.transaction { db in
            let old = try await Self.fetch(db, id, by: principal)
            guard old.isDeleted else { return }
            let now = Clock.nowMillis()
            try await Self.bump(db, old, now: now, set: "deleted_at = NULL")
            try await AuditLog.record(db, entity: "deal", entityId: id, by: principal, action: "restore", after: old.title, at: now)
        }
        return try await get(id, by: principal)
    }

    /// Who changed what on a deal, newest first.
    public func audit(_ id: Int64, limit: Int = 50, by principal: Principal) async throws -> [AuditEntry] {
        _ = try await get(id, by: principal)
        return try await AuditLog.entries(database.sql, entity: "deal", entityId: id, limit: max(1, min(limit, 500)), before: nil)
    }

    // MARK: - writing

    /// Applies `set` if the deal is still at the version read, else `versionMismatch` with the
    /// version someone else left it at: of two people changing a deal at once, exactly one wins.
    static func bump(_ db: any SQLDatabase, _ old: Deal, now: Int64, set: SQLQueryString) async throws {
        let changed = try await db.raw("""
            UPDATE deals SET \(set), version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: old.id) AND version = \(bind: old.version) RETURNING version
            """).first()
        guard changed != nil else {
            let current = try await db.raw("SELECT version FROM deals WHERE id = \(bind: old.id)").first()?.decode(column: "version", as: Int.self)
            throw StoreError.versionMismatch(current: current ?? old.version)
        }
    }

    static func writeLines(_ db: any SQLDatabase, _ id: Int64, _ draft: DealDraft) async throws {
        guard !draft.lines.isEmpty else { return }
        var rows: [[any Encodable & Sendable]] = []
        for (n, line) in draft.lines.enumerated() {
            rows.append([id, Int64(n + 1), line.productId, line.description, line.quantity.thousandths, line.unitPrice.minorUnits, Int64(0)])
        }
        try await db.insertMany("deal_lines (deal_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor)", rows)
    }

    static func writeContacts(_ db: any SQLDatabase, _ id: Int64, _ draft: DealDraft) async throws {
        guard !draft.contactIds.isEmpty else { return }
        try await db.insertMany("deal_contacts (deal_id, contact_id)", draft.contactIds.map { [id, $0] })
    }
}
