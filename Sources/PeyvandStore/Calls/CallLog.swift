import Foundation
import PeyvandCore
import SQLKit

/// The telephone's log: what the PBX connector reports (`report`), one row per call, matched to
/// a customer by number. An ended call writes exactly one interaction (kind `call`) on the
/// customer's timeline, in the same transaction; an unknown number's call is kept, without one.
public struct CallLog: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        k.id, k.call_key, k.direction, k.from_number, k.from_raw, k.to_number, k.to_raw, k.customer_id, k.agent_id, k.state,
        k.started_at, k.answered_at, k.ended_at, k.duration_seconds, k.interaction_id, c.name AS customer_name, u.name AS agent_name
        """
    static let joins = "LEFT JOIN customers c ON c.id = k.customer_id AND c.deleted_at IS NULL LEFT JOIN users u ON u.id = k.agent_id"

    /// Applies one report. Idempotent by (call, event): a repeated report changes nothing; a late
    /// `answered` after `ended` corrects the call and its one interaction instead of adding one.
    public func report(_ event: CallEvent, by principal: Principal) async throws -> CallReport {
        try principal.require(.callsReport, to: "report calls")
        let e: CallEvent
        do { e = try event.validated() } catch { throw StoreError.invalid(error) }
        let (id, changed, agent) = try await database.transaction { db in
            if let lock = db.storeDialect.keyLock("call:" + e.callKey) { try await db.raw(lock).run() }
            let agent = try await Self.agent(db, e)
            let at = Clock.millis(e.at), now = Clock.nowMillis()
            guard let row = try await db.raw("SELECT * FROM calls WHERE call_key = \(bind: e.callKey)").first() else {
                let id = try await Self.insert(db, e, agent: agent, at: at, now: now, by: principal)
                if e.kind == .ended { try await Self.logInteraction(db, callId: id, by: principal) }
                return (id, true, agent)
            }
            let id = try row.decode(column: "id", as: Int64.self)
            let started = try row.decode(column: "started_at", as: Int64.self)
            let answered = try row.decode(column: "answered_at", as: Int64?.self)
            let ended = try row.decode(column: "ended_at", as: Int64?.self)
            // An earlier report of any kind moves the start back (reports may arrive out of order).
            if at < started { try await db.raw("UPDATE calls SET started_at = \(bind: at) WHERE id = \(bind: id)").run() }
            let changed = try await Self.apply(db, e, id: id, answered: answered, ended: ended, agent: agent, at: at, now: now)
            // An ended call has its one interaction: written now, or corrected by a late report.
            if ended != nil || e.kind == .ended { try await Self.logInteraction(db, callId: id, by: principal) }
            return (id, changed, agent)
        }
        return CallReport(call: try await Self.fetch(database.sql, id), changed: changed, namedAgentId: agent)
    }

    /// A later report of a call already stored: true when it changed the call's state.
    static func apply(_ db: any SQLDatabase, _ e: CallEvent, id: Int64, answered: Int64?, ended: Int64?, agent: Int64?,
                      at: Int64, now: Int64) async throws -> Bool {
        switch e.kind {
        case .ringing:
            if let agent { try await db.raw("UPDATE calls SET agent_id = \(bind: agent) WHERE id = \(bind: id) AND agent_id IS NULL").run() }
            return false
        case .answered:
            guard answered == nil else { return false }
            // Ended already (the reports crossed): the talking time runs from this answer to that end.
            let answeredAt = ended.map { min(at, $0) } ?? at
            try await db.raw("""
                UPDATE calls SET answered_at = \(bind: answeredAt), agent_id = COALESCE(\(bind: agent), agent_id),
                  state = \(bind: ended == nil ? CallState.answered.rawValue : CallState.ended.rawValue),
                  duration_seconds = \(bind: ended.map { Self.seconds(from: answeredAt, to: $0) }), updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
            return true
        case .ended:
            guard ended == nil else { return false }
            let endedAt = max(at, answered ?? at)
            try await db.raw("""
                UPDATE calls SET ended_at = \(bind: endedAt),
                  state = \(bind: answered == nil ? CallState.missed.rawValue : CallState.ended.rawValue),
                  duration_seconds = \(bind: answered.map { Self.seconds(from: $0, to: endedAt) } ?? 0),
                  agent_id = COALESCE(agent_id, \(bind: answered == nil && e.direction == .inbound ? nil : agent)), updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
            return true
        }
    }

    /// Whole seconds between two instants in milliseconds, never negative, at most a week.
    static func seconds(from start: Int64, to end: Int64) -> Int64 {
        min(max(0, (end - start + 500) / 1000), Int64(InteractionInput.Limits.maxDuration))
    }

    /// The agent a report names: the user id if it is an active member of staff (422 otherwise),
    /// else the active user with that extension (none when no one has it).
    static func agent(_ db: any SQLDatabase, _ e: CallEvent) async throws -> Int64? {
        if let id = e.agentUserId {
            guard try await db.raw("SELECT id FROM users WHERE id = \(bind: id) AND active = \(bind: true)").first() != nil else {
                throw StoreError.invalid(ValidationError(field: "agentUserId", reason: "must be an active member of staff", code: "id.user"))
            }
            return id
        }
        guard let ext = e.agentExtension else { return nil }
        return try await db.raw("SELECT id FROM users WHERE extension = \(bind: ext) AND active = \(bind: true)").first()?
            .decode(column: "id", as: Int64.self)
    }

    /// The first report of a call: its row, with the customer found by the other party's number.
    static func insert(_ db: any SQLDatabase, _ e: CallEvent, agent: Int64?, at: Int64, now: Int64, by principal: Principal) async throws -> Int64 {
        let from = (try? PhoneNumber(parsing: e.from))?.e164, to = (try? PhoneNumber(parsing: e.to))?.e164
        var customer: Int64?
        if let number = e.direction == .inbound ? from : to {
            customer = try await db.raw("""
                SELECT c.id FROM customers c
                WHERE c.id IN (SELECT customer_id FROM customer_keys WHERE kind = 'phone' AND key = \(bind: number)) AND c.deleted_at IS NULL
                ORDER BY c.id DESC LIMIT 1
                """).first()?.decode(column: "id", as: Int64.self)
        }
        let state: CallState = switch e.kind {
        case .ringing: .ringing
        case .answered: .answered
        case .ended: .missed
        }
        let row = try await db.raw("""
            INSERT INTO calls (call_key, direction, from_number, from_raw, to_number, to_raw, customer_id, agent_id, state, started_at,
              answered_at, ended_at, duration_seconds, reported_by, created_at, updated_at)
            VALUES (\(bind: e.callKey), \(bind: e.direction.rawValue), \(bind: from), \(bind: e.from), \(bind: to), \(bind: e.to),
              \(bind: customer), \(bind: e.kind == .ended && e.direction == .inbound ? nil : agent), \(bind: state.rawValue), \(bind: at),
              \(bind: e.kind == .answered ? at : nil), \(bind: e.kind == .ended ? at : nil), \(bind: e.kind == .ended ? Int64(0) : nil),
              \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: now), \(bind: now))
            RETURNING id
            """).first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the call was not stored") }
        return id
    }

    /// Writes the ended call's interaction on its customer's timeline, or corrects the one it has:
    /// kind `call`, its direction, when it started, outcome answered or missed, the talking time,
    /// and as staff the agent who answered (or placed) it. A call with no customer logs nothing.
    static func logInteraction(_ db: any SQLDatabase, callId: Int64, by principal: Principal) async throws {
        let call = try await fetch(db, callId)
        guard let customer = call.customerId, call.endedAt != nil else { return }
        let outcome = call.answeredAt == nil ? "missed" : "answered"
        let staff = call.answeredAt != nil || call.direction == .outbound ? call.agentId : nil
        let duration = Int64(call.durationSeconds ?? 0)
        if let existing = call.interactionId {
            try await db.raw("""
                UPDATE interactions SET outcome = \(bind: outcome), duration_seconds = \(bind: duration), staff_id = \(bind: staff),
                  occurred_at = \(bind: Clock.millis(call.startedAt))
                WHERE id = \(bind: existing)
                """).run()
            return
        }
        let now = Clock.nowMillis()
        let row = try await db.raw("""
            INSERT INTO interactions (customer_id, kind, channel, direction, occurred_at, staff_id, outcome, duration_seconds, created_by, created_at)
            VALUES (\(bind: customer), \(bind: InteractionKind.call.rawValue), \(bind: ContactChannel.phone.rawValue), \(bind: call.direction.rawValue),
              \(bind: Clock.millis(call.startedAt)), \(bind: staff), \(bind: outcome), \(bind: duration),
              \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: now))
            RETURNING id
            """).first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the call's interaction was not stored") }
        try await db.raw("UPDATE calls SET interaction_id = \(bind: id) WHERE id = \(bind: callId)").run()
        try await AuditLog.record(db, entity: "customer", entityId: customer, by: principal, action: "log",
                                  field: "interaction", after: "call #\(id)", at: now)
    }

    static func fetch(_ db: any SQLDatabase, _ id: Int64) async throws -> Call {
        guard let row = try await db.raw("SELECT \(unsafeRaw: columns) FROM calls k \(unsafeRaw: joins) WHERE k.id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "call", id: String(id))
        }
        return try call(row)
    }

    static func call(_ row: any SQLRow) throws -> Call {
        func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(Clock.date) }
        return Call(
            id: try row.decode(column: "id", as: Int64.self), callKey: try row.decode(column: "call_key", as: String.self),
            direction: Direction(rawValue: try row.decode(column: "direction", as: String.self)) ?? .inbound,
            fromNumber: try row.decode(column: "from_number", as: String?.self), fromRaw: try row.decode(column: "from_raw", as: String.self),
            toNumber: try row.decode(column: "to_number", as: String?.self), toRaw: try row.decode(column: "to_raw", as: String.self),
            customerId: try row.decode(column: "customer_id", as: Int64?.self), customerName: try row.decode(column: "customer_name", as: String?.self),
            agentId: try row.decode(column: "agent_id", as: Int64?.self), agentName: try row.decode(column: "agent_name", as: String?.self),
            state: CallState(rawValue: try row.decode(column: "state", as: String.self)) ?? .ringing,
            startedAt: Clock.date(try row.decode(column: "started_at", as: Int64.self)),
            answeredAt: try date("answered_at"), endedAt: try date("ended_at"),
            durationSeconds: try row.decode(column: "duration_seconds", as: Int64?.self).map { Int($0) },
            interactionId: try row.decode(column: "interaction_id", as: Int64?.self)
        )
    }
}
