import Foundation
import PeyvandCore
import SQLKit

/// Customers: create, read, update, soft-delete, restore, list. Every call names the member of
/// staff acting; what their role may do (`AccessPolicy`) is checked here, so no handler can
/// forget it. A customer outside someone's scope is reported as not found, never as forbidden,
/// so its existence does not leak.
public struct CustomerRepository: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The columns, qualified for queries that join other tables.
    static let prefixedColumns = columns.split(separator: ",").map { "c." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .joined(separator: ", ")

    static let columns = """
        id, kind, name, given_name, family_name, phones, emails, city, stage, owner_id, tags, custom_fields,
        preferred_channel, consent_email, consent_sms, consent_phone, consent_letter, organisation_id, job_title,
        version, created_at, updated_at, deleted_at
        """

    public func create(_ input: CustomerInput, by principal: Principal) async throws -> Customer {
        try principal.require(.customersWrite)
        var fields = try validate(input)
        if fields.ownerId == nil, principal.customerScope == .ownedOrShared { fields.ownerId = principal.userId }
        let finalFields = fields
        let id = try await database.transaction { db in
            try await Self.checkOwner(db, finalFields.ownerId)
            try await Self.checkOrganisation(db, finalFields.organisationId, of: nil, scope: scopeFilter(principal))
            let id = try await Self.insertRow(db, finalFields, createdAt: Date(), by: principal)
            try await DomainEvents.customer(db, "customer.created", id: id, name: finalFields.name)
            return id
        }
        return try await get(id, by: principal)
    }

    /// A customer by id, deleted or not (the caller shows the deleted state).
    public func get(_ id: Int64, by principal: Principal) async throws -> Customer {
        try principal.require(.customersRead)
        let scope = scopeFilter(principal)
        let row = try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM customers c WHERE id = \(bind: id)" + scope).first()
        guard let row else { throw StoreError.notFound(entity: "customer", id: String(id)) }
        return try Self.customer(row)
    }

    /// Replaces the editable fields. With `expectedVersion`, refuses (`versionMismatch`) when
    /// someone else saved in between, so no update is silently lost.
    public func update(_ id: Int64, with input: CustomerInput, expectedVersion: Int?, by principal: Principal) async throws -> Customer {
        try principal.require(.customersWrite)
        let fields = try validate(input)
        let scope = scopeFilter(principal)
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM customers c WHERE id = \(bind: id)" + scope).first() else {
                throw StoreError.notFound(entity: "customer", id: String(id))
            }
            let old = try Self.customer(row)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            if old.isDeleted { throw StoreError.conflict("the customer is deleted; restore it before editing") }
            if fields.changes(from: old.fields).isEmpty { return }
            if fields.ownerId != old.fields.ownerId { try await Self.checkOwner(db, fields.ownerId) }
            if fields.organisationId != old.fields.organisationId {
                try await Self.checkOrganisation(db, fields.organisationId, of: id, scope: scope)
            }
            if old.fields.kind == .organisation, fields.kind == .person,
               try await db.raw("SELECT id FROM customers WHERE organisation_id = \(bind: id) LIMIT 1").first() != nil {
                throw StoreError.invalid(ValidationError(field: "kind", reason: "people belong to this organisation; move them first", code: "customer.hasPeople"))
            }
            try await Self.updateRow(db, old: old, fields, by: principal)
            try await DomainEvents.customer(db, "customer.updated", id: id, name: fields.name,
                                            changed: fields.changes(from: old.fields).map(\.field))
        }
        return try await get(id, by: principal)
    }

    /// Soft delete: the customer disappears from lists but is kept, restorable, with its history.
    public func delete(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.customersDelete)
        try await setDeleted(id, deleted: true, by: principal)
    }

    public func restore(_ id: Int64, by principal: Principal) async throws -> Customer {
        try principal.require(.customersDelete)
        try await setDeleted(id, deleted: false, by: principal)
        return try await get(id, by: principal)
    }

    private func setDeleted(_ id: Int64, deleted: Bool, by principal: Principal) async throws {
        let scope = scopeFilter(principal)
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT id, deleted_at FROM customers c WHERE id = \(bind: id)" + scope).first() else {
                throw StoreError.notFound(entity: "customer", id: String(id))
            }
            let isDeleted = try row.decode(column: "deleted_at", as: Int64?.self) != nil
            if isDeleted == deleted { return }
            let now = Clock.nowMillis()
            let deletedAt: Int64? = deleted ? now : nil
            try await db.raw("""
                UPDATE customers SET deleted_at = \(bind: deletedAt), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "customer", entityId: id, by: principal, action: deleted ? "delete" : "restore", at: now)
        }
    }

    /// Newest first, keyset-paginated on id.
    public func list(_ query: CustomerQuery, by principal: Principal) async throws -> Page<Customer> {
        try principal.require(.customersRead)
        let limit = max(1, min(query.limit, Page<Customer>.maxLimit))
        var from: SQLQueryString = "customers c"
        var order: SQLQueryString = "c.id DESC"
        var offset = 0
        var conditions: [SQLQueryString] = []
        var ranked = false
        if let raw = query.q, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            if let phone = try? PhoneNumber(parsing: raw) {
                // A whole number: the exact phone key, as the caller lookup does.
                conditions.append("c.id IN (SELECT customer_id FROM customer_keys WHERE kind = 'phone' AND key = \(bind: phone.e164))")
            } else {
                let terms = SearchIndex.terms(raw)
                if terms.isEmpty {
                    conditions.append("1 = 0")
                } else {
                    // Broad searches by someone who sees everyone, without other filters: rank the best
                    // matches only (the first 1,000 results are reachable, which is what people page through).
                    let unfiltered = principal.customerScope == .all && query.stage == nil && query.ownerId == nil && query.tag == nil
                        && query.city == nil && query.consent == nil && query.createdFrom == nil && query.createdBefore == nil
                        && query.updatedFrom == nil && query.updatedBefore == nil
                        && query.organisationId == nil && !query.onlyDeleted && !query.filtersByScores && query.satisfaction == nil
                    let candidates = unfiltered ? min(query.offset, 1000) + limit + 100 : nil
                    let match = SearchIndex.match(database.dialect, terms: terms, candidates: candidates)
                    from = match.from
                    order = match.order
                    if let condition = SearchIndex.condition(database.dialect) { conditions.append(condition) }
                    offset = query.offset
                    ranked = true
                }
            }
        }
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.prefixedColumns) FROM " + from + " WHERE 1 = 1"
        for condition in conditions { sql += " AND " + condition }
        if query.onlyDeleted { sql += " AND c.deleted_at IS NOT NULL" } else if !query.includeDeleted { sql += " AND c.deleted_at IS NULL" }
        if let after = query.after { sql += " AND c.id < \(bind: after)" }
        if let stage = query.stage { sql += " AND c.stage = \(bind: stage.rawValue)" }
        if let owner = query.ownerId { sql += " AND c.owner_id = \(bind: owner)" }
        if let organisation = query.organisationId { sql += " AND c.organisation_id = \(bind: organisation)" }
        if let consent = query.consent, Consents.channels.contains(consent) {
            sql += " AND c.\(ident: "consent_" + consent) = \(bind: true)"
        }
        if let from = query.createdFrom { sql += " AND c.created_at >= \(bind: Clock.millis(from))" }
        if let before = query.createdBefore { sql += " AND c.created_at < \(bind: Clock.millis(before))" }
        if let from = query.updatedFrom { sql += " AND c.updated_at >= \(bind: Clock.millis(from))" }
        if let before = query.updatedBefore { sql += " AND c.updated_at < \(bind: Clock.millis(before))" }
        if let city = query.city?.trimmingCharacters(in: .whitespaces), !city.isEmpty { sql += " AND c.city = \(bind: city)" }
        if query.filtersByScores {
            var scored: SQLQueryString = "SELECT 1 FROM customer_scores s WHERE s.customer_id = c.id"
            if let segment = query.rfmSegment { scored += " AND s.segment = \(bind: segment)" }
            if let number = query.behaviourSegment { scored += " AND s.segment_number = \(bind: Int64(number))" }
            if let risk = query.minChurnRisk { scored += " AND s.churn_risk >= \(bind: risk)" }
            sql += " AND EXISTS (" + scored + ")"
        }
        if let classes = query.satisfaction, !classes.isEmpty {
            sql += " AND EXISTS (SELECT 1 FROM customer_satisfaction cs WHERE cs.customer_id = c.id AND cs.class IN (\(binds: classes.map(\.rawValue))))"
        }
        if let tag = query.tag.map(PersianText.searchKey), !tag.isEmpty {
            sql += " AND EXISTS (SELECT 1 FROM customer_keys k WHERE k.customer_id = c.id AND k.kind = 'tag' AND k.key = \(bind: tag))"
        }
        sql += scopeFilter(principal)
        sql += " ORDER BY " + order + " LIMIT \(bind: limit + 1)"
        if offset > 0 { sql += " OFFSET \(bind: offset)" }
        let rows = try await database.sql.raw(sql).all()
        let customers = try rows.prefix(limit).map(Self.customer)
        var next: String?
        if rows.count > limit {
            // Ranked search pages by position (relevance has no stable key); plain lists by id.
            next = ranked ? Cursor.encodeOffset(offset + limit) : customers.last.map { Cursor.encode($0.id) }
        }
        return Page(items: customers, next: next)
    }

    /// The customers (within the person's scope) having this number: what a rep sees when the phone rings.
    public func find(phone: PhoneNumber, by principal: Principal) async throws -> [Customer] {
        try principal.require(.customersRead)
        let rows = try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM customers c
            WHERE c.id IN (SELECT customer_id FROM customer_keys WHERE kind = 'phone' AND key = \(bind: phone.e164))
              AND c.deleted_at IS NULL
            """ + scopeFilter(principal) + " ORDER BY c.id DESC LIMIT 20").all()
        return try rows.map(Self.customer)
    }

    /// The audit log of one customer, newest first.
    public func audit(_ id: Int64, by principal: Principal, limit: Int = 100, before: Int64? = nil) async throws -> [AuditEntry] {
        try await audit(of: try await get(id, by: principal), by: principal, limit: limit, before: before)
    }

    /// The audit log of a customer already read (and so already checked against the person's scope).
    public func audit(of customer: Customer, by principal: Principal, limit: Int = 100, before: Int64? = nil) async throws -> [AuditEntry] {
        try principal.require(.auditRead)
        return try await AuditLog.entries(database.sql, entity: "customer", entityId: customer.id, limit: max(1, min(limit, 500)), before: before)
    }

    /// Lets another member of staff see and work on a customer outside their own scope.
    public func share(_ id: Int64, with userId: Int64, by principal: Principal) async throws {
        try principal.require(.customersWrite)
        _ = try await get(id, by: principal)
        try await database.transaction { db in
            let exists = try await db.raw("SELECT 1 AS x FROM customer_shares WHERE customer_id = \(bind: id) AND user_id = \(bind: userId)").first()
            if exists == nil {
                try await db.raw("INSERT INTO customer_shares (customer_id, user_id) VALUES (\(bind: id), \(bind: userId))").run()
                try await AuditLog.record(db, entity: "customer", entityId: id, by: principal, action: "share", field: "sharedWith", after: String(userId), at: Clock.nowMillis())
            }
        }
    }

    /// The highest customer id so far (0 when there are none): where a later batch of demo data starts.
    public func highestId() async throws -> Int64 {
        try await database.sql.raw("SELECT COALESCE(MAX(id), 0) AS top FROM customers").first()?.decode(column: "top", as: Int64.self) ?? 0
    }

    // MARK: - helpers


    private func validate(_ input: CustomerInput) throws -> CustomerFields {
        do { return try input.validated() } catch { throw StoreError.invalid(error) }
    }

    func scopeFilter(_ principal: Principal) -> SQLQueryString { Self.scope(principal) }

    /// The same filter where no repository is at hand (inside another aggregate's transaction).
    static func scope(_ principal: Principal) -> SQLQueryString {
        switch principal.customerScope {
        case .all: return ""
        case .ownedOrShared:
            return """
                 AND (c.owner_id = \(bind: principal.userId) OR EXISTS (SELECT 1 FROM customer_shares s
                   WHERE s.customer_id = c.id AND s.user_id = \(bind: principal.userId)))
                """
        }
    }

    /// A customer read inside the caller's transaction.
    static func fetch(_ db: any SQLDatabase, _ id: Int64) async throws -> Customer {
        guard let row = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM customers c WHERE id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "customer", id: String(id))
        }
        return try Self.customer(row)
    }

    static func escapeLike(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    static func checkOwner(_ db: any SQLDatabase, _ ownerId: Int64?) async throws {
        guard let ownerId else { return }
        let row = try await db.raw("SELECT id FROM users WHERE id = \(bind: ownerId) AND active = \(bind: true)").first()
        if row == nil { throw StoreError.invalid(ValidationError(field: "ownerId", reason: "no active user has this id", code: "id.user")) }
    }

    /// The organisation must exist, be an organisation and be within the caller's reach (`scope`):
    /// an organisation they cannot see answers as one that does not exist.
    private static func checkOrganisation(_ db: any SQLDatabase, _ organisationId: Int64?, of customerId: Int64?,
                                          scope: SQLQueryString) async throws {
        guard let organisationId else { return }
        guard organisationId != customerId else {
            throw StoreError.invalid(ValidationError(field: "organisationId", reason: "a customer cannot belong to itself", code: "customer.ownOrganisation"))
        }
        let row = try await db.raw("""
            SELECT c.kind FROM customers c WHERE c.id = \(bind: organisationId) AND c.deleted_at IS NULL
            """ + scope).first()
        guard let kind = try row?.decode(column: "kind", as: String.self) else {
            throw StoreError.invalid(ValidationError(field: "organisationId", reason: "no customer has this id", code: "ref.unknown"))
        }
        guard kind == CustomerKind.organisation.rawValue else {
            throw StoreError.invalid(ValidationError(field: "organisationId", reason: "this customer is a person, not an organisation", code: "customer.notOrganisation"))
        }
    }

    /// The bound values, in the column order of INSERT and UPDATE.
    static func values(_ f: CustomerFields) -> [any Encodable & Sendable] {
        [
            f.kind.rawValue, f.name, f.givenName, f.familyName, JSONText.encode(f.phones), JSONText.encode(f.emails),
            f.city, f.stage.rawValue, f.ownerId, JSONText.encode(f.tags), JSONText.encode(f.customFields),
            f.preferredChannel?.rawValue, f.consents.email, f.consents.sms, f.consents.phone, f.consents.letter, f.searchKey,
            f.organisationId, f.jobTitle,
        ]
    }

    static func writeKeys(_ db: any SQLDatabase, id: Int64, fields: CustomerFields) async throws {
        for key in CustomerKeys.all(fields) {
            try await db.raw("INSERT INTO customer_keys (customer_id, kind, key) VALUES (\(bind: id), \(bind: key[0]), \(bind: key[1]))").run()
        }
    }

    static func customer(_ row: any SQLRow) throws -> Customer {
        func bool(_ column: String) throws -> Bool { try row.decode(column: column, as: Bool.self) }
        let fields = CustomerFields(
            kind: CustomerKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .person,
            name: try row.decode(column: "name", as: String.self),
            givenName: try row.decode(column: "given_name", as: String?.self),
            familyName: try row.decode(column: "family_name", as: String?.self),
            phones: JSONText.decode([String].self, try row.decode(column: "phones", as: String.self)) ?? [],
            emails: JSONText.decode([String].self, try row.decode(column: "emails", as: String.self)) ?? [],
            city: try row.decode(column: "city", as: String?.self),
            stage: LifecycleStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .prospect,
            ownerId: try row.decode(column: "owner_id", as: Int64?.self),
            tags: JSONText.decode([String].self, try row.decode(column: "tags", as: String.self)) ?? [],
            customFields: JSONText.decode([String: String].self, try row.decode(column: "custom_fields", as: String.self)) ?? [:],
            preferredChannel: try row.decode(column: "preferred_channel", as: String?.self).flatMap(ContactChannel.init(rawValue:)),
            consents: Consents(email: try bool("consent_email"), sms: try bool("consent_sms"), phone: try bool("consent_phone"), letter: try bool("consent_letter")),
            organisationId: try row.decode(column: "organisation_id", as: Int64?.self),
            jobTitle: try row.decode(column: "job_title", as: String?.self)
        )
        return Customer(
            id: try row.decode(column: "id", as: Int64.self),
            fields: fields,
            version: Int(try row.decode(column: "version", as: Int64.self)),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self)),
            deletedAt: try row.decode(column: "deleted_at", as: Int64?.self).map(Clock.date)
        )
    }
}
