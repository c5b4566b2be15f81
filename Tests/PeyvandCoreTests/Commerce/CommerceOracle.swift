import PeyvandCore

/// One order line as plain integers, as the oracle sees it.
struct OracleLine: Hashable {
    let id: Int64
    let quantity: Int64          // thousandths
    let unitPrice: Int64         // minor units
    let discountAmount: Int64?   // minor units off the whole line
    let discountPercent: Int64?  // basis points
    let taxRate: Int64           // basis points
}

/// An accepted operation, as recorded by the property test.
enum LoggedOperation {
    case created(order: Int64, customer: Int64, currency: Currency, lines: [OracleLine])
    case confirmed(order: Int64)
    case shipped(order: Int64, quantities: [Int64: Int64])
    case returned(order: Int64, line: Int64, quantity: Int64)
    case invoiced(order: Int64, number: InvoiceNumber, due: JalaliDate)
    case paid(order: Int64, amount: Int64)
    case credited(order: Int64, amount: Int64)
    case cancelled(order: Int64)
    case closed(order: Int64)
}

/// An independent re-computation of everything from the operation log, in
/// plain `Int64` arithmetic with a different rounding formula from the
/// production code. Inputs are kept small enough that nothing overflows.
enum Oracle {
    /// `p ÷ d` rounded half away from zero, for `p ≥ 0`, `d > 0`: ⌊(2p + d) ÷ 2d⌋.
    static func roundedQuotient(_ p: Int64, _ d: Int64) -> Int64 {
        precondition(p >= 0 && d > 0)
        return (2 * p + d) / (2 * d)
    }

    static func gross(_ line: OracleLine) -> Int64 { roundedQuotient(line.quantity * line.unitPrice, 1_000) }

    static func discount(_ line: OracleLine) -> Int64 {
        if let amount = line.discountAmount { return amount }
        if let percent = line.discountPercent { return roundedQuotient(gross(line) * percent, 10_000) }
        return 0
    }

    static func net(_ line: OracleLine) -> Int64 { gross(line) - discount(line) }
    static func tax(_ line: OracleLine) -> Int64 { roundedQuotient(net(line) * line.taxRate, 10_000) }
    static func total(_ line: OracleLine) -> Int64 { net(line) + tax(line) }

    /// Days past due → bucket, by arithmetic rather than ranges.
    static func bucket(daysPastDue days: Int) -> AgeingBucket {
        days <= 0 ? .notDue : AgeingBucket.allCases[min((days + 29) / 30, 4)]
    }

    struct Order {
        let customer: Int64
        let currency: Currency
        let lines: [OracleLine]
        var status: OrderStatus = .draft
        var shipped: [Int64: Int64] = [:]
        var returned: [Int64: Int64] = [:]
        var invoice: (number: InvoiceNumber, due: JalaliDate)?
        var paid: Int64 = 0
        var credited: Int64 = 0

        var total: Int64 { lines.map(Oracle.total).reduce(0, +) }
        var outstanding: Int64 { total - paid - credited }
        func ordered(_ line: Int64) -> Int64? { lines.first { $0.id == line }?.quantity }
        func remaining(_ line: Int64) -> Int64 { (ordered(line) ?? 0) - shipped[line, default: 0] }
        func returnable(_ line: Int64) -> Int64 { shipped[line, default: 0] - returned[line, default: 0] }
        var fullyShipped: Bool { lines.allSatisfy { shipped[$0.id, default: 0] == $0.quantity } }
    }

    /// Replays the log from nothing.
    static func replay(_ log: [LoggedOperation]) -> [Int64: Order] {
        var orders: [Int64: Order] = [:]
        for operation in log {
            switch operation {
            case let .created(id, customer, currency, lines):
                orders[id] = Order(customer: customer, currency: currency, lines: lines)
            case let .confirmed(id):
                orders[id]!.status = .confirmed
            case let .shipped(id, quantities):
                for (line, quantity) in quantities { orders[id]!.shipped[line, default: 0] += quantity }
                orders[id]!.status = orders[id]!.fullyShipped ? .fulfilled : .partiallyFulfilled
            case let .returned(id, line, quantity):
                orders[id]!.returned[line, default: 0] += quantity
            case let .invoiced(id, number, due):
                orders[id]!.invoice = (number, due)
            case let .paid(id, amount):
                orders[id]!.paid += amount
            case let .credited(id, amount):
                orders[id]!.credited += amount
            case let .cancelled(id):
                orders[id]!.status = .cancelled
            case let .closed(id):
                orders[id]!.status = .closed
            }
        }
        return orders
    }
}
