import Foundation
import PeyvandCore
import SQLKit

/// Leads: captured by hand, through the API, from a file or a web-to-lead form; scored by the
/// rules plus the rep's judgement (need, budget, authority, timing); assigned by the rules the
/// moment they arrive; worked, then converted or disqualified. `sales.read` reads (a sales rep
/// the leads they own), `leads.manage` writes. Every write is audited.
public struct Leads: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func create(_ input: LeadInput, channel: LeadChannel, by principal: Principal) async throws -> Lead {
        try principal.require(.leadsManage, to: "capture leads")
        let fields: LeadFields
        do { fields = try input.validated() } catch { throw StoreError.invalid(error) }
        let id = try await database.transaction { db in
            try await Self.insert(db, fields, channel: channel, formId: nil, by: principal)
        }
        return try await Self.fetch(database.sql, id)
    }

    /// Stores one validated lead inside the caller's transaction: scored, assigned (an owner
    /// given wins; else the rules; else the capturing rep), audited, announced, and its owner
    /// told through the outbox. Returns its id.
    static func insert(_ db: any SQLDatabase, _ f: LeadFields, channel: LeadChannel, formId: Int64?, by principal: Principal,
                       now: Date = Date(), notify: Bool = true) async throws -> Int64 {
        try await CustomerRepository.checkOwner(db, f.ownerId)
        let at = Clock.millis(now)
        let score = try await LeadScoring.score(db, f, channel: channel).total
        var owner = f.ownerId
        if owner == nil { owner = try await LeadAssignment.assign(db, f) }
        if owner == nil, principal.userId > 0, principal.customerScope == .ownedOrShared { owner = principal.userId }
        let source = f.source ?? channel.rawValue
        guard let row = try await db.raw("""
            INSERT INTO leads (status, name, company, email, email_key, phone, phone_e164, province, city, message, channel, source,
              campaign, owner_id, score, need, budget, authority, timing, consent, consent_text, name_key, form_id, assigned_at,
              created_by, created_at, updated_at)
            VALUES ('new', \(bind: f.name), \(bind: f.company), \(bind: f.email), \(bind: f.emailKey), \(bind: f.phone), \(bind: f.phone),
              \(bind: f.province), \(bind: f.city), \(bind: f.message), \(bind: channel.rawValue), \(bind: source), \(bind: f.campaign),
              \(bind: owner), \(bind: score), \(bind: f.need), \(bind: f.budget), \(bind: f.authority), \(bind: f.timing), \(bind: f.consent),
              \(bind: f.consentText), \(bind: CustomerKeys.nameKey(f.name)), \(bind: formId), \(bind: owner.map { _ in at }),
              \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: at), \(bind: at))
            RETURNING id
            """).first() else { throw StoreError.conflict("the lead was not stored") }
        let id = try row.decode(column: "id", as: Int64.self)
        try await AuditLog.record(db, entity: "lead", entityId: id, by: principal, action: "create", after: "\(channel.rawValue): \(f.name)", at: at)
        try await DomainEvents.publish(db, "lead.created", customerId: nil,
                                       data: ["leadId": String(id), "name": f.name, "source": source, "channel": channel.rawValue], at: now)
        if notify, let owner, owner != principal.userId {
            try await LeadNotice.enqueue(db, leadId: id, ownerId: owner, name: f.name, company: f.company, source: source, at: now)
        }
        return id
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> Lead {
        try principal.require(.salesRead, to: "read leads")
        guard let row = try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) \(unsafeRaw: Self.from) WHERE l.id = \(bind: id)
            """ + Self.scope(principal)).first() else { throw StoreError.notFound(entity: "lead", id: String(id)) }
        return try Self.lead(row)
    }

    /// Newest first, keyset-paginated by id; `q` matches the name (Persian-normalised), the
    /// company, the email or the phone.
    public func list(_ query: LeadQuery, by principal: Principal) async throws -> Page<Lead> {
        try principal.require(.salesRead, to: "read leads")
        let limit = max(1, min(query.limit, Page<Lead>.maxLimit))
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) \(unsafeRaw: Self.from) WHERE 1 = 1" + Self.scope(principal)
        if let s = query.status { sql += " AND l.status = \(bind: s.rawValue)" }
        if let o = query.ownerId { sql += " AND l.owner_id = \(bind: o)" }
        if let s = query.source, !s.isEmpty { sql += " AND l.source = \(bind: s)" }
        if let c = query.campaign, !c.isEmpty { sql += " AND l.campaign = \(bind: c)" }
        if let q = query.q?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            let key = "%" + CustomerRepository.escapeLike(CustomerKeys.nameKey(q)) + "%"
            let plain = "%" + CustomerRepository.escapeLike(q.lowercased()) + "%"
            let phone = (try? PhoneNumber(parsing: q))?.e164
            sql += """
                 AND (l.name_key LIKE \(bind: key) ESCAPE '\\' OR lower(l.company) LIKE \(bind: plain) ESCAPE '\\'
                   OR l.email_key LIKE \(bind: plain) ESCAPE '\\' OR l.phone_e164 = \(bind: phone ?? q))
                """
        }
        if let after = query.after { sql += " AND l.id < \(bind: after)" }
        sql += " ORDER BY l.id DESC LIMIT \(bind: limit + 1)"
        let rows = try await database.sql.raw(sql).all().map(Self.lead)
        let items = Array(rows.prefix(limit))
        return Page(items: items, next: rows.count > limit ? items.last.map { Cursor.encode($0.id) } : nil)
    }

    /// How many new leads wait for this person (the in-app notice).
    public func newCount(for principal: Principal) async throws -> Int {
        guard principal.may(.salesRead) else { return 0 }
        let row = try await database.sql.raw("""
            SELECT COUNT(*) AS n FROM leads WHERE owner_id = \(bind: principal.userId) AND status = 'new'
            """).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Replaces the editable fields (the API's PATCH merges onto the current ones first) and,
    /// optionally, moves the status among new, working and qualified. Rescored; a new owner is
    /// told. With `expectedVersion`, refuses a lost update.
    public func update(_ id: Int64, with input: LeadInput, status: LeadStatus? = nil, expectedVersion: Int?, by principal: Principal) async throws -> Lead {
        try principal.require(.leadsManage, to: "change leads")
        let f: LeadFields
        do { f = try input.validated() } catch { throw StoreError.invalid(error) }
        if let status, !status.isOpen {
            throw StoreError.invalid(ValidationError(field: "status", reason: "must be new, working or qualified; convert or disqualify instead",
                                                     code: "lead.status"))
        }
        try await database.transaction { db in
            let old = try await Self.fetch(db, id, lock: true)
            if principal.customerScope != .all, old.ownerId != principal.userId { throw StoreError.notFound(entity: "lead", id: String(id)) }
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            guard old.status.isOpen else { throw StoreError.conflict("the lead is \(old.status.rawValue); it can no longer be changed") }
            try await CustomerRepository.checkOwner(db, f.ownerId)
            let score = try await LeadScoring.score(db, f, channel: old.channel).total
            let now = Clock.nowMillis()
            let newStatus = status ?? old.status
            let ownerChanged = f.ownerId != old.ownerId
            try await db.raw("""
                UPDATE leads SET status = \(bind: newStatus.rawValue), name = \(bind: f.name), company = \(bind: f.company),
                  email = \(bind: f.email), email_key = \(bind: f.emailKey), phone = \(bind: f.phone), phone_e164 = \(bind: f.phone),
                  province = \(bind: f.province), city = \(bind: f.city), message = \(bind: f.message),
                  source = \(bind: f.source ?? old.source), campaign = \(bind: f.campaign), owner_id = \(bind: f.ownerId),
                  score = \(bind: score), need = \(bind: f.need), budget = \(bind: f.budget), authority = \(bind: f.authority),
                  timing = \(bind: f.timing), name_key = \(bind: CustomerKeys.nameKey(f.name)),
                  assigned_at = \(bind: ownerChanged ? (f.ownerId.map { _ in now }) : old.assignedAt.map(Clock.millis)),
                  version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
            for (field, before, after) in Self.changes(old, f, status: newStatus, score: score) {
                try await AuditLog.record(db, entity: "lead", entityId: id, by: principal, action: "update", field: field,
                                          before: before, after: after, at: now)
            }
            if ownerChanged, let owner = f.ownerId, owner != principal.userId {
                try await LeadNotice.enqueue(db, leadId: id, ownerId: owner, name: f.name, company: f.company, source: f.source ?? old.source,
                                             at: Clock.date(now))
            }
        }
        return try await Self.fetch(database.sql, id)
    }

    static func changes(_ old: Lead, _ f: LeadFields, status: LeadStatus, score: Int) -> [(String, String?, String?)] {
        func b(_ v: Bool?) -> String? { v.map { $0 ? "yes" : "no" } }
        let pairs: [(String, String?, String?)] = [
            ("status", old.status.rawValue, status.rawValue), ("name", old.name, f.name), ("company", old.company, f.company),
            ("email", old.email, f.email), ("phone", old.phone, f.phone), ("province", old.province, f.province), ("city", old.city, f.city),
            ("message", old.message, f.message), ("source", old.source, f.source ?? old.source), ("campaign", old.campaign, f.campaign),
            ("ownerId", old.ownerId.map(String.init), f.ownerId.map(String.init)), ("need", b(old.need), b(f.need)),
            ("budget", b(old.budget), b(f.budget)), ("authority", b(old.authority), b(f.authority)), ("timing", b(old.timing), b(f.timing)),
            ("score", String(old.score), String(score)),
        ]
        return pairs.filter { $0.1 != $0.2 }
    }

    /// Closes an open lead as not worth pursuing, with the reason (required).
    public func disqualify(_ id: Int64, reason: String, expectedVersion: Int? = nil, by principal: Principal) async throws -> Lead {
        try principal.require(.leadsManage, to: "disqualify leads")
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { throw StoreError.invalid(ValidationError(field: "reason", reason: "is required", code: "required")) }
        if reason.unicodeScalars.count > 1000 {
            throw StoreError.invalid(ValidationError(field: "reason", reason: "must be at most 1000 characters", code: "text.tooLong", params: ["max": "1000"]))
        }
        try await database.transaction { db in
            let old = try await Self.fetch(db, id, lock: true)
            if principal.customerScope != .all, old.ownerId != principal.userId { throw StoreError.notFound(entity: "lead", id: String(id)) }
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            guard old.status.isOpen else { throw StoreError.conflict("the lead is already \(old.status.rawValue)") }
            let now = Clock.nowMillis()
            try await db.raw("""
                UPDATE leads SET status = 'disqualified', disqualify_reason = \(bind: reason), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "lead", entityId: id, by: principal, action: "disqualify", field: "status",
                                      before: old.status.rawValue, after: reason, at: now)
            try await DomainEvents.publish(db, "lead.disqualified", customerId: nil, data: ["leadId": String(id), "reason": reason])
        }
        return try await Self.fetch(database.sql, id)
    }

    /// Keeps a note on a lead (copied onto the customer's timeline when it converts).
    public func addNote(_ id: Int64, body: String, by principal: Principal) async throws -> LeadNote {
        try principal.require(.leadsManage, to: "keep notes on leads")
        _ = try await get(id, by: principal)
        let body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { throw StoreError.invalid(ValidationError(field: "body", reason: "is required", code: "required")) }
        if body.unicodeScalars.count > 4000 {
            throw StoreError.invalid(ValidationError(field: "body", reason: "must be at most 4000 characters", code: "text.tooLong", params: ["max": "4000"]))
        }
        let noteId = try await database.transaction { db in
            let now = Clock.nowMillis()
            guard let row = try await db.raw("""
                INSERT INTO lead_notes (lead_id, body, author_id, created_at) VALUES (\(bind: id), \(bind: body), \(bind: principal.userId), \(bind: now))
                RETURNING id
                """).first() else { throw StoreError.conflict("the note was not stored") }
            try await AuditLog.record(db, entity: "lead", entityId: id, by: principal, action: "note", after: String(body.prefix(200)), at: now)
            return try row.decode(column: "id", as: Int64.self)
        }
        return try await notes(id, by: principal).first { $0.id == noteId } ?? LeadNote(id: noteId, body: body, authorName: principal.name, createdAt: Date())
    }

    public func notes(_ id: Int64, by principal: Principal) async throws -> [LeadNote] {
        _ = try await get(id, by: principal)
        return try await Self.notes(database.sql, id)
    }

    static func notes(_ db: any SQLDatabase, _ id: Int64) async throws -> [LeadNote] {
        try await db.raw("""
            SELECT n.id, n.body, n.created_at, u.name FROM lead_notes n LEFT JOIN users u ON u.id = n.author_id
            WHERE n.lead_id = \(bind: id) ORDER BY n.id LIMIT 200
            """).all().map { row in
            LeadNote(id: try row.decode(column: "id", as: Int64.self), body: try row.decode(column: "body", as: String.self),
                     authorName: try row.decode(column: "name", as: String?.self),
                     createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)))
        }
    }

    /// The lead's history: who captured, changed, assigned, converted or disqualified it.
    public func audit(_ id: Int64, by principal: Principal) async throws -> [AuditEntry] {
        _ = try await get(id, by: principal)
        return try await AuditLog.entries(database.sql, entity: "lead", entityId: id, limit: 100, before: nil)
    }
}
