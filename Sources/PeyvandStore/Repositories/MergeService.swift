import Foundation
import PeyvandCore
import SQLKit

/// One merge, as listed and undone.
public struct MergeRecord: Sendable, Hashable {
    public let id: Int64
    public let targetId: Int64
    public let sourceId: Int64
    public let mergedAt: Date
    public let undoneAt: Date?
}

/// Merges a duplicate into the customer that stays: its history (interactions, its people,
/// shares — and deals, orders and tickets as those areas land, through `movable`) moves over,
/// its phones, emails, tags and custom fields are united, and it is soft-deleted pointing to the
/// survivor. Every merge is recorded with what it moved, so it can be undone exactly.
public struct MergeService: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The tables whose rows belong to a customer: (table, customer column). Areas add theirs here.
    static let movable: [(table: String, column: String)] = [
        ("interactions", "customer_id"),
        ("documents", "customer_id"),
        ("customers", "organisation_id"),
        ("orders", "customer_id"),
        ("invoices", "customer_id"),
        ("payments", "customer_id"),
        ("returns", "customer_id"),
        ("commerce_events", "customer_id"),
    ]

    struct Moved: Codable {
        var rows: [String: [Int64]]
        var shares: [Int64]
        /// Relations that touched the merged customer, as they were, and as they were rewritten to
        /// the survivor (absent in merges recorded before relations moved).
        var relationsBefore: [RelationRow]?
        var relationsAdded: [RelationRow]?
    }

    public func merge(_ sourceId: Int64, into targetId: Int64, by principal: Principal) async throws -> MergeRecord {
        try principal.require(.customersDelete, to: "merge customers")
        guard sourceId != targetId else {
            throw StoreError.invalid(ValidationError(field: "sourceId", reason: "a customer cannot be merged into itself", code: "merge.self"))
        }
        let customers = CustomerRepository(database)
        let source = try await customers.get(sourceId, by: principal)
        let target = try await customers.get(targetId, by: principal)
        guard !target.isDeleted else { throw StoreError.conflict("customer \(targetId) is deleted; restore it before merging into it") }
        guard !source.isDeleted else { throw StoreError.conflict("customer \(sourceId) is deleted already") }
        if source.fields.kind == .organisation,
           target.fields.kind == .person { throw StoreError.conflict("an organisation cannot be merged into a person") }
        let id = try await database.transaction { db in
            let now = Clock.nowMillis()
            var moved = Moved(rows: [:], shares: [])
            for (table, column) in Self.movable {
                let rows = try await db.raw("SELECT id FROM \(ident: table) WHERE \(ident: column) = \(bind: sourceId)").all()
                let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
                moved.rows["\(table).\(column)"] = ids
                if !ids.isEmpty {
                    try await db.raw("UPDATE \(ident: table) SET \(ident: column) = \(bind: targetId) WHERE \(ident: column) = \(bind: sourceId)").run()
                }
            }
            let shares = try await db.raw("""
                SELECT user_id FROM customer_shares s WHERE customer_id = \(bind: sourceId)
                  AND NOT EXISTS (SELECT 1 FROM customer_shares t WHERE t.customer_id = \(bind: targetId) AND t.user_id = s.user_id)
                """).all().map { try $0.decode(column: "user_id", as: Int64.self) }
            for user in shares {
                try await db.raw("INSERT INTO customer_shares (customer_id, user_id) VALUES (\(bind: targetId), \(bind: user))").run()
            }
            moved.shares = shares
            (moved.relationsBefore, moved.relationsAdded) = try await RelationRow.move(db, from: sourceId, to: targetId)
            let current = try await CustomerRepository.fetch(db, targetId)
            try await CustomerRepository.updateRow(db, old: current, current.fields.absorbing(source.fields), by: principal)
            try await db.raw("""
                UPDATE customers SET deleted_at = \(bind: now), merged_into = \(bind: targetId), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: sourceId)
                """).run()
            let row = try await db.raw("""
                INSERT INTO merges (target_id, source_id, target_before, moved, merged_by, merged_at)
                VALUES (\(bind: targetId), \(bind: sourceId), \(bind: JSONText.encode(current.fields)), \(bind: JSONText.encode(moved)),
                        \(bind: principal.userId), \(bind: now))
                RETURNING id
                """).first()
            let mergeId = try row?.decode(column: "id", as: Int64.self) ?? 0
            try await AuditLog.record(db, entity: "customer", entityId: targetId, by: principal, action: "merge",
                                      field: "mergedFrom", after: "\(source.fields.name) #\(sourceId)", at: now)
            try await AuditLog.record(db, entity: "customer", entityId: sourceId, by: principal, action: "merge",
                                      field: "mergedInto", after: "\(target.fields.name) #\(targetId)", at: now)
            // The survivor's evidence grew: its satisfaction class is assessed again.
            try await SatisfactionAssessment.reassess(db, customerId: targetId, cause: "manual", now: Clock.date(now))
            return mergeId
        }
        return try await record(id)
    }

    /// Puts everything back as it was before merge `id`: the moved rows and shares return, the
    /// survivor's fields are restored, the merged customer comes back.
    public func undo(_ id: Int64, by principal: Principal) async throws -> MergeRecord {
        try principal.require(.customersDelete, to: "undo merges")
        let merge = try await record(id)
        guard merge.undoneAt == nil else { throw StoreError.conflict("merge \(id) was undone already") }
        _ = try await CustomerRepository(database).get(merge.targetId, by: principal)
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT target_before, moved FROM merges WHERE id = \(bind: id) AND undone_at IS NULL").first(),
                  let before = JSONText.decode(CustomerFields.self, try row.decode(column: "target_before", as: String.self)),
                  let moved = JSONText.decode(Moved.self, try row.decode(column: "moved", as: String.self)) else {
                throw StoreError.conflict("merge \(id) cannot be undone")
            }
            let later = try await db.raw("""
                SELECT id FROM merges WHERE target_id = \(bind: merge.targetId) AND id > \(bind: id) AND undone_at IS NULL LIMIT 1
                """).first()
            if later != nil { throw StoreError.conflict("undo the later merges into this customer first") }
            let now = Clock.nowMillis()
            for (table, column) in Self.movable {
                let ids = moved.rows["\(table).\(column)"] ?? []
                if !ids.isEmpty {
                    try await db.raw("""
                        UPDATE \(ident: table) SET \(ident: column) = \(bind: merge.sourceId)
                        WHERE id IN (\(binds: ids)) AND \(ident: column) = \(bind: merge.targetId)
                        """).run()
                }
            }
            try await RelationRow.restore(db, before: moved.relationsBefore ?? [], added: moved.relationsAdded ?? [])
            for user in moved.shares {
                try await db.raw("DELETE FROM customer_shares WHERE customer_id = \(bind: merge.targetId) AND user_id = \(bind: user)").run()
            }
            let current = try await CustomerRepository.fetch(db, merge.targetId)
            try await CustomerRepository.updateRow(db, old: current, before, by: principal)
            try await db.raw("""
                UPDATE customers SET deleted_at = NULL, merged_into = NULL, version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: merge.sourceId)
                """).run()
            try await db.raw("UPDATE merges SET undone_at = \(bind: now) WHERE id = \(bind: id)").run()
            for customer in [merge.targetId, merge.sourceId] {
                try await AuditLog.record(db, entity: "customer", entityId: customer, by: principal, action: "unmerge",
                                          field: "merge", before: "#\(merge.sourceId) → #\(merge.targetId)", at: now)
                try await SatisfactionAssessment.reassess(db, customerId: customer, cause: "manual", now: Clock.date(now))  // satisfaction classes
            }
        }
        return try await record(id)
    }

    public func record(_ id: Int64) async throws -> MergeRecord {
        guard let row = try await database.sql.raw("""
            SELECT id, target_id, source_id, merged_at, undone_at FROM merges WHERE id = \(bind: id)
            """).first() else { throw StoreError.notFound(entity: "merge", id: String(id)) }
        return MergeRecord(
            id: try row.decode(column: "id", as: Int64.self), targetId: try row.decode(column: "target_id", as: Int64.self),
            sourceId: try row.decode(column: "source_id", as: Int64.self),
            mergedAt: Clock.date(try row.decode(column: "merged_at", as: Int64.self)),
            undoneAt: try row.decode(column: "undone_at", as: Int64?.self).map(Clock.date))
    }

    /// The merges into a customer, newest first.
    public func merges(into targetId: Int64) async throws -> [MergeRecord] {
        try await database.sql.raw("SELECT id FROM merges WHERE target_id = \(bind: targetId) ORDER BY id DESC LIMIT 50").all()
            .asyncMap { try await record(try $0.decode(column: "id", as: Int64.self)) }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
