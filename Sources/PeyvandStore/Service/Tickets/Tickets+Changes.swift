import Foundation
import PeyvandCore
import SQLKit

/// What a change of a ticket sets (nil: leave as it is).
public struct TicketChange: Sendable, Hashable {
    public var status: TicketStatus?
    public var priority: TicketPriority?
    public var category: TicketCategory?
    public var subject: String?

    public init(status: TicketStatus? = nil, priority: TicketPriority? = nil, category: TicketCategory? = nil, subject: String? = nil) {
        (self.status, self.priority, self.category, self.subject) = (status, priority, category, subject)
    }
}

extension Tickets {
    /// Changes status, priority, category or subject. A merged ticket changes no more (409); a
    /// status is one of open, waiting, resolved, closed (422 otherwise). With `expectedVersion`,
    /// refuses a lost update (412). A ticket becoming resolved sends its survey in the same
    /// transaction (``SurveySender``), once per ticket.
    public func change(_ id: Int64, _ change: TicketChange, expectedVersion: Int?, by principal: Principal, now: Date = Date()) async throws -> Ticket {
        try principal.require(.ticketsWrite, to: "change tickets")
        if let s = change.status, !TicketStatus.settable.contains(s) {
            throw StoreError.invalid(ValidationError(field: "status", reason: "must be open, waiting, resolved or closed", code: "ticket.status"))
        }
        let subject = change.subject?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let subject, subject.isEmpty { throw StoreError.invalid(ValidationError(field: "subject", reason: "is required", code: "required")) }
        try await database.transaction { db in
            let old = try await Self.fetch(db, id, lock: true)
            try await Self.checkReach(db, old, by: principal)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            guard old.status != .merged else { throw StoreError.conflict("ticket \(old.number) was merged into another; change that one") }
            let at = Clock.millis(now)
            let status = change.status ?? old.status
            let priority = change.priority ?? old.priority
            let category = change.category ?? old.category
            let newSubject = subject.map { String($0.prefix(TicketInput.subjectLimit)) } ?? old.subject
            let statusChanged = status != old.status
            try await db.raw("""
                UPDATE tickets SET status = \(bind: status.rawValue), priority = \(bind: priority.rawValue), category = \(bind: category.rawValue),
                  subject = \(bind: newSubject),
                  waiting_since = \(bind: status == .waiting ? (statusChanged ? at : old.waitingSince.map(Clock.millis)) : nil),
                  resolved_at = \(bind: status == .resolved ? (statusChanged ? at : old.resolvedAt.map(Clock.millis)) : (status == .closed ? old.resolvedAt.map(Clock.millis) : nil)),
                  closed_at = \(bind: status == .closed ? (statusChanged ? at : old.closedAt.map(Clock.millis)) : nil),
                  version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id)
                """).run()
            for (field, before, after) in [("status", old.status.rawValue, status.rawValue), ("priority", old.priority.rawValue, priority.rawValue),
                                           ("category", old.category.rawValue, category.rawValue), ("subject", old.subject, newSubject)]
                where before != after {
                try await AuditLog.record(db, entity: "ticket", entityId: id, by: principal, action: "update", field: field, before: before, after: after, at: at)
            }
            try await TicketSLA.moved(db, id, now: now)
            // Opened, resolved, reopened or made a complaint: evidence for the satisfaction class.
            if statusChanged || category != old.category {
                try await SatisfactionAssessment.reassess(db, customerId: old.customerId, cause: "ticket", now: now)
            }
            if statusChanged {
                try await DomainEvents.publish(db, "ticket.\(status.rawValue)", customerId: old.customerId,
                                               data: ["ticketId": String(id), "number": old.number, "from": old.status.rawValue], at: now)
            }
            // Resolved: the customer is asked how it went, once per ticket (a survey, when the settings ask for one).
            if statusChanged, status == .resolved { try await SurveySender.afterResolution(db, old, now: now) }
        }
        return try await Self.fetch(database.sql, id)
    }

    /// Hands the ticket to another agent and/or team, with the reason (kept in its assignment
    /// history and the audit log). An agent named without a team keeps the team; a team named
    /// without an agent hands it to that team's next agent by the team's routing.
    public func assign(_ id: Int64, to userId: Int64?, team teamId: Int64?, reason: String, expectedVersion: Int?, by principal: Principal,
                       now: Date = Date()) async throws -> Ticket {
        try principal.require(.ticketsAssign, to: "reassign tickets")
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var issues: [FieldIssue] = []
        if reason.isEmpty { issues.append(FieldIssue(field: "reason", reason: "is required", code: "required")) }
        if reason.unicodeScalars.count > 1000 { issues.append(FieldIssue(field: "reason", reason: "must be at most 1000 characters", code: "text.tooLong", params: ["max": "1000"])) }
        if userId == nil && teamId == nil { issues.append(FieldIssue(field: "assigneeId", reason: "name an agent or a team", code: "required")) }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        try await database.transaction { db in
            let old = try await Self.fetch(db, id, lock: true)
            try await Self.checkReach(db, old, by: principal)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            guard old.status.isOpen || old.status == .resolved else {
                throw StoreError.conflict("ticket \(old.number) is \(old.status.rawValue); it is handed on no more")
            }
            var checks: [FieldIssue] = []
            if let userId, try await db.raw("SELECT id FROM users WHERE id = \(bind: userId) AND active = \(bind: true)").first() == nil {
                checks.append(FieldIssue(field: "assigneeId", reason: "must be an active member of staff", code: "id.user"))
            }
            if let teamId, try await db.raw("SELECT id FROM service_teams WHERE id = \(bind: teamId)").first() == nil {
                checks.append(FieldIssue(field: "teamId", reason: "no team has this id", code: "ref.unknown"))
            }
            if !checks.isEmpty { throw StoreError.invalid(ValidationError(checks)) }
            let team = teamId ?? old.teamId
            var assignee = userId
            if assignee == nil, let teamId {
                assignee = try await TicketRouting.pick(db, team: teamId, category: old.category, language: old.language, at: now)
            }
            let at = Clock.millis(now)
            try await db.raw("""
                UPDATE tickets SET assignee_id = \(bind: assignee), team_id = \(bind: team), version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id)
                """).run()
            try await db.raw("""
                INSERT INTO ticket_assignments (ticket_id, from_user_id, to_user_id, from_team_id, to_team_id, reason, by_user_id, at)
                VALUES (\(bind: id), \(bind: old.assigneeId), \(bind: assignee), \(bind: old.teamId), \(bind: team), \(bind: reason),
                  \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: at))
                """).run()
            try await AuditLog.record(db, entity: "ticket", entityId: id, by: principal, action: "assign", field: "assigneeId",
                                      before: old.assigneeId.map(String.init), after: (assignee.map(String.init) ?? "") + " — " + String(reason.prefix(200)), at: at)
            if let assignee, assignee != principal.userId {
                try await TicketNotice.enqueue(db, ticketId: id, number: old.number, subject: old.subject, to: assignee, at: now)
            }
            // Another team keeps other hours.
            try await TicketSLA.moved(db, id, now: now)
        }
        return try await Self.fetch(database.sql, id)
    }

    /// Folds a duplicate into another ticket of the same customer: its messages move under the
    /// survivor (each remembering where it was written), it becomes `merged` and points there, and
    /// whatever arrives on its conversation goes to the survivor. Refused with nothing changed:
    /// into itself or another customer's ticket (422), from or into a merged ticket (409).
    public func merge(_ id: Int64, into targetId: Int64, expectedVersion: Int?, by principal: Principal, now: Date = Date()) async throws -> Ticket {
        try principal.require(.ticketsAssign, to: "merge tickets")
        if id == targetId {
            throw StoreError.invalid(ValidationError(field: "intoId", reason: "a ticket cannot be merged into itself", code: "ticket.mergeSelf"))
        }
        try await database.transaction { db in
            if try await db.raw("SELECT id FROM tickets WHERE id = \(bind: targetId) AND deleted_at IS NULL").first() == nil {
                _ = try await Self.fetch(db, id)
                throw StoreError.invalid(ValidationError(field: "intoId", reason: "no ticket in reach has this id", code: "ref.unknown"))
            }
            // Lock both in id order, so two merges crossing each other cannot deadlock.
            let (first, second) = id < targetId ? (id, targetId) : (targetId, id)
            let a = try await Self.fetch(db, first, lock: true)
            let b = try await Self.fetch(db, second, lock: true)
            let (source, target) = a.id == id ? (a, b) : (b, a)
            try await Self.checkReach(db, source, by: principal)
            do { try await Self.checkReach(db, target, by: principal) } catch {
                throw StoreError.invalid(ValidationError(field: "intoId", reason: "no ticket in reach has this id", code: "ref.unknown"))
            }
            if let expectedVersion, expectedVersion != source.version { throw StoreError.versionMismatch(current: source.version) }
            guard source.status != .merged else { throw StoreError.conflict("ticket \(source.number) was already merged") }
            guard target.status != .merged else { throw StoreError.conflict("ticket \(target.number) was merged into another; merge into that one") }
            guard source.customerId == target.customerId else {
                throw StoreError.invalid(ValidationError(field: "intoId", reason: "the tickets are of different customers", code: "ticket.mergeCustomer"))
            }
            let at = Clock.millis(now)
            try await db.raw("""
                UPDATE ticket_messages SET merged_from_id = COALESCE(merged_from_id, ticket_id), ticket_id = \(bind: target.id)
                WHERE ticket_id = \(bind: source.id)
                """).run()
            try await db.raw("""
                UPDATE tickets SET status = 'merged', merged_into_id = \(bind: target.id), version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: source.id)
                """).run()
            let reopen = target.status == .closed || target.status == .resolved
            try await db.raw("""
                UPDATE tickets SET last_message_at = \(bind: max(Clock.millis(target.lastMessageAt), Clock.millis(source.lastMessageAt))),
                  thread_id = COALESCE(thread_id, \(bind: source.threadId)),
                  status = \(bind: reopen ? TicketStatus.open.rawValue : target.status.rawValue), closed_at = \(bind: reopen ? nil : target.closedAt.map(Clock.millis)),
                  version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: target.id)
                """).run()
            try await TicketSLA.moved(db, source.id, now: now)
            try await TicketSLA.moved(db, target.id, now: now)
            try await SatisfactionAssessment.reassess(db, customerId: source.customerId, cause: "ticket", now: now)  // satisfaction classes
            try await AuditLog.record(db, entity: "ticket", entityId: source.id, by: principal, action: "merge", field: "mergedIntoId",
                                      after: target.number, at: at)
            try await AuditLog.record(db, entity: "ticket", entityId: target.id, by: principal, action: "merge", field: "mergedFrom",
                                      after: source.number, at: at)
        }
        return try await Self.fetch(database.sql, targetId)
    }
}
