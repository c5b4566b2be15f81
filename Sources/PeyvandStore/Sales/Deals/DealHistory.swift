import Foundation
import PeyvandCore
import SQLKit

/// The stages a deal went through: one row per stay, closed when the deal moves on, is won or
/// lost, or reopens.
enum DealHistory {
    /// Ends the deal's current stay (if any) and starts one in `stageId` with `status`.
    static func enter(_ db: any SQLDatabase, dealId: Int64, stageId: Int64, status: DealStatus, at now: Int64, by principal: Principal) async throws {
        try await db.raw("UPDATE deal_stage_history SET left_at = \(bind: now) WHERE deal_id = \(bind: dealId) AND left_at IS NULL").run()
        try await db.raw("""
            INSERT INTO deal_stage_history (deal_id, stage_id, status, entered_at, moved_by)
            VALUES (\(bind: dealId), \(bind: stageId), \(bind: status.rawValue), \(bind: now), \(bind: principal.userId > 0 ? principal.userId : nil))
            """).run()
    }

    static func visits(_ db: any SQLDatabase, dealId: Int64) async throws -> [DealStageVisit] {
        try await db.raw("""
            SELECT h.stage_id, s.name AS stage_name, h.status, h.entered_at, h.left_at, h.moved_by, u.name AS moved_by_name
            FROM deal_stage_history h JOIN pipeline_stages s ON s.id = h.stage_id LEFT JOIN users u ON u.id = h.moved_by
            WHERE h.deal_id = \(bind: dealId) ORDER BY h.entered_at, h.id LIMIT 1000
            """).all().map { row in
            DealStageVisit(stageId: try row.decode(column: "stage_id", as: Int64.self), stageName: try row.decode(column: "stage_name", as: String.self),
                           status: DealStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
                           enteredAt: Clock.date(try row.decode(column: "entered_at", as: Int64.self)),
                           leftAt: try row.decode(column: "left_at", as: Int64?.self).map(Clock.date),
                           movedById: try row.decode(column: "moved_by", as: Int64?.self), movedByName: try row.decode(column: "moved_by_name", as: String?.self))
        }
    }
}
