import Foundation
import PeyvandCore
import PeyvandExchange
import SQLKit

/// Imports an organisation's past sales from a CSV file — one line per row: customer, date,
/// order id, product, quantity, amount — so value and analytics start from its history.
///
/// * Columns are found by header in English or Persian (customer/مشتری, date/تاریخ,
///   order/سفارش, product/sku/کالا, quantity/تعداد, amount/مبلغ); `--map COLUMN=FIELD` for others.
/// * The customer cell is a customer id, a phone number in any form, or an email address.
/// * Dates are Gregorian (`2024-03-20`) or Jalali (`1403/01/01`), told apart by the year.
/// * `amount` is what the line came to, in the organisation's currency, before tax.
/// * Rows of one order stay together; each order is stored closed and delivered, marked
///   `import:<order id>`, so running the same file again skips what is already there.
/// * One transaction: with bad rows and no `skipInvalid` nothing is stored; with it, an order
///   with a bad row is left out whole. A dry run checks everything and stores nothing.
public struct TransactionImporter: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public struct Report: Sendable, ImportOutcome {
        public var rows = 0
        public var orders = 0
        public var alreadyImported = 0
        public var problems: [ImportReport.RowProblem] = []
        public var encoding = ""
        public var committed = false
        public var refused = false
    }

    static let fields: [String: [String]] = [
        "customer": ["customer", "customer id", "client", "مشتری", "شناسه مشتری", "کد مشتری"],
        "date": ["date", "order date", "تاریخ", "تاریخ سفارش"],
        "order": ["order", "order id", "order number", "invoice", "سفارش", "شماره سفارش", "شماره فاکتور"],
        "product": ["product", "sku", "item", "کالا", "محصول", "کد کالا"],
        "quantity": ["quantity", "qty", "count", "تعداد", "مقدار"],
        "amount": ["amount", "total", "price", "مبلغ", "مبلغ کل", "جمع"],
    ]

    typealias Mode = CustomerImporter.Mode
    /// Orders stored per transaction.
    static let chunk = 200

    struct Row {
        let line: Int
        let customer: String
        let date: String
        let product: String
        let quantity: String
        let amount: String
    }

    public func run(file: FileHandle, mapping overrides: [String: String] = [:], dryRun: Bool = false, skipInvalid: Bool = false,
                    by principal: Principal, progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> Report {
        try Self.authorize(principal)
        return try await ImportJournal.run(database, kind: "transactions", dryRun: dryRun, skipInvalid: skipInvalid, by: principal) { mode in
            try file.seek(toOffset: 0)
            return try await Self.process(mode, file, overrides, skipInvalid, principal, progress)
        }
    }

    /// Refuses roles that may not import sales history: it takes orders for every customer.
    public static func authorize(_ principal: Principal) throws {
        guard principal.may(.ordersWrite), principal.customerScope == .all else {
            throw StoreError.forbidden("importing sales history needs a role that takes orders for every customer")
        }
    }

    static func columns(_ header: [String], _ overrides: [String: String]) throws(ValidationError) -> [String: Int] {
        var found: [String: Int] = [:]
        for (i, raw) in header.enumerated() {
            let name = PersianText.searchKey(raw.trimmingCharacters(in: .whitespaces))
            if let field = overrides[raw] ?? overrides[name] {
                guard fields[field] != nil else { throw ValidationError(field: "map", reason: "\(field) is not a field: use \(fields.keys.sorted().joined(separator: ", "))", code: "import.unknownField", params: ["value": field]) }
                found[field] = i
                continue
            }
            for (field, names) in fields where found[field] == nil && names.contains(where: { PersianText.searchKey($0) == name }) {
                found[field] = i
            }
        }
        let missing = fields.keys.filter { found[$0] == nil }.sorted()
        guard missing.isEmpty else {
            throw ValidationError(field: "header", reason: "no column for \(missing.joined(separator: ", ")); name it in the header or use --map COLUMN=FIELD", code: "import.missingColumns", params: ["columns": missing.joined(separator: ", ")])
        }
        return found
    }

    static func process(_ mode: Mode, _ file: FileHandle, _ overrides: [String: String], _ skipInvalid: Bool, _ principal: Principal,
                        _ progress: @Sendable (Int) -> Void) async throws -> Report {
        var rows = ImportRows(file)
        var report = Report()
        var columns: [String: Int]?
        var current: (id: String, rows: [Row])?
        var finished: Set<String> = []
        var customers: [String: Int64?] = [:]
        var batch: [(id: String, rows: [Row])] = []
        func storeBatch() async throws {
            guard !batch.isEmpty else { return }
            let orders = batch
            batch.removeAll(keepingCapacity: true)
            switch mode {
            case .preview(let database):
                for order in orders { try await store(database.sql, nil, order.id, order.rows, principal, &customers, &report) }
            case .write(let database, let journal):
                let (known, before) = (customers, report)
                (customers, report) = try await database.transaction { db in
                    var (customers, report) = (known, before)
                    for order in orders { try await store(db, journal, order.id, order.rows, principal, &customers, &report) }
                    return (customers, report)
                }
            }
        }
        func flush() async throws {
            guard let order = current else { return }
            current = nil
            finished.insert(order.id)
            batch.append(order)
            if batch.count >= chunk { try await storeBatch() }
        }
        while let item = try rows.next() {
            report.encoding = rows.encoding
            switch item {
            case .header(let header):
                do { columns = try Self.columns(header, overrides) } catch { throw StoreError.invalid(error) }
            case .problem(let problem):
                report.rows += 1
                report.problems.append(problem)
            case .row(let line, let cells):
                guard let map = columns else { continue }
                report.rows += 1
                if report.rows % 1000 == 0 { progress(report.rows) }
                let cell = { (name: String) in cells[map[name]!].trimmingCharacters(in: .whitespaces) }
                let orderId = cell("order")
                guard !orderId.isEmpty else {
                    report.problems.append(.problem(line, [FieldIssue(field: "order", reason: "is empty", code: "required")]))
                    continue
                }
                let row = Row(line: line, customer: cell("customer"), date: cell("date"), product: cell("product"),
                              quantity: cell("quantity"), amount: cell("amount"))
                if current?.id == orderId {
                    current?.rows.append(row)
                } else {
                    try await flush()
                    if finished.contains(orderId) {
                        report.problems.append(.problem(line, [FieldIssue(field: "order", reason: "\(orderId) appears again after other orders; keep its rows together",
                                                                          code: "import.orderSplit", params: ["value": orderId])]))
                        continue
                    }
                    current = (orderId, [row])
                }
            }
        }
        try await flush()
        try await storeBatch()
        if columns == nil { throw StoreError.invalid(ValidationError(field: "file", reason: "the file is empty: no header row", code: "import.noHeader")) }
        progress(report.rows)
        if !report.problems.isEmpty, !skipInvalid { report.refused = true }
        return report
    }

    /// Checks one order's rows and, when all are good, stores the order.
    static func store(_ db: any SQLDatabase, _ journal: ImportJournal?, _ orderId: String, _ rows: [Row], _ principal: Principal, _ customers: inout [String: Int64?],
                      _ report: inout Report) async throws {
        let base = try await Settings.baseCurrency(db)
        var problems: [ImportReport.RowProblem] = []
        var customerId: Int64?
        var date: Date?
        var lines: [OrderDraft.Line] = []
        for row in rows {
            var issues: [FieldIssue] = []
            let key = row.customer
            if customers[key] == nil { customers[key] = try await Self.customer(db, key) }
            if let id = customers[key] ?? nil {
                if let first = customerId, first != id {
                    issues.append(FieldIssue(field: "customer", reason: "differs from the order's first row", code: "import.customerDiffers"))
                }
                customerId = customerId ?? id
            } else {
                issues.append(FieldIssue(field: "customer", reason: "no customer has id, phone or email \"\(key)\"", code: "import.noCustomer",
                                         params: ["value": String(key.prefix(60))]))
            }
            if let day = ImportDates.parse(row.date) {
                date = date ?? day
            } else {
                issues.append(FieldIssue(field: "date", reason: "\"\(row.date)\" is not a date (2024-03-20 or 1403/01/01)", code: "value.invalid",
                                         params: ["value": String(row.date.prefix(60)), "detail": "date.invalid"]))
            }
            var quantity: Quantity?
            do { quantity = try Quantity(row.quantity) } catch { issues += error.issues.map { $0.at("quantity") } }
            var amount: Money?
            do { amount = try Money(major: row.amount, currency: base) } catch { issues += error.issues.map { $0.at("amount") } }
            if let a = amount, a.minorUnits <= 0 { issues.append(FieldIssue(field: "amount", reason: "must be more than zero", code: "amount.positive")) }
            if row.product.isEmpty { issues.append(FieldIssue(field: "product", reason: "is empty", code: "required")) }
            if let quantity, let amount, amount.minorUnits > 0, !row.product.isEmpty, issues.isEmpty {
                let product = try await ProductRepository.fetch(db, sku: row.product)
                do {
                    lines.append(try Self.line(product: product, name: row.product, quantity: quantity, amount: amount))
                } catch { issues += error.issues }
            }
            if !issues.isEmpty { problems.append(.problem(row.line, issues)) }
        }
        guard problems.isEmpty, let customerId, let date else {
            report.problems += problems
            return
        }
        let ref = "import:\(orderId)"
        if try await db.raw("SELECT id FROM orders WHERE external_ref = \(bind: ref)").first() != nil {
            report.alreadyImported += 1
            return
        }
        let totals: OrderTotals
        do { totals = try OrderTotals(currency: base, lines: lines.map(\.pricing)) } catch {
            report.problems.append(.problem(rows[0].line, error.issues))
            return
        }
        guard let journal else {
            report.orders += 1
            return
        }
        let draft = OrderDraft(currency: base, rate: .one, priceListId: nil, channel: "import", orderedAt: date, lines: lines, totals: totals)
        let id = try await OrderRepository.insert(db, customerId: customerId, draft, status: .closed, externalRef: ref, note: nil, by: principal)
        try await journal.created(db, "order", [id])
        try await CommerceEvents.record(db, customerId: customerId, at: Clock.millis(date), kind: "order", orderId: id,
                                        title: "order \(orderId) (imported)", amount: totals.total, by: principal, publish: false)
        report.orders += 1
    }

    /// A line whose net is exactly `amount`: the unit price rounded up, the difference as discount.
    static func line(product: Product?, name: String, quantity: Quantity, amount: Money) throws(ValidationError) -> OrderDraft.Line {
        let perUnit = (amount.minorUnits * 1000 + quantity.thousandths - 1) / quantity.thousandths
        let gross = try LinePricing(quantity: quantity, unitPrice: Money(minorUnits: perUnit, currency: amount.currency)).gross
        let pricing = try LinePricing(quantity: quantity, unitPrice: Money(minorUnits: perUnit, currency: amount.currency),
                                      discount: .amount(try gross.subtracting(amount)))
        let unitCost = product?.cost ?? .zero(amount.currency)
        let cost = try LinePricing(quantity: quantity, unitPrice: unitCost).gross
        return OrderDraft.Line(productId: product?.id, description: product?.name ?? name, pricing: pricing, unitCost: unitCost,
                               baseNet: pricing.net, baseCost: cost)
    }

    /// A customer by id, phone (any common form) or email.
    static func customer(_ db: any SQLDatabase, _ key: String) async throws -> Int64? {
        let latin = PersianText.latinDigits(key)
        if let id = Int64(latin), id > 0, latin.count < 9 {
            return try await db.raw("SELECT id FROM customers WHERE id = \(bind: id) AND deleted_at IS NULL").first()?.decode(column: "id", as: Int64.self)
        }
        var kind = "", value = ""
        if key.contains("@") { (kind, value) = ("email", key.lowercased()) } else if let phone = try? PhoneNumber(parsing: key) { (kind, value) = ("phone", phone.e164) }
        guard !kind.isEmpty else { return nil }
        return try await db.raw("""
            SELECT k.customer_id FROM customer_keys k JOIN customers c ON c.id = k.customer_id
            WHERE k.kind = \(bind: kind) AND k.key = \(bind: value) AND c.deleted_at IS NULL ORDER BY k.customer_id LIMIT 1
            """).first()?.decode(column: "customer_id", as: Int64.self)
    }
}

/// Dates in imported files: Gregorian or Jalali, told apart by the year, at noon in Tehran.
enum ImportDates {
    static func parse(_ text: String) -> Date? {
        let latin = PersianText.latinDigits(text).trimmingCharacters(in: .whitespaces)
        let dayPart = latin.split(separator: " ").first.map(String.init) ?? latin
        let numbers = dayPart.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        let day: JalaliDate
        if numbers[0] < 1700 {
            guard let j = try? JalaliDate(year: numbers[0], month: numbers[1], day: numbers[2]) else { return nil }
            day = j
        } else {
            guard (1...12).contains(numbers[1]), (1...31).contains(numbers[2]) else { return nil }
            day = JalaliDate(gregorianYear: numbers[0], month: numbers[1], day: numbers[2])
            guard day.gregorian == (numbers[0], numbers[1], numbers[2]) else { return nil }
        }
        return day.date(timeZone: Tehran.timeZone).addingTimeInterval(12 * 3600)
    }
}
