import Foundation
import PeyvandCore
import SQLKit

extension CustomerRepository {
    /// Stores many already-validated customers in one transaction (demo data, and later imports):
    /// each row with its lookup keys and a `create` audit row. All or nothing.
    public func insertBatch(_ batch: [(fields: CustomerFields, createdAt: Date)], by principal: Principal) async throws -> [Int64] {
        try await database.transaction { db in
            var ids: [Int64] = []
            ids.reserveCapacity(batch.count)
            for item in batch {
                let at = Clock.millis(item.createdAt)
                let row = try await db.raw("""
                    INSERT INTO customers (kind, name, given_name, family_name, phones, emails, city, stage, owner_id, tags,
                      custom_fields, preferred_channel, consent_email, consent_sms, consent_phone, consent_letter, search_key,
                      organisation_id, job_title, version, created_by, created_at, updated_at)
                    VALUES (\(binds: Self.values(item.fields)), 1, \(bind: principal.userId), \(bind: at), \(bind: at))
                    RETURNING id
                    """).first()
                guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("a customer was not stored") }
                try await Self.writeKeys(db, id: id, fields: item.fields)
                try await AuditLog.record(db, entity: "customer", entityId: id, by: principal, action: "create", after: item.fields.name, at: at)
                ids.append(id)
            }
            return ids
        }
    }
}
