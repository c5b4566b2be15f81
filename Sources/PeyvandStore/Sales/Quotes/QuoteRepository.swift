import Foundation
import PeyvandCore
import SQLKit

/// Quotes of customers the person may see: built from a deal's lines (or lines given), priced by
/// the same rules as an order, numbered per Jalali year, changed only while a draft.
public struct QuoteRepository: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public static let maxTextLength = 4000

    /// Builds a draft quote. Every problem is reported at once; nothing is stored unless all is well.
    public func create(_ input: QuoteInput, by principal: Principal) async throws -> Quote {
        try principal.require(.quotesWrite, to: "build quotes")
        var issues: [FieldIssue] = []
        var customerId = input.customerId
        var currency = input.currency
        var lines = input.lines
        if let dealId = input.dealId {
            if let deal = try await database.sql.raw("""
                SELECT customer_id, currency, deleted_at FROM deals WHERE id = \(bind: dealId)
                """).first() {
                let dealCustomer = try deal.decode(column: "customer_id", as: Int64.self)
                if try deal.decode(column: "deleted_at", as: Int64?.self) != nil {
                    issues.append(FieldIssue(field: "dealId", reason: "the deal is deleted", code: "quote.dealDeleted"))
                }
                if let given = customerId, given != dealCustomer {
                    issues.append(FieldIssue(field: "customerId", reason: "is not the deal's customer", code: "quote.dealCustomer"))
                }
                customerId = dealCustomer
                let dealCurrency = try deal.decode(column: "currency", as: String.self)
                currency = currency ?? dealCurrency
                if lines == nil { lines = try await dealLines(dealId) }
            } else {
                issues.append(FieldIssue(field: "dealId", reason: "no deal has this id", code: "ref.unknown"))
            }
        }
        var customer: Customer?
        if let customerId {
            do { customer = try await CustomerRepository(database).get(customerId, by: principal) } catch StoreError.notFound {
                issues.append(FieldIssue(field: input.dealId == nil ? "customerId" : "dealId", reason: "no customer in reach has this id", code: "ref.unknown"))
            }
            if customer?.isDeleted == true { issues.append(FieldIssue(field: "customerId", reason: "the customer is deleted", code: "quote.customerDeleted")) }
        } else if input.dealId == nil {
            issues.append(FieldIssue(field: "customerId", reason: "give a deal or a customer", code: "quote.dealOrCustomer"))
        }
        let settings = try await QuoteSettings.read(database.sql)
        let checked = Self.check(language: input.language ?? "fa", validUntil: input.validUntil, taxRate: input.taxRate, notes: input.notes,
                                 terms: input.terms, settings: settings, issues: &issues)
        if lines?.isEmpty ?? true { issues.append(FieldIssue(field: "lines", reason: "a quote needs at least one line", code: "order.noLines")) }
        let allLines = lines ?? []
        let orderInput = OrderInput(currency: currency, lines: allLines.map { Self.priced($0, tax: checked.tax) })
        let known = issues
        let principalId = principal.userId
        let quoteCustomer = customerId
        let id = try await database.transaction { db -> Int64 in
            var issues = known
            var draft: OrderDraft?
            do { draft = try await OrderDraft.validate(db, orderInput) } catch StoreError.invalid(let error) { issues += error.issues }
            guard issues.isEmpty, let draft, let customerId = quoteCustomer else { throw StoreError.invalid(ValidationError(issues)) }
            let now = Clock.nowMillis()
            let year = Tehran.day(of: Date()).year
            let number = QuoteReader.number(year: year, sequence: try await NumberSequence.next(db, series: "quote", year: year))
            let t = draft.totals
            guard let row = try await db.raw("""
                INSERT INTO quotes (number, deal_id, customer_id, status, language, currency, valid_until_day, tax_bp, gross_minor, discount_minor,
                  net_minor, tax_minor, total_minor, notes, terms, version, created_by, created_at, updated_at)
                VALUES (\(bind: number), \(bind: input.dealId), \(bind: customerId), 'draft', \(bind: checked.language), \(bind: t.currency.rawValue),
                  \(bind: Int64(checked.validUntil)), \(bind: checked.tax.value), \(bind: t.gross.minorUnits), \(bind: t.discount.minorUnits),
                  \(bind: t.net.minorUnits), \(bind: t.tax.minorUnits), \(bind: t.total.minorUnits), \(bind: checked.notes), \(bind: checked.terms),
                  1, \(bind: principalId), \(bind: now), \(bind: now))
                RETURNING id
                """).first() else { throw StoreError.conflict("the quote was not stored") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await Self.insertLines(db, quoteId: id, draft)
            try await AgreementEvents.publish(db, "quote.created", customerId: customerId, quoteId: id, number: number, amount: t.total)
            try await AuditLog.record(db, entity: "quote", entityId: id, by: principal, action: "create", after: number, at: now)
            return id
        }
        return try await get(id, by: principal)
    }

    /// Changes a draft: its language, validity, VAT rate, notes, terms or lines (all of them at once).
    public func update(_ id: Int64, _ patch: QuotePatch, expectedVersion: Int?, by principal: Principal) async throws -> Quote {
        try principal.require(.quotesWrite, to: "change quotes")
        let quote = try await get(id, by: principal)
        if let expectedVersion, expectedVersion != quote.version { throw StoreError.versionMismatch(current: quote.version) }
        guard quote.status == .draft || (quote.status == .expired && quote.sentAt == nil && quote.decidedAt == nil) else {
            throw StoreError.conflict("quote \(quote.number) is \(quote.status.rawValue); only a draft is changed")
        }
        var issues: [FieldIssue] = []
        let settings = try await QuoteSettings.read(database.sql)
        let checked = Self.check(language: patch.language ?? quote.language, validUntil: patch.validUntil ?? quote.validUntil,
                                 taxRate: patch.taxRate ?? quote.taxRate.percentString, notes: patch.notes ?? quote.notes,
                                 terms: patch.terms ?? quote.terms, settings: settings, issues: &issues)
        let lines = patch.lines ?? quote.lines.map(Self.input(from:))
        if lines.isEmpty { issues.append(FieldIssue(field: "lines", reason: "a quote needs at least one line", code: "order.noLines")) }
        let orderInput = OrderInput(currency: quote.currency.rawValue, lines: lines.map { Self.priced($0, tax: checked.tax) })
        let known = issues
        try await database.transaction { db in
            var issues = known
            var draft: OrderDraft?
            do { draft = try await OrderDraft.validate(db, orderInput) } catch StoreError.invalid(let error) { issues += error.issues }
            guard issues.isEmpty, let draft else { throw StoreError.invalid(ValidationError(issues)) }
            let t = draft.totals
            let now = Clock.nowMillis()
            let changed = try await db.raw("""
                UPDATE quotes SET language = \(bind: checked.language), valid_until_day = \(bind: Int64(checked.validUntil)),
                  tax_bp = \(bind: checked.tax.value), gross_minor = \(bind: t.gross.minorUnits), discount_minor = \(bind: t.discount.minorUnits),
                  net_minor = \(bind: t.net.minorUnits), tax_minor = \(bind: t.tax.minorUnits), total_minor = \(bind: t.total.minorUnits),
                  notes = \(bind: checked.notes), terms = \(bind: checked.terms), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: Int64(quote.version)) AND status = 'draft'
                RETURNING id
                """).first()
            guard changed != nil else { throw StoreError.conflict("quote \(quote.number) was changed meanwhile; reload and try again") }
            try await db.raw("DELETE FROM quote_lines WHERE quote_id = \(bind: id)").run()
            try await Self.insertLines(db, quoteId: id, draft)
            try await AuditLog.record(db, entity: "quote", entityId: id, by: principal, action: "update", before: quote.total.majorString,
                                      after: t.total.majorString, at: now)
        }
        return try await get(id, by: principal)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> Quote {
        try principal.require(.salesRead, to: "read quotes")
        let sql: SQLQueryString = "SELECT \(unsafeRaw: QuoteReader.columns) FROM quotes q JOIN customers c ON c.id = q.customer_id WHERE q.id = \(bind: id)"
            + CustomerRepository(database).scopeFilter(principal)
        guard let row = try await database.sql.raw(sql).first() else { throw StoreError.notFound(entity: "quote", id: String(id)) }
        return try await QuoteReader.quotes(database.sql, [row])[0]
    }

    /// What the quote list filters by.
    public struct Filter: Sendable, Hashable {
        public var status: QuoteStatus?
        public var customerId: Int64?
        public var dealId: Int64?
        public init(status: QuoteStatus? = nil, customerId: Int64? = nil, dealId: Int64? = nil) {
            (self.status, self.customerId, self.dealId) = (status, customerId, dealId)
        }
    }

    /// Quotes in reach, newest first (`after` is the last id of the previous page), with their lines.
    public func list(_ filter: Filter = Filter(), after: Int64? = nil, limit: Int = 50, by principal: Principal) async throws -> Page<Quote> {
        try principal.require(.salesRead, to: "read quotes")
        var sql: SQLQueryString = "SELECT \(unsafeRaw: QuoteReader.columns) FROM quotes q JOIN customers c ON c.id = q.customer_id WHERE 1 = 1"
        let today = Int64(QuoteReader.today())
        switch filter.status {
        case .expired?: sql += " AND q.status IN ('draft', 'sent') AND q.valid_until_day < \(bind: today)"
        case let s? where s.isOpen: sql += " AND q.status = \(bind: s.rawValue) AND q.valid_until_day >= \(bind: today)"
        case let s?: sql += " AND q.status = \(bind: s.rawValue)"
        case nil: break
        }
        if let c = filter.customerId { sql += " AND q.customer_id = \(bind: c)" }
        if let d = filter.dealId { sql += " AND q.deal_id = \(bind: d)" }
        if let after { sql += " AND q.id < \(bind: after)" }
        sql += CustomerRepository(database).scopeFilter(principal)
        let n = max(1, min(limit, Page<Quote>.maxLimit))
        sql += " ORDER BY q.id DESC LIMIT \(bind: n + 1)"
        let rows = try await database.sql.raw(sql).all()
        let quotes = try await QuoteReader.quotes(database.sql, Array(rows.prefix(n)))
        return Page(items: quotes, next: rows.count > n ? quotes.last.map { Cursor.encode($0.id) } : nil)
    }

    /// A deal's lines as quote lines (product, description, quantity, price and discount as stored).
    func dealLines(_ dealId: Int64) async throws -> [OrderLineInput] {
        try await database.sql.raw("""
            SELECT l.product_id, l.description, l.quantity_milli, l.unit_price_minor, l.discount_minor, d.currency
            FROM deal_lines l JOIN deals d ON d.id = l.deal_id WHERE l.deal_id = \(bind: dealId) ORDER BY l.line_no, l.id LIMIT 500
            """).all().map { row in
            let currency = Currency(rawValue: try row.decode(column: "currency", as: String.self))
            let discount = try row.decode(column: "discount_minor", as: Int64.self)
            return OrderLineInput(
                productId: try row.decode(column: "product_id", as: Int64?.self), description: try row.decode(column: "description", as: String.self),
                quantity: ((try? Quantity(thousandths: try row.decode(column: "quantity_milli", as: Int64.self))) ?? .zero).description,
                unitPrice: Money(minorUnits: try row.decode(column: "unit_price_minor", as: Int64.self), currency: currency).majorString,
                discount: discount == 0 ? nil : Money(minorUnits: discount, currency: currency).majorString)
        }
    }

    /// A stored line as the input that prices it the same way again.
    static func input(from line: QuoteLine) -> OrderLineInput {
        OrderLineInput(productId: line.productId, description: line.description, quantity: line.quantity.description,
                       unitPrice: line.unitPrice.majorString, discount: line.discount.isZero ? nil : line.discount.majorString,
                       taxRate: line.taxRate.percentString)
    }

    /// A line with the quote's VAT rate.
    static func priced(_ line: OrderLineInput, tax: BasisPoints) -> OrderLineInput {
        var line = line
        line.taxRate = tax.percentString
        return line
    }

    struct Checked: Sendable {
        let language: String
        let validUntil: Int
        let tax: BasisPoints
        let notes: String?
        let terms: String?
    }

    static func check(language: String, validUntil: JalaliDate?, taxRate: String?, notes: String?, terms: String?, settings: QuoteSettings,
                      issues: inout [FieldIssue]) -> Checked {
        if !["fa", "en"].contains(language) {
            issues.append(FieldIssue(field: "language", reason: "must be fa or en", code: "choice.unknown"))
        }
        let today = QuoteReader.today()
        let until = validUntil?.daysSinceUnixEpoch ?? today + settings.validDays
        if until < today { issues.append(FieldIssue(field: "validUntil", reason: "is in the past", code: "date.past")) }
        if until > today + 3660 { issues.append(FieldIssue(field: "validUntil", reason: "is more than ten years away", code: "date.tooFar")) }
        var tax = settings.taxRate
        if let text = taxRate {
            do { tax = try BasisPoints(percent: PersianText.latinDigits(text), field: "taxRate") } catch { issues += error.issues }
        }
        func text(_ value: String?, _ field: String) -> String? {
            guard let t = value?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            if t.count > maxTextLength {
                issues.append(FieldIssue(field: field, reason: "at most \(maxTextLength) characters", code: "text.tooLong", params: ["max": String(maxTextLength)]))
            }
            return t
        }
        return Checked(language: language, validUntil: until, tax: tax, notes: text(notes, "notes"), terms: text(terms, "terms"))
    }

    static func insertLines(_ db: any SQLDatabase, quoteId: Int64, _ draft: OrderDraft) async throws {
        var rows: [[any Encodable & Sendable]] = []
        for (n, line) in draft.lines.enumerated() {
            let p = line.pricing
            rows.append([quoteId, Int64(n + 1), line.productId, line.description, p.quantity.thousandths, p.unitPrice.minorUnits,
                         p.discountAmount.minorUnits, p.taxRate.value, p.net.minorUnits, p.tax.minorUnits, p.total.minorUnits])
        }
        try await db.insertMany("""
            quote_lines (quote_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor, tax_bp,
              net_minor, tax_minor, total_minor)
            """, rows)
    }
}
