import Foundation
import PeyvandCore

/// One demo order as planned for a customer, and how it becomes rows.
struct DemoOrder {
    struct Product {
        let id: Int64
        let item: DemoCatalog.Item
        let priceListId: Int64
    }

    struct Line {
        let product: Product
        let pricing: LinePricing
        let cost: Money
    }

    enum Fate { case open, shippedInPart, paid, unpaid, partlyPaid, returned, cancelled }

    let at: Date
    let lines: [Line]
    let fate: Fate
    let method: String

    static let tax = BasisPoints(stored: 1000)

    /// One order on `at`: products near the buyer's budget (and the season's), its fate by its age,
    /// so that nothing — shipment, delivery, invoice, payment, return — happens after `now`.
    static func order(_ r: inout SeededRandom, at: Date, now: Date, products: [Product], buyer: Buyer) -> DemoOrder {
        let day = Tehran.day(of: at)
        let large = buyer.large
        let weights = products.map { DemoCatalog.seasonalWeight(sku: $0.item.sku, on: day) * affinity(price: $0.item.price, budget: buyer.budget) }
        let total = weights.reduce(0, +)
        var lines: [Line] = []
        var used: Set<Int64> = []
        for _ in 0..<(large ? Int.random(in: 2...5, using: &r) : [1, 1, 1, 2, 2, 3][Int.random(in: 0..<6, using: &r)]) {
            var pick = Double.random(in: 0..<total, using: &r)
            var product = products[0]
            for (p, w) in zip(products, weights) {
                if pick < w { product = p; break }
                pick -= w
            }
            if used.contains(product.id) { continue }
            used.insert(product.id)
            let quantity = Quantity(stored: Int64(large ? Int.random(in: 2...8, using: &r) : [1, 1, 1, 2, 3][Int.random(in: 0..<5, using: &r)]) * 1000)
            let price = Money(minorUnits: product.item.price, currency: .irr)
            let discount: LineDiscount = r.chance(large ? 0.6 : 0.1) ? .percent(BasisPoints(stored: Int64([500, 1000, 1500][Int.random(in: 0..<3, using: &r)]))) : .none
            guard let pricing = try? LinePricing(quantity: quantity, unitPrice: price, discount: discount, taxRate: tax),
                  let cost = try? LinePricing(quantity: quantity, unitPrice: Money(minorUnits: product.item.cost, currency: .irr)).gross else { continue }
            lines.append(Line(product: product, pricing: pricing, cost: cost))
        }
        let age = now.timeIntervalSince(at) / 86_400
        let fateRoll = Double.random(in: 0..<1, using: &r)
        let fate: Fate
        // Shipped a day after the order, delivered two days later, invoiced the day after the order,
        // paid ten days after the invoice (half of it after three), one unit returned after five.
        if age < 1 { fate = .open }
        else if age < 3 { fate = fateRoll < 0.5 ? .open : .shippedInPart }
        else if fateRoll < 0.02 { fate = .cancelled }
        else if fateRoll < 0.06 { fate = age < 11 ? .unpaid : .returned }
        else if fateRoll < 0.11 { fate = age < 200 ? .unpaid : .paid }
        else if fateRoll < 0.15 { fate = age < 4 ? .unpaid : .partlyPaid }
        else { fate = age < 11 ? .unpaid : .paid }
        let method = ["cash", "card", "card", "bankTransfer", "bankTransfer", "cheque"][Int.random(in: 0..<6, using: &r)]
        return DemoOrder(at: at, lines: lines, fate: fate, method: method)
    }

    /// Appends this order's rows; invoices take the next number of their Jalali year.
    func write(id: Int64, customer: Int64, staff: Int64?, now: Int64, sequences: inout [Int: Int], into rows: inout DemoCommerce.Rows) throws {
        guard !lines.isEmpty else { return }
        let totals = try OrderTotals(currency: .irr, lines: lines.map(\.pricing))
        let at = Clock.millis(self.at)
        let shipped = fate != .open && fate != .cancelled
        let status: OrderStatus = switch fate {
        case .open: .confirmed
        case .shippedInPart: .partiallyFulfilled
        case .cancelled: .cancelled
        case .paid: .closed
        default: .fulfilled
        }
        rows.orders.append([id, customer, status.rawValue, "IRR", "1", lines[0].product.priceListId, "pos", Optional<String>.none, at,
                            Optional<String>.none, totals.net.minorUnits, totals.tax.minorUnits, totals.total.minorUnits, Int64(1), staff, at, at])
        rows.events.append([customer, at, "order-confirmed", id, Optional<Int64>.none, "order #\(id)", totals.total.minorUnits, "IRR", staff])
        let firstLine = rows.lines.count
        let returnedLine = fate == .returned ? 0 : -1
        for (n, line) in lines.enumerated() {
            let p = line.pricing
            let shippedQuantity = !shipped ? 0 : (fate == .shippedInPart && n > 0 ? 0 : p.quantity.thousandths)
            let returnedQuantity = n == returnedLine ? Int64(1000) : 0
            rows.lines.append([id, Int64(n + 1), line.product.id, line.product.item.name, p.quantity.thousandths, p.unitPrice.minorUnits,
                               p.discountAmount.minorUnits, p.taxRate.value, p.net.minorUnits, p.tax.minorUnits, p.total.minorUnits,
                               line.product.item.cost, p.net.minorUnits, line.cost.minorUnits, shippedQuantity, returnedQuantity])
        }
        guard shipped else { return }
        let shipAt = at + 86_400_000
        let shipment = rows.shipments.count
        let deliveredAt = shipAt + 2 * 86_400_000
        rows.shipments.append([id, "پست", "TR\(id)", shipAt, deliveredAt <= now ? deliveredAt : Optional<Int64>.none, staff, shipAt])
        for (n, line) in lines.enumerated() where fate != .shippedInPart || n == 0 {
            rows.shipmentLines.append([shipment, firstLine + n, line.pricing.quantity.thousandths])
        }
        guard fate != .shippedInPart else { return }
        let issued = self.at.addingTimeInterval(86_400)
        let year = Tehran.day(of: issued).year
        let sequence = (sequences[year] ?? 0) + 1
        sequences[year] = sequence
        let number = try InvoiceNumber(year: year, sequence: sequence).description
        let invoiceIndex = rows.invoices.count
        let total = totals.total.minorUnits
        var credited: Int64 = 0
        var paid: Int64 = 0
        switch fate {
        case .paid, .returned: paid = total
        case .partlyPaid: paid = total / 2
        default: paid = 0
        }
        let issuedMillis = Clock.millis(issued)
        let due = issuedMillis + 30 * 86_400_000
        let paidAt = issuedMillis + Int64(fate == .partlyPaid ? 3 : 10) * 86_400_000
        if fate == .returned {
            // One unit of the first line comes back after payment: the credit is owed back.
            let line = lines[0].pricing
            let net = line.net.share(Quantity(stored: 1000), of: line.quantity)
            let tax = line.tax.share(Quantity(stored: 1000), of: line.quantity)
            credited = 0
            let creditYear = year
            let creditSequence = (sequences[-creditYear] ?? 0) + 1
            sequences[-creditYear] = creditSequence
            rows.invoices.append([number, "invoice", id, customer, Optional<Int64>.none, "IRR", issuedMillis, due, Int64(30),
                                  totals.net.minorUnits, totals.tax.minorUnits, total, paid, credited, paidAt, Int64(1), staff, issuedMillis])
            let noteIndex = rows.invoices.count
            let noteAt = issuedMillis + 5 * 86_400_000
            rows.invoices.append(["CN-" + (try InvoiceNumber(year: creditYear, sequence: creditSequence).description), "credit-note", id, customer,
                                  invoiceIndex, "IRR", noteAt, noteAt, Int64(0), net.minorUnits, tax.minorUnits, net.minorUnits + tax.minorUnits,
                                  Int64(0), Int64(0), noteAt, Int64(1), staff, noteAt])
            rows.returns.append([id, firstLine, customer, Int64(1000), "معیوب", true, noteIndex, net.minorUnits, tax.minorUnits, net.minorUnits,
                                 Money(minorUnits: lines[0].product.item.cost, currency: .irr).minorUnits, noteAt, staff, noteAt])
            rows.events.append([customer, noteAt, "return", id, Optional<Int64>.none, "1 × \(lines[0].product.item.name) returned", net.minorUnits + tax.minorUnits, "IRR", staff])
        } else {
            rows.invoices.append([number, "invoice", id, customer, Optional<Int64>.none, "IRR", issuedMillis, due, Int64(30),
                                  totals.net.minorUnits, totals.tax.minorUnits, total, paid, credited, paid == total ? paidAt : Optional<Int64>.none,
                                  Int64(1), staff, issuedMillis])
        }
        if paid > 0 {
            let cheque = method == "cheque"
            rows.payments.append([invoiceIndex, customer, paid, "IRR", method, cheque ? "\(100_000 + id % 900_000)" : Optional<String>.none,
                                  cheque ? "ملت" : Optional<String>.none, cheque ? paidAt + 30 * 86_400_000 : Optional<Int64>.none, paidAt, staff, paidAt])
            rows.events.append([customer, paidAt, "payment", id, Optional<Int64>.none, "payment on \(number)", paid, "IRR", staff])
        }
    }
}
