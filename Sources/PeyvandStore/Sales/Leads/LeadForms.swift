import Foundation
import PeyvandCore
import SQLKit

/// Web-to-lead forms: set up with `sales.configure`, read with `sales.read`; found by their
/// public key by the public endpoint, which takes submissions through ``submit(key:_:address:honeypot:now:)``.
public struct LeadForms: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        id, public_key, name, source, campaign, language, consent_fa, consent_en, consent_channels, thank_you_url, thank_you_fa,
        thank_you_en, per_minute, per_hour, active, version, created_at
        """

    static func form(_ row: any SQLRow) throws -> LeadForm {
        func text(_ c: String) throws -> String? { try row.decode(column: c, as: String?.self) }
        return LeadForm(
            id: try row.decode(column: "id", as: Int64.self), publicKey: try row.decode(column: "public_key", as: String.self),
            name: try row.decode(column: "name", as: String.self), source: try row.decode(column: "source", as: String.self),
            campaign: try text("campaign"), language: try row.decode(column: "language", as: String.self),
            consentFa: try text("consent_fa"), consentEn: try text("consent_en"),
            consentChannels: try row.decode(column: "consent_channels", as: String.self).split(separator: ",").map(String.init),
            thankYouURL: try text("thank_you_url"), thankYouFa: try text("thank_you_fa"), thankYouEn: try text("thank_you_en"),
            perMinute: try row.decode(column: "per_minute", as: Int.self), perHour: try row.decode(column: "per_hour", as: Int.self),
            active: try row.decode(column: "active", as: Bool.self), version: try row.decode(column: "version", as: Int.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self))
        )
    }

    public func list(by principal: Principal) async throws -> [LeadForm] {
        try principal.require(.salesRead, to: "read lead forms")
        return try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM lead_forms ORDER BY id LIMIT 500").all().map(Self.form)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> LeadForm {
        try principal.require(.salesRead, to: "read lead forms")
        guard let row = try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM lead_forms WHERE id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "lead form", id: String(id))
        }
        return try Self.form(row)
    }

    /// An active form by its public key (the public endpoint; no one signed in).
    public func active(key: String) async throws -> LeadForm? {
        guard key.count <= 100 else { return nil }
        let row = try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM lead_forms WHERE public_key = \(bind: key) AND active = \(bind: true)
            """).first()
        return try row.map(Self.form)
    }

    public func create(_ input: LeadFormInput, by principal: Principal) async throws -> LeadForm {
        try principal.require(.salesConfigure, to: "set up web-to-lead forms")
        let c: LeadFormInput.Checked
        do { c = try input.validated() } catch { throw StoreError.invalid(error) }
        let key = "w2l_" + String(Secrets.token(prefix: "").prefix(22))
        let id = try await database.transaction { db in
            let now = Clock.nowMillis()
            guard let row = try await db.raw("""
                INSERT INTO lead_forms (public_key, name, source, campaign, language, consent_fa, consent_en, consent_channels, thank_you_url,
                  thank_you_fa, thank_you_en, per_minute, per_hour, active, created_at, updated_at)
                VALUES (\(bind: key), \(bind: c.name), \(bind: c.source), \(bind: c.campaign), \(bind: c.language), \(bind: c.consentFa),
                  \(bind: c.consentEn), \(bind: c.channels.joined(separator: ",")), \(bind: c.thankYouURL), \(bind: c.thankYouFa),
                  \(bind: c.thankYouEn), \(bind: c.perMinute), \(bind: c.perHour), \(bind: c.active), \(bind: now), \(bind: now))
                RETURNING id
                """).first() else { throw StoreError.conflict("the form was not stored") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await AuditLog.record(db, entity: "lead-form", entityId: id, by: principal, action: "create", after: c.name, at: now)
            return id
        }
        return try await get(id, by: principal)
    }

    /// Replaces a form's settings (its key stays, so pasted snippets keep working).
    public func update(_ id: Int64, with input: LeadFormInput, expectedVersion: Int?, by principal: Principal) async throws -> LeadForm {
        try principal.require(.salesConfigure, to: "set up web-to-lead forms")
        let c: LeadFormInput.Checked
        do { c = try input.validated() } catch { throw StoreError.invalid(error) }
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT version FROM lead_forms WHERE id = \(bind: id)").first() else {
                throw StoreError.notFound(entity: "lead form", id: String(id))
            }
            let version = try row.decode(column: "version", as: Int.self)
            if let expectedVersion, expectedVersion != version { throw StoreError.versionMismatch(current: version) }
            let now = Clock.nowMillis()
            try await db.raw("""
                UPDATE lead_forms SET name = \(bind: c.name), source = \(bind: c.source), campaign = \(bind: c.campaign), language = \(bind: c.language),
                  consent_fa = \(bind: c.consentFa), consent_en = \(bind: c.consentEn), consent_channels = \(bind: c.channels.joined(separator: ",")),
                  thank_you_url = \(bind: c.thankYouURL), thank_you_fa = \(bind: c.thankYouFa), thank_you_en = \(bind: c.thankYouEn),
                  per_minute = \(bind: c.perMinute), per_hour = \(bind: c.perHour), active = \(bind: c.active), version = version + 1,
                  updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "lead-form", entityId: id, by: principal, action: "update", after: c.name, at: now)
        }
        return try await get(id, by: principal)
    }

    /// Who captures web-to-lead submissions (recorded in the audit log).
    static let visitor = Principal(userId: 0, name: "web-to-lead form", role: .administrator)

    /// One submission from `address`: counted against the form's limits for that address, then
    /// (valid, honeypot empty, under the limits) stored as a lead, assigned and its rep told —
    /// all in one transaction, so an accepted submission is never lost and a refused one leaves
    /// nothing but its count.
    public func submit(form: LeadForm, _ input: LeadInput, address: String, honeypot: Bool, now: Date = Date()) async throws -> WebToLeadOutcome {
        var input = input
        input.source = input.source?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? form.source
        input.campaign = input.campaign?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? form.campaign
        input.ownerId = nil
        input.need = nil; input.budget = nil; input.authority = nil; input.timing = nil
        input.consentText = input.consent ? form.consentText : nil
        if input.consent, form.consentText == nil { input.consent = false }
        let checked: Result<LeadFields, ValidationError>
        do { checked = .success(try input.validated()) } catch { checked = .failure(error) }
        let storeIt = !honeypot
        return try await database.transaction { db in
            if let wait = try await WebToLeadThrottle.count(db, address: address, perMinute: form.perMinute, perHour: form.perHour, now: now) {
                return .throttled(retryAfter: wait)
            }
            guard storeIt else { return .ignored }
            switch checked {
            case .failure(let error): return .invalid(error)
            case .success(let fields):
                return .stored(try await Leads.insert(db, fields, channel: .webForm, formId: form.id, by: Self.visitor, now: now))
            }
        }
    }
}
