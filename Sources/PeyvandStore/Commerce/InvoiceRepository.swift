import Foundation
import PeyvandCore
import SQLKit

/// Invoices and credit notes, numbered without gaps per Jalali year, and the payments against them.
/// A posted invoice is never edited: a return issues a credit note instead.
public struct InvoiceRepository: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        i.id, i.number, i.kind, i.order_id, i.customer_id, i.credits_invoice_id, i.currency, i.issued_at, i.due_at, i.terms_days,
        i.net_minor, i.tax_minor, i.total_minor, i.paid_minor, i.credited_minor, i.version
        """

    /// Invoices an order: everything on it less what came back before invoicing, due after `termsDays`.
    public func invoice(orderId: Int64, termsDays: Int = 30, issuedAt: Date? = nil, by principal: Principal) async throws -> Invoice {
        try principal.require(.financeWrite, to: "issue invoices")
        let order = try await OrderRepository(database).get(orderId, by: principal)
        let terms: PaymentTerms
        do { terms = try PaymentTerms(netDays: termsDays) } catch { throw StoreError.invalid(ValidationError(error.issues.map { $0.at("termsDays") })) }
        switch order.status {
        case .cancelled: throw StoreError.invalid(ValidationError(field: "orderId", reason: "a cancelled order cannot be invoiced", code: "invoice.cancelledOrder"))
        case .draft: throw StoreError.invalid(ValidationError(field: "orderId", reason: "confirm the order before invoicing it", code: "invoice.draftOrder"))
        default: break
        }
        if order.invoices.contains(where: { $0.kind == .invoice }) { throw StoreError.conflict("order \(orderId) is invoiced already") }
        var net = order.net, tax = order.tax
        do {
            for r in order.returns where r.creditNoteId == nil {
                net = try net.subtracting(r.net)
                tax = try tax.subtracting(r.tax)
            }
        } catch { throw StoreError.invalid(error) }
        let total: Money
        do { total = try net.adding(tax) } catch { throw StoreError.invalid(error) }
        guard total.minorUnits > 0 else { throw StoreError.invalid(ValidationError(field: "orderId", reason: "nothing is left to invoice on this order", code: "invoice.nothingLeft")) }
        let issued = issuedAt ?? Date()
        let (net0, tax0) = (net, tax)
        let id = try await database.transaction { db in
            let (net, tax) = (net0, tax0)
            let number = try await Self.nextNumber(db, series: "invoice", at: issued)
            let due = issued.addingTimeInterval(Double(terms.netDays) * 86_400)
            let now = Clock.nowMillis()
            let id = try await Self.insert(db, number: number.description, kind: .invoice, order: order, credits: nil, issued: issued, due: due,
                                           terms: terms.netDays, net: net, tax: tax, total: total, credited: 0, settled: nil, by: principal)
            try await Receivables.adjust(db, currency: total.currency, dueAt: Clock.millis(due), by: total.minorUnits)
            try await CommerceEvents.record(db, customerId: order.customerId, at: Clock.millis(issued), kind: "invoice", orderId: orderId,
                                            invoiceId: id, title: "invoice \(number)", amount: total, by: principal)
            try await AuditLog.record(db, entity: "invoice", entityId: id, by: principal, action: "issue", after: number.description, at: now)
            return id
        }
        return try await get(id, by: principal)
    }

    /// A credit note for a return on an invoiced order, applied to what the invoice still owes;
    /// whatever exceeds that is owed back to the customer.
    static func issueCreditNote(_ db: any SQLDatabase, for invoice: Invoice, order: Order, net: Money, tax: Money, at: Date,
                                by principal: Principal) async throws -> Int64 {
        let total = try net.adding(tax)
        guard let row = try await db.raw("SELECT total_minor, paid_minor, credited_minor, due_at FROM invoices WHERE id = \(bind: invoice.id)").first() else {
            throw StoreError.notFound(entity: "invoice", id: String(invoice.id))
        }
        let outstanding = try row.decode(column: "total_minor", as: Int64.self) - row.decode(column: "paid_minor", as: Int64.self)
            - row.decode(column: "credited_minor", as: Int64.self)
        let applied = max(0, min(total.minorUnits, outstanding))
        try await Receivables.adjust(db, currency: invoice.currency, dueAt: try row.decode(column: "due_at", as: Int64.self), by: -applied)
        let number = "CN-" + (try await nextNumber(db, series: "credit-note", at: at)).description
        let now = Clock.millis(at)
        let id = try await insert(db, number: number, kind: .creditNote, order: order, credits: invoice.id, issued: at, due: at, terms: 0,
                                  net: net, tax: tax, total: total, credited: applied, settled: now, by: principal)
        try await db.raw("""
            UPDATE invoices SET credited_minor = credited_minor + \(bind: applied), version = version + 1,
              settled_at = CASE WHEN total_minor - paid_minor - credited_minor - \(bind: applied) <= 0 THEN \(bind: now) ELSE settled_at END
            WHERE id = \(bind: invoice.id)
            """).run()
        try await CommerceEvents.record(db, customerId: order.customerId, at: now, kind: "credit-note", orderId: order.id, invoiceId: id,
                                        title: "credit note \(number) on invoice \(invoice.number)", amount: total, by: principal)
        try await AuditLog.record(db, entity: "invoice", entityId: invoice.id, by: principal, action: "credit", field: "credited",
                                  after: "\(number) \(total.majorString)", at: Clock.nowMillis())
        return id
    }

    private static func nextNumber(_ db: any SQLDatabase, series: String, at: Date) async throws -> InvoiceNumber {
        let year = Tehran.day(of: at).year
        let sequence = try await NumberSequence.next(db, series: series, year: year)
        do { return try InvoiceNumber(year: year, sequence: sequence) } catch { throw StoreError.conflict("\(error)") }
    }

    private static func insert(_ db: any SQLDatabase, number: String, kind: Invoice.Kind, order: Order, credits: Int64?, issued: Date, due: Date,
                               terms: Int, net: Money, tax: Money, total: Money, credited: Int64, settled: Int64?, by principal: Principal) async throws -> Int64 {
        let row = try await db.raw("""
            INSERT INTO invoices (number, kind, order_id, customer_id, credits_invoice_id, currency, issued_at, due_at, terms_days,
              net_minor, tax_minor, total_minor, paid_minor, credited_minor, settled_at, version, created_by, created_at)
            VALUES (\(bind: number), \(bind: kind.rawValue), \(bind: order.id), \(bind: order.customerId), \(bind: credits),
              \(bind: order.currency.rawValue), \(bind: Clock.millis(issued)), \(bind: Clock.millis(due)), \(bind: Int64(terms)),
              \(bind: net.minorUnits), \(bind: tax.minorUnits), \(bind: total.minorUnits), 0, \(bind: credited), \(bind: settled), 1,
              \(bind: principal.userId), \(bind: Clock.nowMillis()))
            RETURNING id
            """).first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the invoice was not stored") }
        return id
    }

    /// Records a payment. Paying more than is due is refused and says how much is due; two
    /// payments at once cannot together exceed it (the check and the update are one statement).
    public func pay(_ invoiceId: Int64, _ input: PaymentInput, by principal: Principal) async throws -> Payment {
        try principal.require(.financeWrite, to: "record payments")
        let invoice = try await get(invoiceId, by: principal)
        guard invoice.kind == .invoice else { throw StoreError.invalid(ValidationError(field: "invoiceId", reason: "a credit note is not paid", code: "invoice.creditNote")) }
        let (amount, method, receivedAt): (Money, PaymentMethod, Date)
        do { (amount, method, receivedAt) = try input.validated(currency: invoice.currency) } catch { throw StoreError.invalid(error) }
        let id = try await database.transaction { db in
            let now = Clock.nowMillis()
            let updated = try await db.raw("""
                UPDATE invoices SET paid_minor = paid_minor + \(bind: amount.minorUnits), version = version + 1,
                  settled_at = CASE WHEN total_minor - paid_minor - credited_minor - \(bind: amount.minorUnits) <= 0 THEN \(bind: now) ELSE settled_at END
                WHERE id = \(bind: invoiceId) AND total_minor - paid_minor - credited_minor >= \(bind: amount.minorUnits)
                RETURNING id
                """).first()
            if updated == nil {
                let current = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM invoices i WHERE i.id = \(bind: invoiceId)").first().map(Self.invoice)
                let due = current?.outstanding ?? .zero(invoice.currency)
                throw StoreError.invalid(ValidationError(field: "amount", reason: "paying more than is due: \(due.majorString) \(due.currency.rawValue) is due", code: "payment.moreThanDue", params: ["money": "\(due.majorString) \(due.currency.rawValue)"]))
            }
            try await Receivables.adjust(db, currency: invoice.currency, dueAt: Clock.millis(invoice.dueAt), by: -amount.minorUnits)
            var cheque: Cheque?
            if case .cheque(let c) = method { cheque = c }
            let row = try await db.raw("""
                INSERT INTO payments (invoice_id, customer_id, amount_minor, currency, method, reference, cheque_bank, cheque_due_at, received_at,
                  created_by, created_at)
                VALUES (\(bind: invoiceId), \(bind: invoice.customerId), \(bind: amount.minorUnits), \(bind: amount.currency.rawValue),
                  \(bind: method.kind), \(bind: cheque?.number ?? input.reference), \(bind: cheque?.bankName),
                  \(bind: input.chequeDueDate.map(Clock.millis)), \(bind: Clock.millis(receivedAt)), \(bind: principal.userId), \(bind: now))
                RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int64.self) ?? 0
            let how = cheque.map { "cheque \($0.number), \($0.bankName), due \($0.dueDate)" } ?? method.kind
            try await CommerceEvents.record(db, customerId: invoice.customerId, at: Clock.millis(receivedAt), kind: "payment",
                                            orderId: invoice.orderId, invoiceId: invoiceId, title: "payment on \(invoice.number) by \(how)",
                                            amount: amount, by: principal)
            try await AuditLog.record(db, entity: "invoice", entityId: invoiceId, by: principal, action: "pay", field: "paid",
                                      after: amount.majorString, at: now)
            return id
        }
        return Payment(id: id, invoiceId: invoiceId, customerId: invoice.customerId, amount: amount, method: method, receivedAt: receivedAt)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> Invoice {
        guard let row = try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM invoices i WHERE i.id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "invoice", id: String(id))
        }
        let invoice = try Self.invoice(row)
        do { _ = try await CustomerRepository(database).get(invoice.customerId, by: principal) } catch StoreError.notFound {
            throw StoreError.notFound(entity: "invoice", id: String(id))
        }
        return invoice
    }

    /// The payments on an invoice, oldest first.
    public func payments(of invoiceId: Int64, by principal: Principal) async throws -> [Payment] {
        let invoice = try await get(invoiceId, by: principal)
        return try await database.sql.raw("""
            SELECT id, amount_minor, method, reference, cheque_bank, cheque_due_at, received_at FROM payments
            WHERE invoice_id = \(bind: invoiceId) ORDER BY id
            """).all().map { row in
                let method: PaymentMethod
                switch try row.decode(column: "method", as: String.self) {
                case "cheque":
                    let due = try row.decode(column: "cheque_due_at", as: Int64?.self).map(Clock.date) ?? Date()
                    method = (try? Cheque(number: try row.decode(column: "reference", as: String?.self) ?? "?",
                                          bankName: try row.decode(column: "cheque_bank", as: String?.self) ?? "?",
                                          dueDate: Tehran.day(of: due))).map(PaymentMethod.cheque) ?? .bankTransfer
                case "card": method = .card
                case "bankTransfer": method = .bankTransfer
                default: method = .cash
                }
                return Payment(id: try row.decode(column: "id", as: Int64.self), invoiceId: invoiceId, customerId: invoice.customerId,
                               amount: Money(minorUnits: try row.decode(column: "amount_minor", as: Int64.self), currency: invoice.currency),
                               method: method, receivedAt: Clock.date(try row.decode(column: "received_at", as: Int64.self)))
            }
    }

    /// A customer's invoices and credit notes, newest first.
    public func list(customerId: Int64, limit: Int = 100, by principal: Principal) async throws -> [Invoice] {
        _ = try await CustomerRepository(database).get(customerId, by: principal)
        return try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM invoices i WHERE i.customer_id = \(bind: customerId)
            ORDER BY i.issued_at DESC, i.id DESC LIMIT \(bind: max(1, min(limit, 500)))
            """).all().map(Self.invoice)
    }

    static func invoice(_ row: any SQLRow) throws -> Invoice {
        let currency = Currency(rawValue: try row.decode(column: "currency", as: String.self))
        func money(_ c: String) throws -> Money { Money(minorUnits: try row.decode(column: c, as: Int64.self), currency: currency) }
        return Invoice(
            id: try row.decode(column: "id", as: Int64.self), number: try row.decode(column: "number", as: String.self),
            kind: Invoice.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .invoice,
            orderId: try row.decode(column: "order_id", as: Int64.self), customerId: try row.decode(column: "customer_id", as: Int64.self),
            creditsInvoiceId: try row.decode(column: "credits_invoice_id", as: Int64?.self), currency: currency,
            issuedAt: Clock.date(try row.decode(column: "issued_at", as: Int64.self)), dueAt: Clock.date(try row.decode(column: "due_at", as: Int64.self)),
            termsDays: Int(try row.decode(column: "terms_days", as: Int64.self)), net: try money("net_minor"), tax: try money("tax_minor"),
            total: try money("total_minor"), paid: try money("paid_minor"), credited: try money("credited_minor"),
            version: Int(try row.decode(column: "version", as: Int64.self)))
    }
}
