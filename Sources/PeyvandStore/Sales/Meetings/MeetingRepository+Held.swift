import Foundation
import PeyvandCore
import SQLKit

extension MeetingRepository {
    /// Marks the meeting held, with what came of it. A meeting with a customer logs itself on the
    /// customer's timeline (kind meeting, at its start, its length, the organiser as staff), in the
    /// same transaction; marking it held again adds nothing.
    public func markHeld(_ id: Int64, notes: String?, expectedVersion: Int? = nil, by principal: Principal, now: Date = Date()) async throws -> Meeting {
        try principal.require(.tasksWrite, to: "change meetings")
        var issues: [FieldIssue] = []
        let outcome = SalesText.optional(notes, "notes", max: MeetingInput.Limits.notes, into: &issues)
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        _ = try await get(id, by: principal)
        try await database.transaction { db in
            // One marker at a time per meeting, on every instance.
            if let lock = db.storeDialect.keyLock("meeting-held:\(id)") { try await db.raw(lock).run() }
            let old = try await Self.fetch(db, id)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            switch old.status {
            case .held: return
            case .cancelled: throw StoreError.conflict("a cancelled meeting cannot be marked held")
            case .scheduled: break
            }
            let at = Clock.millis(now)
            var interaction: Int64?
            if let customer = old.customerId {
                let seconds = Int64(max(0, old.endsAt.timeIntervalSince(old.startsAt)))
                let body = [outcome ?? old.notes, old.attendees.isEmpty ? nil : old.attendees.map(\.name).joined(separator: "، ")]
                    .compactMap { $0 }.joined(separator: "\n")
                let row = try await db.raw("""
                    INSERT INTO interactions (customer_id, kind, channel, occurred_at, staff_id, subject, body, outcome, duration_seconds,
                      created_by, created_at)
                    VALUES (\(bind: customer), \(bind: InteractionKind.meeting.rawValue), \(bind: ContactChannel.visit.rawValue),
                      \(bind: Clock.millis(old.startsAt)), \(bind: old.organiserId), \(bind: old.title), \(bind: body.isEmpty ? nil : body),
                      'held', \(bind: seconds), \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: at))
                    RETURNING id
                    """).first()
                guard let iid = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the meeting's interaction was not stored") }
                interaction = iid
                try await AuditLog.record(db, entity: "customer", entityId: customer, by: principal, action: "log",
                                          field: "interaction", after: "meeting #\(iid)", at: at)
                try await DomainEvents.interaction(db, id: iid, customerId: customer, kind: .meeting, direction: nil)
            }
            try await db.raw("""
                UPDATE meetings SET status = 'held', interaction_id = \(bind: interaction),
                  notes = COALESCE(\(bind: outcome), notes), sequence = sequence + 1, version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "meeting", entityId: id, by: principal, action: "held", field: "status",
                                      before: old.status.rawValue, after: "held", at: at)
        }
        return try await Self.fetch(database.sql, id)
    }
}
