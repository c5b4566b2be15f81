import Foundation
import PeyvandCore
import SQLKit

extension Deals {
    /// Moves an open deal to another stage of its own pipeline. A stage of another pipeline, an
    /// archived stage or a closed deal is refused; with `expectedVersion`, so is a deal someone
    /// moved or changed since (`versionMismatch`): of two reps moving it at once, one wins.
    public func move(_ id: Int64, toStage stageId: Int64, expectedVersion: Int?, by principal: Principal) async throws -> Deal {
        try principal.require(.dealsWrite, to: "move deals")
        try await database.transaction { db in
            let old = try await Self.fetch(db, id, by: principal)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            try Self.requireOpen(old, to: "move")
            guard let row = try await db.raw("SELECT pipeline_id, archived FROM pipeline_stages WHERE id = \(bind: stageId)").first() else {
                throw StoreError.invalid(ValidationError(field: "stageId", reason: "no stage has this id", code: "ref.unknown"))
            }
            guard try row.decode(column: "pipeline_id", as: Int64.self) == old.pipelineId else {
                throw StoreError.invalid(ValidationError(field: "stageId", reason: "the stage is not in this deal's pipeline", code: "deal.stagePipeline"))
            }
            guard try !row.decode(column: "archived", as: Bool.self) else {
                throw StoreError.invalid(ValidationError(field: "stageId", reason: "the stage is archived", code: "deal.stageArchived"))
            }
            guard stageId != old.stageId else { return }
            let now = Clock.nowMillis()
            try await Self.bump(db, old, now: now, set: "stage_id = \(bind: stageId), stage_entered_at = \(bind: now)")
            try await DealHistory.enter(db, dealId: id, stageId: stageId, status: .open, at: now, by: principal)
            try await AuditLog.record(db, entity: "deal", entityId: id, by: principal, action: "move", field: "stageId",
                                      before: String(old.stageId), after: String(stageId), at: now)
            try await DealEvents.publish(db, "deal.stage-changed", deal: old, stageId: stageId, extra: ["fromStageId": String(old.stageId)])
        }
        return try await get(id, by: principal)
    }

    /// Closes an open deal as won or lost, saying why (required when lost) and to which competitor.
    public func close(_ id: Int64, won: Bool, reason: String?, competitor: String?, expectedVersion: Int?, by principal: Principal) async throws -> Deal {
        try principal.require(.dealsWrite, to: "close deals")
        var issues: [FieldIssue] = []
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let competitor = competitor?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if !won, reason == nil { issues.append(FieldIssue(field: "reason", reason: "is required", code: "required")) }
        if let r = reason, r.count > 500 { issues.append(FieldIssue(field: "reason", reason: "must be at most 500 characters", code: "text.tooLong", params: ["max": "500"])) }
        if let c = competitor, c.count > 200 { issues.append(FieldIssue(field: "competitor", reason: "must be at most 200 characters", code: "text.tooLong", params: ["max": "200"])) }
        guard issues.isEmpty else { throw StoreError.invalid(ValidationError(issues)) }
        let status: DealStatus = won ? .won : .lost
        try await database.transaction { db in
            let old = try await Self.fetch(db, id, by: principal)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            try Self.requireOpen(old, to: won ? "win" : "lose")
            let now = Clock.nowMillis()
            try await Self.bump(db, old, now: now, set: """
                status = \(bind: status.rawValue), lost_reason = \(bind: reason), competitor = \(bind: competitor), closed_at = \(bind: now)
                """)
            try await DealHistory.enter(db, dealId: id, stageId: old.stageId, status: status, at: now, by: principal)
            try await AuditLog.record(db, entity: "deal", entityId: id, by: principal, action: status.rawValue, field: "status",
                                      before: old.status.rawValue, after: [status.rawValue, reason, competitor].compactMap { $0 }.joined(separator: " · "), at: now)
            var extra: [String: String] = [:]
            if let reason { extra["reason"] = reason }
            if let competitor { extra["competitor"] = competitor }
            try await DealEvents.publish(db, won ? "deal.won" : "deal.lost", deal: old, status: status, extra: extra)
        }
        return try await get(id, by: principal)
    }

    /// Puts a won or lost deal back in play, in the stage it was closed in.
    public func reopen(_ id: Int64, expectedVersion: Int?, by principal: Principal) async throws -> Deal {
        try principal.require(.dealsWrite, to: "reopen deals")
        try await database.transaction { db in
            let old = try await Self.fetch(db, id, by: principal)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            if old.isDeleted { throw StoreError.conflict("the deal is deleted; restore it first") }
            guard old.status != .open else { throw StoreError.conflict("the deal is already open") }
            let now = Clock.nowMillis()
            try await Self.bump(db, old, now: now, set: "status = 'open', lost_reason = NULL, competitor = NULL, closed_at = NULL, stage_entered_at = \(bind: now)")
            try await DealHistory.enter(db, dealId: id, stageId: old.stageId, status: .open, at: now, by: principal)
            try await AuditLog.record(db, entity: "deal", entityId: id, by: principal, action: "reopen", field: "status",
                                      before: old.status.rawValue, after: "open", at: now)
            try await DealEvents.publish(db, "deal.reopened", deal: old, status: .open)
        }
        return try await get(id, by: principal)
    }

    /// Every stage the deal stayed in, oldest first, with when it came and left.
    public func history(_ id: Int64, by principal: Principal) async throws -> [DealStageVisit] {
        _ = try await get(id, by: principal)
        return try await DealHistory.visits(database.sql, dealId: id)
    }

    static func requireOpen(_ deal: Deal, to action: String) throws {
        if deal.isDeleted { throw StoreError.conflict("the deal is deleted; restore it first") }
        guard deal.status == .open else { throw StoreError.conflict("the deal is \(deal.status.rawValue); reopen it to \(action) it") }
    }
}
