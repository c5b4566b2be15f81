import Foundation
import PeyvandCore
import SQLKit

/// Contracts of customers the person may see: recorded from a deal or for a customer, signed
/// (active), ended, cancelled or renewed into the next term; listed by how soon they end.
public struct ContractRepository: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func create(_ input: ContractInput, by principal: Principal) async throws -> Contract {
        try principal.require(.contractsWrite, to: "record contracts")
        var issues: [FieldIssue] = []
        var customerId = input.customerId
        var currencyCode = input.currency
        var valueText = input.value
        if let dealId = input.dealId {
            if let deal = try await database.sql.raw("SELECT customer_id, currency, amount_minor FROM deals WHERE id = \(bind: dealId) AND deleted_at IS NULL").first() {
                let dealCustomer = try deal.decode(column: "customer_id", as: Int64.self)
                if let given = customerId, given != dealCustomer {
                    issues.append(FieldIssue(field: "customerId", reason: "is not the deal's customer", code: "quote.dealCustomer"))
                }
                customerId = dealCustomer
                let currency = try deal.decode(column: "currency", as: String.self)
                currencyCode = currencyCode ?? currency
                if valueText == nil {
                    valueText = Money(minorUnits: try deal.decode(column: "amount_minor", as: Int64.self), currency: Currency(rawValue: currency)).majorString
                }
            } else {
                issues.append(FieldIssue(field: "dealId", reason: "no deal has this id", code: "ref.unknown"))
            }
        }
        if let customerId {
            do {
                let customer = try await CustomerRepository(database).get(customerId, by: principal)
                if customer.isDeleted { issues.append(FieldIssue(field: "customerId", reason: "the customer is deleted", code: "quote.customerDeleted")) }
            } catch StoreError.notFound {
                issues.append(FieldIssue(field: "customerId", reason: "no customer in reach has this id", code: "ref.unknown"))
            }
        } else if input.dealId == nil {
            issues.append(FieldIssue(field: "customerId", reason: "give a deal or a customer", code: "quote.dealOrCustomer"))
        }
        let base = try await Settings.baseCurrency(database.sql)
        let checked = try await check(title: input.title, parties: input.parties, value: valueText ?? "", currency: currencyCode ?? base.rawValue,
                                      start: input.start, end: input.end, terms: input.terms, notice: input.renewalNoticeDays ?? 30,
                                      ownerId: input.ownerId ?? (principal.userId > 0 ? principal.userId : nil), issues: &issues)
        guard issues.isEmpty, let customerId, let checked else { throw StoreError.invalid(ValidationError(issues)) }
        let status: ContractStatus = input.activate ? .active : .draft
        let id = try await database.transaction { db in
            try await Self.insert(db, customerId: customerId, dealId: input.dealId, checked, status: status, renewedFrom: nil, by: principal)
        }
        return try await get(id, by: principal)
    }

    struct Checked: Sendable {
        let title: String
        let parties: String?
        let value: Money
        let start: Int
        let end: Int
        let terms: String?
        let notice: Int
        let ownerId: Int64?
    }

    func check(title: String, parties: String?, value: String, currency: String, start: JalaliDate?, end: JalaliDate?, terms: String?,
               notice: Int, ownerId: Int64?, issues: inout [FieldIssue]) async throws -> Checked? {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { issues.append(FieldIssue(field: "title", reason: "is required", code: "required")) }
        if title.count > 200 { issues.append(FieldIssue(field: "title", reason: "at most 200 characters", code: "text.tooLong", params: ["max": "200"])) }
        func text(_ v: String?, _ field: String) -> String? {
            guard let t = v?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            if t.count > QuoteRepository.maxTextLength {
                issues.append(FieldIssue(field: field, reason: "at most \(QuoteRepository.maxTextLength) characters", code: "text.tooLong",
                                         params: ["max": String(QuoteRepository.maxTextLength)]))
            }
            return t
        }
        var money: Money?
        do {
            let c = try Currency(code: currency)
            let trimmed = PersianText.latinDigits(value.trimmingCharacters(in: .whitespaces))
            if trimmed.isEmpty {
                issues.append(FieldIssue(field: "value", reason: "is required", code: "required"))
            } else {
                do {
                    let m = try Money(major: trimmed, currency: c)
                    if m.isNegative { issues.append(FieldIssue(field: "value", reason: "must not be negative", code: "amount.negative")) } else { money = m }
                } catch { issues += error.issues.map { $0.at("value") } }
            }
        } catch { issues += error.issues.map { FieldIssue(field: "currency", reason: $0.reason, code: $0.code, params: $0.params) } }
        if start == nil { issues.append(FieldIssue(field: "start", reason: "is required", code: "required")) }
        if end == nil { issues.append(FieldIssue(field: "end", reason: "is required", code: "required")) }
        if let s = start, let e = end, e < s { issues.append(FieldIssue(field: "end", reason: "is before the start", code: "contract.endBeforeStart")) }
        if !(0...365).contains(notice) {
            issues.append(FieldIssue(field: "renewalNoticeDays", reason: "must be a whole number from 0 to 365", code: "number.wholeInRange",
                                     params: ["min": "0", "max": "365"]))
        }
        if let ownerId, try await database.sql.raw("SELECT id FROM users WHERE id = \(bind: ownerId) AND active = \(unsafeRaw: database.dialect == .sqlite ? "1" : "TRUE")").first() == nil {
            issues.append(FieldIssue(field: "ownerId", reason: "no active user has this id", code: "ref.unknown"))
        }
        let checked = (parties: text(parties, "parties"), terms: text(terms, "terms"))
        guard let money, let start, let end else { return nil }
        return Checked(title: title, parties: checked.parties, value: money, start: start.daysSinceUnixEpoch, end: end.daysSinceUnixEpoch,
                       terms: checked.terms, notice: notice, ownerId: ownerId)
    }

    static func insert(_ db: any SQLDatabase, customerId: Int64, dealId: Int64?, _ c: Checked, status: ContractStatus, renewedFrom: Int64?,
                       by principal: Principal) async throws -> Int64 {
        let now = Clock.nowMillis()
        let year = Tehran.day(of: Date()).year
        let number = ContractReader.number(year: year, sequence: try await NumberSequence.next(db, series: "contract", year: year))
        guard let row = try await db.raw("""
            INSERT INTO contracts (number, customer_id, deal_id, title, parties, currency, value_minor, start_day, end_day, terms, status,
              renewal_notice_days, renewed_from_id, owner_id, version, created_by, created_at, updated_at)
            VALUES (\(bind: number), \(bind: customerId), \(bind: dealId), \(bind: c.title), \(bind: c.parties), \(bind: c.value.currency.rawValue),
              \(bind: c.value.minorUnits), \(bind: Int64(c.start)), \(bind: Int64(c.end)), \(bind: c.terms), \(bind: status.rawValue),
              \(bind: Int64(c.notice)), \(bind: renewedFrom), \(bind: c.ownerId), 1, \(bind: principal.userId > 0 ? principal.userId : nil),
              \(bind: now), \(bind: now))
            RETURNING id
            """).first() else { throw StoreError.conflict("the contract was not stored") }
        let id = try row.decode(column: "id", as: Int64.self)
        if status == .active {
            try await AgreementEvents.record(db, customerId: customerId, kind: renewedFrom == nil ? "contract-signed" : "contract-renewed",
                                             contractId: id, title: "\(number) \(c.title)", amount: c.value, by: principal, at: now)
        }
        try await AgreementEvents.publish(db, "contract.created", customerId: customerId, contractId: id, number: number, amount: c.value)
        try await AuditLog.record(db, entity: "contract", entityId: id, by: principal, action: "create", after: "\(number) \(status.rawValue)", at: now)
        return id
    }

    public func update(_ id: Int64, _ patch: ContractPatch, expectedVersion: Int?, by principal: Principal) async throws -> Contract {
        try principal.require(.contractsWrite, to: "change contracts")
        let contract = try await get(id, by: principal)
        if let expectedVersion, expectedVersion != contract.version { throw StoreError.versionMismatch(current: contract.version) }
        guard contract.status == .draft || contract.status == .active else {
            throw StoreError.conflict("contract \(contract.number) is \(contract.status.rawValue); it is kept as it was")
        }
        var issues: [FieldIssue] = []
        let checked = try await check(title: patch.title ?? contract.title, parties: patch.parties ?? contract.parties,
                                      value: patch.value ?? contract.value.majorString, currency: contract.value.currency.rawValue,
                                      start: patch.start ?? contract.start, end: patch.end ?? contract.end, terms: patch.terms ?? contract.terms,
                                      notice: patch.renewalNoticeDays ?? contract.renewalNoticeDays, ownerId: patch.ownerId ?? contract.ownerId,
                                      issues: &issues)
        guard issues.isEmpty, let c = checked else { throw StoreError.invalid(ValidationError(issues)) }
        // A new end or notice period asks for a new reminder.
        let remindAgain = c.end != contract.end.daysSinceUnixEpoch || c.notice != contract.renewalNoticeDays
        try await database.transaction { db in
            let now = Clock.nowMillis()
            let changed = try await db.raw("""
                UPDATE contracts SET title = \(bind: c.title), parties = \(bind: c.parties), value_minor = \(bind: c.value.minorUnits),
                  start_day = \(bind: Int64(c.start)), end_day = \(bind: Int64(c.end)), terms = \(bind: c.terms),
                  renewal_notice_days = \(bind: Int64(c.notice)), owner_id = \(bind: c.ownerId),
                  renewal_reminded_at = \(unsafeRaw: remindAgain ? "NULL" : "renewal_reminded_at"),
                  version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: Int64(contract.version)) RETURNING id
                """).first()
            guard changed != nil else { throw StoreError.conflict("contract \(contract.number) was changed meanwhile; reload and try again") }
            try await AuditLog.record(db, entity: "contract", entityId: id, by: principal, action: "update", at: now)
        }
        return try await get(id, by: principal)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> Contract {
        try principal.require(.salesRead, to: "read contracts")
        let sql: SQLQueryString = "SELECT \(unsafeRaw: ContractReader.columns) \(unsafeRaw: ContractReader.from) WHERE k.id = \(bind: id)"
            + CustomerRepository(database).scopeFilter(principal)
        guard let row = try await database.sql.raw(sql).first() else { throw StoreError.notFound(entity: "contract", id: String(id)) }
        return try await ContractReader.contracts(database.sql, [row])[0]
    }

    /// What the contract list filters by. `endingWithinDays` lists active contracts whose last day
    /// is today or within that many days, soonest first.
    public struct Filter: Sendable, Hashable {
        public var status: ContractStatus?
        public var customerId: Int64?
        public var endingWithinDays: Int?
        public init(status: ContractStatus? = nil, customerId: Int64? = nil, endingWithinDays: Int? = nil) {
            (self.status, self.customerId, self.endingWithinDays) = (status, customerId, endingWithinDays)
        }
    }

    public func list(_ filter: Filter = Filter(), after: Int64? = nil, limit: Int = 50, today: JalaliDate = Tehran.day(of: Date()),
                     by principal: Principal) async throws -> Page<Contract> {
        try principal.require(.salesRead, to: "read contracts")
        var sql: SQLQueryString = "SELECT \(unsafeRaw: ContractReader.columns) \(unsafeRaw: ContractReader.from) WHERE 1 = 1"
        let n = max(1, min(limit, Page<Contract>.maxLimit))
        if let days = filter.endingWithinDays {
            let t = Int64(today.daysSinceUnixEpoch)
            sql += " AND k.status = 'active' AND k.end_day >= \(bind: t) AND k.end_day <= \(bind: t + Int64(max(0, min(days, 3660))))"
            if let c = filter.customerId { sql += " AND k.customer_id = \(bind: c)" }
            // The cursor is the last contract shown; the page resumes after its (end day, id).
            if let after {
                sql += """
                     AND (k.end_day > (SELECT end_day FROM contracts WHERE id = \(bind: after))
                       OR (k.end_day = (SELECT end_day FROM contracts WHERE id = \(bind: after)) AND k.id > \(bind: after)))
                    """
            }
            sql += CustomerRepository(database).scopeFilter(principal)
            sql += " ORDER BY k.end_day, k.id LIMIT \(bind: n + 1)"
            let rows = try await database.sql.raw(sql).all()
            let items = try await ContractReader.contracts(database.sql, Array(rows.prefix(n)))
            let next = rows.count > n ? items.last.map { Cursor.encode($0.id) } : nil
            return Page(items: items, next: next)
        }
        if let s = filter.status { sql += " AND k.status = \(bind: s.rawValue)" }
        if let c = filter.customerId { sql += " AND k.customer_id = \(bind: c)" }
        if let after { sql += " AND k.id < \(bind: after)" }
        sql += CustomerRepository(database).scopeFilter(principal)
        sql += " ORDER BY k.id DESC LIMIT \(bind: n + 1)"
        let rows = try await database.sql.raw(sql).all()
        let items = try await ContractReader.contracts(database.sql, Array(rows.prefix(n)))
        return Page(items: items, next: rows.count > n ? items.last.map { Cursor.encode($0.id) } : nil)
    }

    /// Signed: a draft becomes active.
    public func activate(_ id: Int64, expectedVersion: Int?, by principal: Principal) async throws -> Contract {
        try await move(id, from: [.draft], to: .active, kind: "contract-signed", event: "contract.activated", expectedVersion: expectedVersion, by: principal)
    }

    /// Ended: an active contract stops (at its end, or early).
    public func end(_ id: Int64, expectedVersion: Int?, by principal: Principal) async throws -> Contract {
        try await move(id, from: [.active], to: .ended, kind: "contract-ended", event: "contract.ended", expectedVersion: expectedVersion, by: principal)
    }

    /// Cancelled: a draft that will not be signed, or an active contract rescinded.
    public func cancel(_ id: Int64, expectedVersion: Int?, by principal: Principal) async throws -> Contract {
        try await move(id, from: [.draft, .active], to: .cancelled, kind: "contract-cancelled", event: "contract.cancelled",
                       expectedVersion: expectedVersion, by: principal)
    }

    func move(_ id: Int64, from: Set<ContractStatus>, to next: ContractStatus, kind: String, event: String, expectedVersion: Int?,
              by principal: Principal) async throws -> Contract {
        try principal.require(.contractsWrite, to: "change contracts")
        let contract = try await get(id, by: principal)
        if let expectedVersion, expectedVersion != contract.version { throw StoreError.versionMismatch(current: contract.version) }
        guard from.contains(contract.status) else {
            throw StoreError.conflict("contract \(contract.number) is \(contract.status.rawValue) and cannot become \(next.rawValue)")
        }
        try await database.transaction { db in
            let now = Clock.nowMillis()
            let changed = try await db.raw("""
                UPDATE contracts SET status = \(bind: next.rawValue), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: Int64(contract.version)) RETURNING id
                """).first()
            guard changed != nil else { throw StoreError.conflict("contract \(contract.number) was changed meanwhile; reload and try again") }
            try await AgreementEvents.record(db, customerId: contract.customerId, kind: kind, contractId: id, title: "\(contract.number) \(contract.title)",
                                             amount: contract.value, by: principal, at: now)
            try await AgreementEvents.publish(db, event, customerId: contract.customerId, contractId: id, number: contract.number, amount: contract.value)
            try await AuditLog.record(db, entity: "contract", entityId: id, by: principal, action: "status", field: "status",
                                      before: contract.status.rawValue, after: next.rawValue, at: now)
        }
        return try await get(id, by: principal)
    }

    /// Renews an active (or ended) contract: the next term is a new active contract linked to this
    /// one, which becomes `renewed`; both in one transaction, once.
    public func renew(_ id: Int64, _ renewal: ContractRenewal, expectedVersion: Int?, by principal: Principal) async throws -> Contract {
        try principal.require(.contractsWrite, to: "renew contracts")
        let old = try await get(id, by: principal)
        if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
        guard old.status == .active || old.status == .ended else {
            throw StoreError.conflict("contract \(old.number) is \(old.status.rawValue); only an active or ended contract is renewed")
        }
        let start = renewal.start ?? old.end.adding(days: 1)
        let end = renewal.end ?? start.adding(days: old.end.daysSinceUnixEpoch - old.start.daysSinceUnixEpoch)
        var issues: [FieldIssue] = []
        let checked = try await check(title: old.title, parties: old.parties, value: renewal.value ?? old.value.majorString,
                                      currency: old.value.currency.rawValue, start: start, end: end, terms: renewal.terms ?? old.terms,
                                      notice: old.renewalNoticeDays, ownerId: old.ownerId, issues: &issues)
        guard issues.isEmpty, let c = checked else { throw StoreError.invalid(ValidationError(issues)) }
        let newId = try await database.transaction { db in
            let now = Clock.nowMillis()
            let changed = try await db.raw("""
                UPDATE contracts SET status = 'renewed', version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: Int64(old.version)) AND renewed_to_id IS NULL RETURNING id
                """).first()
            guard changed != nil else { throw StoreError.conflict("contract \(old.number) was changed or renewed meanwhile; reload and try again") }
            let newId = try await Self.insert(db, customerId: old.customerId, dealId: old.dealId, c, status: .active, renewedFrom: id, by: principal)
            try await db.raw("UPDATE contracts SET renewed_to_id = \(bind: newId) WHERE id = \(bind: id)").run()
            try await AgreementEvents.publish(db, "contract.renewed", customerId: old.customerId, contractId: id, number: old.number,
                                              amount: c.value, extra: ["renewalId": String(newId)])
            try await AuditLog.record(db, entity: "contract", entityId: id, by: principal, action: "renew", field: "status",
                                      before: old.status.rawValue, after: "renewed as #\(newId)", at: now)
            return newId
        }
        return try await get(newId, by: principal)
    }

    /// Keeps one of the customer's live documents with the contract.
    public func attach(documentId: Int64, to id: Int64, by principal: Principal) async throws -> Contract {
        try principal.require(.contractsWrite, to: "change contracts")
        let contract = try await get(id, by: principal)
        guard let doc = try await database.sql.raw("""
            SELECT customer_id FROM documents WHERE id = \(bind: documentId) AND deleted_at IS NULL
            """).first(), try doc.decode(column: "customer_id", as: Int64.self) == contract.customerId else {
            throw StoreError.invalid(ValidationError(field: "documentId", reason: "is not one of this customer's documents", code: "contract.document"))
        }
        try await database.transaction { db in
            let now = Clock.nowMillis()
            try await db.raw("""
                INSERT INTO contract_documents (contract_id, document_id, added_by, added_at)
                VALUES (\(bind: id), \(bind: documentId), \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: now))
                ON CONFLICT (contract_id, document_id) DO NOTHING
                """).run()
            try await AuditLog.record(db, entity: "contract", entityId: id, by: principal, action: "attach", field: "document",
                                      after: String(documentId), at: now)
        }
        return try await get(id, by: principal)
    }

    public func detach(documentId: Int64, from id: Int64, by principal: Principal) async throws -> Contract {
        try principal.require(.contractsWrite, to: "change contracts")
        _ = try await get(id, by: principal)
        try await database.transaction { db in
            try await db.raw("DELETE FROM contract_documents WHERE contract_id = \(bind: id) AND document_id = \(bind: documentId)").run()
            try await AuditLog.record(db, entity: "contract", entityId: id, by: principal, action: "detach", field: "document",
                                      before: String(documentId), at: Clock.nowMillis())
        }
        return try await get(id, by: principal)
    }
}
