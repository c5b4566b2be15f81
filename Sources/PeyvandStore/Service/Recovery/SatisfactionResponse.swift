import Foundation
import PeyvandCore
import SQLKit

/// Does the handling of a customer's new class (``SatisfactionClass/handling``) inside the
/// transaction that changed it: angry → an urgent recovery case for a manager; dissatisfied → a
/// root-cause task and a reassurance follow-up; satisfied → the nurture list; happy → referral
/// and club offers; enthusiastic → an advocate invitation. Each action is recorded in
/// `satisfaction_actions`, unique per change and action, so it is never done twice.
enum SatisfactionResponse {
    static func classChanged(_ db: any SQLDatabase, change: SatisfactionChange) async throws {
        guard let to = change.to else { return }
        let now = change.at
        switch to {
        case .angry:
            try await angry(db, change, now: now)
        case .dissatisfied:
            try await dissatisfied(db, change, now: now)
        case .satisfied:
            // The nurture list is the customers whose class is satisfied (`/recovery/nurture`); the
            // action row says when they joined it.
            if !(try await done(db, change, .nurtureList)) { try await record(db, change, .nurtureList, at: now) }
        case .happy:
            for handling in [SatisfactionHandling.referralOffer, .clubOffer] {
                if !(try await done(db, change, handling)) { try await offer(db, change, handling, now: now) }
            }
        case .enthusiastic:
            if !(try await done(db, change, .advocateInvitation)) { try await offer(db, change, .advocateInvitation, now: now) }
        }
    }

    /// Who acts for the system in the audit log.
    static let actor = Principal(userId: 0, name: "Satisfaction classes", role: .administrator)

    /// Whether this handling was already done (or skipped) for this change.
    static func done(_ db: any SQLDatabase, _ change: SatisfactionChange, _ handling: SatisfactionHandling) async throws -> Bool {
        try await db.raw("""
            SELECT id FROM satisfaction_actions WHERE change_id = \(bind: change.id) AND action = \(bind: handling.rawValue)
            """).first() != nil
    }

    static func record(_ db: any SQLDatabase, _ change: SatisfactionChange, _ handling: SatisfactionHandling, caseId: Int64? = nil,
                       taskId: Int64? = nil, outboxId: Int64? = nil, skipped reason: String? = nil, at now: Date) async throws {
        try await db.raw("""
            INSERT INTO satisfaction_actions (customer_id, change_id, action, recovery_case_id, task_id, outbox_message_id, at, status, detail)
            VALUES (\(bind: change.customerId), \(bind: change.id), \(bind: handling.rawValue), \(bind: caseId), \(bind: taskId), \(bind: outboxId),
              \(bind: Clock.millis(now)), \(bind: reason == nil ? "done" : "skipped"), \(bind: reason))
            ON CONFLICT (change_id, action) DO NOTHING
            """).run()
    }

    /// The customer's latest open ticket: the one the case or the task is about.
    static func latestOpenTicket(_ db: any SQLDatabase, customerId: Int64) async throws -> (id: Int64, teamId: Int64?, number: String)? {
        guard let row = try await db.raw("""
            SELECT id, team_id, number FROM tickets WHERE customer_id = \(bind: customerId) AND deleted_at IS NULL
              AND status IN ('new', 'open', 'waiting')
            ORDER BY id DESC LIMIT 1
            """).first() else { return nil }
        return (try row.decode(column: "id", as: Int64.self), try row.decode(column: "team_id", as: Int64?.self),
                try row.decode(column: "number", as: String.self))
    }

    /// A manager for a case: the manager of the ticket's team, else of the default team, else an
    /// active channel manager, else an administrator.
    static func manager(_ db: any SQLDatabase, teamId: Int64?) async throws -> Int64? {
        var teams: [Int64] = []
        if let teamId { teams.append(teamId) }
        let defaultTeam: Int64? = try await db.raw("SELECT default_team_id FROM service_settings WHERE id = 1").first()?
            .decode(column: "default_team_id", as: Int64?.self) ?? nil
        if let team = defaultTeam { teams.append(team) }
        for team in teams {
            if let id = try await db.raw("""
                SELECT u.id FROM service_teams t JOIN users u ON u.id = t.manager_id WHERE t.id = \(bind: team) AND u.active = \(bind: true)
                """).first()?.decode(column: "id", as: Int64.self) { return id }
        }
        for role in [Role.channelManager, .administrator] {
            if let id = try await db.raw("""
                SELECT id FROM users WHERE role = \(bind: role.rawValue) AND active = \(bind: true) ORDER BY id LIMIT 1
                """).first()?.decode(column: "id", as: Int64.self) { return id }
        }
        return nil
    }

    /// An internal note on a ticket, in both languages, by the system.
    static func note(_ db: any SQLDatabase, ticketId: Int64, at now: Date, fa: String, en: String) async throws {
        try await db.raw("""
            INSERT INTO ticket_messages (ticket_id, direction, visibility, channel, author_user_id, body, created_at)
            VALUES (\(bind: ticketId), 'note', 'internal', 'system', NULL, \(bind: fa + "\n" + en), \(bind: Clock.millis(now)))
            """).run()
    }

    /// A name or a number inside a sentence of the other direction (FSI … PDI).
    static func isolated(_ text: String) -> String { "\u{2068}" + text + "\u{2069}" }
}
