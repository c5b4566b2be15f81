import Foundation
import Testing
@testable import PeyvandCore

/// Random sequences of order, shipment, invoice, payment, return and credit
/// operations against the real types, checked after every step against an
/// independent oracle replaying the log of accepted operations.
@Suite struct CommercePropertyTests {
    static let sequences = 2_000
    static let kwd = Currency(rawValue: "KWD")

    struct SimInvoice: Hashable {
        var number: InvoiceNumber
        var due: JalaliDate
        var balance: InvoiceBalance
    }

    struct SimOrder: Hashable {
        var customer: Int64
        var lines: [Int64: LinePricing]
        var totals: OrderTotals
        var status: OrderStatus
        var ledger: FulfilmentLedger
        var invoice: SimInvoice?
    }

    /// Everything the "store" holds; compared whole to prove rejections change nothing.
    struct World: Hashable {
        var orders: [Int64: SimOrder] = [:]
        var nextOrderID: Int64 = 1
        var lastSequence: [Int: Int] = [:]
    }

    /// Records failures (the first few in detail) and counts outcomes per operation.
    final class Checker {
        var failures = 0
        var outcomes: [String: (accepted: Int, rejected: Int)] = [:]
        var context = ""

        func check(_ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
            guard !condition else { return }
            failures += 1
            if failures <= 15 {
                Issue.record(Comment(rawValue: "\(context): \(message())"), sourceLocation: sourceLocation)
            }
        }

        func count(_ operation: String, accepted: Bool) {
            var entry = outcomes[operation, default: (0, 0)]
            if accepted { entry.accepted += 1 } else { entry.rejected += 1 }
            outcomes[operation] = entry
        }
    }

    @Test func randomOperationSequencesKeepInvariants() throws {
        let checker = Checker()
        var steps = 0
        for index in 0..<Self.sequences {
            let seed = UInt64(index) &* 0x2545_F491_4F6C_DD1D &+ 0x5EED
            try runSequence(seed: seed, checker: checker, steps: &steps)
            if checker.failures > 0 { break }
        }
        #expect(checker.failures == 0)
        #expect(steps > 50_000)
        // The generator must actually reach both outcomes of every operation.
        for operation in ["create", "confirm", "ship", "return", "invoice", "pay", "credit", "cancel", "close"] {
            let outcome = checker.outcomes[operation, default: (0, 0)]
            #expect(outcome.accepted > 100, "\(operation) accepted \(outcome.accepted)")
            if operation != "invoice" {
                #expect(outcome.rejected > 100, "\(operation) rejected \(outcome.rejected)")
            }
        }
    }

    // MARK: One sequence

    func runSequence(seed: UInt64, checker: Checker, steps: inout Int) throws {
        var rng = SplitMix64(seed: seed)
        var world = World()
        var log: [LoggedOperation] = []
        var today = JalaliDate(daysSinceUnixEpoch: try jday(1404, 11, 1).daysSinceUnixEpoch + rng.int(0...400))
        let length = rng.int(20...60)
        for step in 0..<length {
            steps += 1
            today = today.adding(days: rng.int(0...3))
            checker.context = "seed \(seed) step \(step)"
            let roll = rng.int(0...99)
            if roll < 8 || world.orders.isEmpty {
                try createOrder(&world, &log, &rng, checker)
            } else {
                // Mostly work on orders that can still move, so sequences get deep.
                let live = world.orders.filter { !$0.value.status.isTerminal }.keys.sorted()
                let id = rng.chance(80) && !live.isEmpty ? rng.pick(live) : rng.pick(world.orders.keys.sorted())
                switch roll {
                case 8..<20: lifecycle(.confirm, id, &world, &log, checker)
                case 20..<44: try ship(id, &world, &log, &rng, checker)
                case 44..<52: try returnGoods(id, &world, &log, &rng, checker)
                case 52..<62: try invoice(id, today, &world, &log, &rng, checker)
                case 62..<78: settle(id, credit: false, &world, &log, &rng, checker)
                case 78..<86: settle(id, credit: true, &world, &log, &rng, checker)
                case 86..<91: lifecycle(.cancel, id, &world, &log, checker)
                default: lifecycle(.close, id, &world, &log, checker)
                }
            }
            try checkInvariants(world, log, asOf: today.adding(days: rng.int(-10...150)), checker)
            if checker.failures > 0 { return }
        }
    }

    // MARK: Operations

    func createOrder(_ world: inout World, _ log: inout [LoggedOperation], _ rng: inout SplitMix64, _ checker: Checker) throws {
        let currency = rng.pick([Currency.irr, .usd, Self.kwd])
        let lineCount = rng.int(1...4)
        var oracleLines: [OracleLine] = []
        var lines: [Int64: LinePricing] = [:]
        var rejectedFields: [String]?
        var predicted: [String]?
        for index in 1...lineCount {
            let id = Int64(index * 10)
            let thousandths: Int64 = rng.chance(4) ? 0 : rng.int(1...50_000)
            let unit: Int64 = rng.chance(5) ? 0 : rng.int(1...(currency == .irr ? 1_000_000_000 : 10_000_000))
            let taxRate: Int64 = rng.chance(50) ? rng.pick([0, 900, 1_000]) : rng.int(0...10_000)
            var oracle = OracleLine(id: id, quantity: thousandths, unitPrice: unit, discountAmount: nil, discountPercent: nil, taxRate: taxRate)
            let gross = Oracle.gross(oracle)
            switch rng.int(0...2) {
            case 0: break
            case 1: oracle = OracleLine(id: id, quantity: thousandths, unitPrice: unit, discountAmount: nil, discountPercent: rng.int(0...10_000), taxRate: taxRate)
            default: oracle = OracleLine(id: id, quantity: thousandths, unitPrice: unit, discountAmount: rng.int(0...(gross + gross / 10 + 1)), discountPercent: nil, taxRate: taxRate)
            }

            // Exercise parsing: the quantity and rates travel as (sometimes Persian) text.
            var quantityText = try Quantity(thousandths: thousandths).description
            if rng.chance(50) { quantityText = PersianText.persianDigits(quantityText).replacingOccurrences(of: ".", with: "٫") }
            let quantity = try Quantity(quantityText)
            checker.check(quantity.thousandths == thousandths, "quantity text \(quantityText) parsed as \(quantity.thousandths)")
            let tax = try BasisPoints(percent: BasisPoints(taxRate).percentString)
            checker.check(tax.value == taxRate, "tax rate \(taxRate) round-tripped as \(tax.value)")
            let discount: LineDiscount
            if let amount = oracle.discountAmount {
                discount = .amount(Money(minorUnits: amount, currency: currency))
            } else if let percent = oracle.discountPercent {
                discount = .percent(try BasisPoints(percent: PersianText.persianDigits(BasisPoints(percent).percentString) + "%"))
            } else {
                discount = .none
            }

            let expected: [String]? = thousandths == 0 ? ["quantity"] : Oracle.discount(oracle) > gross ? ["discount"] : nil
            if predicted == nil { predicted = expected }
            do {
                lines[id] = try LinePricing(quantity: quantity, unitPrice: Money(minorUnits: unit, currency: currency), discount: discount, taxRate: tax)
            } catch {
                if rejectedFields == nil { rejectedFields = error.issues.map(\.field) }
            }
            oracleLines.append(oracle)
        }
        checker.count("create", accepted: rejectedFields == nil)
        checker.check(rejectedFields == predicted, "create: rejected \(String(describing: rejectedFields)), oracle expected \(String(describing: predicted))")
        guard rejectedFields == nil else { return }

        let id = world.nextOrderID
        let customer = rng.int(Int64(1)...5)
        let ordered = lines.mapValues(\.quantity)
        world.orders[id] = SimOrder(
            customer: customer, lines: lines,
            totals: try OrderTotals(currency: currency, lines: lines.keys.sorted().map { lines[$0]! }),
            status: .draft, ledger: try FulfilmentLedger(ordered: ordered), invoice: nil)
        world.nextOrderID += 1
        log.append(.created(order: id, customer: customer, currency: currency, lines: oracleLines))
    }

    func lifecycle(_ event: OrderEvent, _ id: Int64, _ world: inout World, _ log: inout [LoggedOperation], _ checker: Checker) {
        let oracle = Oracle.replay(log)[id]!
        let name: String
        let allowed: Bool
        switch event {
        case .confirm: name = "confirm"; allowed = oracle.status == .draft
        case .cancel: name = "cancel"; allowed = (oracle.status == .draft || oracle.status == .confirmed) && oracle.shipped.values.allSatisfy { $0 == 0 }
        case .close: name = "close"; allowed = oracle.status == .fulfilled
        case .ship: preconditionFailure("shipping goes through the ledger")
        }
        let before = world
        do {
            world.orders[id]!.status = try world.orders[id]!.status.applying(event)
            checker.count(name, accepted: true)
            checker.check(allowed, "\(name) accepted from \(oracle.status)")
            switch event {
            case .confirm: log.append(.confirmed(order: id))
            case .cancel: log.append(.cancelled(order: id))
            default: log.append(.closed(order: id))
            }
        } catch {
            checker.count(name, accepted: false)
            checker.check(!allowed, "\(name) rejected from \(oracle.status): \(error)")
            checker.check(error.issues.map(\.field) == ["status"], "\(name) rejected with \(error)")
            checker.check(world == before, "rejected \(name) changed the world")
        }
    }

    func ship(_ id: Int64, _ world: inout World, _ log: inout [LoggedOperation], _ rng: inout SplitMix64, _ checker: Checker) throws {
        let oracle = Oracle.replay(log)[id]!
        var shipment: [Int64: Quantity] = [:]
        let adversarial = rng.chance(30)   // otherwise only quantities that should be accepted
        for line in oracle.lines where rng.chance(60) {
            let remaining = oracle.remaining(line.id)
            let amount: Int64
            if !adversarial {
                guard remaining > 0 else { continue }
                amount = rng.chance(50) ? remaining : rng.int(1...remaining)
            } else {
                switch rng.int(0...99) {
                case 0..<40: amount = remaining + rng.int(1...2_000)   // more than remains
                case 40..<60: amount = 0
                default: amount = remaining > 0 ? rng.int(1...remaining) : rng.int(0...1_000)
                }
            }
            shipment[line.id] = try Quantity(thousandths: amount)
        }
        if adversarial && rng.chance(20) { shipment[99] = try Quantity(thousandths: rng.int(1...1_000)) }

        let statusAllows = oracle.status == .confirmed || oracle.status == .partiallyFulfilled
        let linesValid = !shipment.isEmpty && shipment.allSatisfy { line, quantity in
            oracle.ordered(line) != nil && quantity.thousandths > 0 && quantity.thousandths <= oracle.remaining(line)
        }
        let before = world
        do {
            _ = try world.orders[id]!.status.applying(.ship(.partial))   // the caller checks the status first
            let event = try world.orders[id]!.ledger.recordShipment(shipment)
            world.orders[id]!.status = try world.orders[id]!.status.applying(event)
            checker.count("ship", accepted: true)
            checker.check(statusAllows && linesValid, "shipment \(shipment) accepted from \(oracle.status)")
            log.append(.shipped(order: id, quantities: shipment.mapValues(\.thousandths)))
        } catch {
            checker.count("ship", accepted: false)
            checker.check(!(statusAllows && linesValid), "valid shipment \(shipment) rejected: \(error)")
            let fields = Set(error.issues.map(\.field))
            checker.check(statusAllows ? !fields.contains("status") && !fields.isEmpty : fields == ["status"], "shipment rejected with \(error)")
            checker.check(world == before, "rejected shipment changed the world")
        }
    }

    func returnGoods(_ id: Int64, _ world: inout World, _ log: inout [LoggedOperation], _ rng: inout SplitMix64, _ checker: Checker) throws {
        let oracle = Oracle.replay(log)[id]!
        let line = rng.chance(5) ? 99 : rng.pick(oracle.lines).id
        let returnable = oracle.returnable(line)
        let amount: Int64
        switch rng.int(0...99) {
        case 0..<30: amount = returnable
        case 30..<70: amount = returnable > 0 ? rng.int(1...returnable) : rng.int(0...500)
        case 70..<92: amount = returnable + rng.int(1...500)   // returning more than was delivered
        default: amount = 0
        }
        let allowed = oracle.ordered(line) != nil && amount > 0 && amount <= returnable
        let before = world
        do {
            try world.orders[id]!.ledger.recordReturn(line: line, quantity: Quantity(thousandths: amount))
            checker.count("return", accepted: true)
            checker.check(allowed, "return of \(amount) on line \(line) accepted, returnable \(returnable)")
            log.append(.returned(order: id, line: line, quantity: amount))
        } catch {
            checker.count("return", accepted: false)
            checker.check(!allowed, "valid return of \(amount) on line \(line) rejected: \(error)")
            let expectedField = oracle.ordered(line) == nil ? "line" : "quantity"
            checker.check(error.issues.map(\.field) == [expectedField], "return rejected with \(error)")
            if oracle.ordered(line) != nil && amount > returnable {
                checker.check(error.issues[0].reason.hasPrefix("returning more than was delivered"), "over-return reason: \(error)")
            }
            checker.check(world == before, "rejected return changed the world")
        }
    }

    func invoice(_ id: Int64, _ today: JalaliDate, _ world: inout World, _ log: inout [LoggedOperation], _ rng: inout SplitMix64, _ checker: Checker) throws {
        // Store policy (not a domain rule): one invoice per confirmed, not cancelled order.
        let order = world.orders[id]!
        guard order.invoice == nil, order.status != .draft, order.status != .cancelled else { return }
        let sequence = world.lastSequence[today.year, default: 0] + 1
        let number: InvoiceNumber
        if rng.chance(50) {
            number = try InvoiceNumber(issuedOn: today, sequence: sequence)
        } else {
            let instant = today.date(timeZone: Tehran.timeZone).addingTimeInterval(Double(rng.int(0...86_399)))
            number = try InvoiceNumber(issuedAt: instant, sequence: sequence)
        }
        checker.check(number.year == today.year && number.sequence == sequence, "invoice number \(number) issued on \(today)")
        checker.check(try InvoiceNumber.parse(number.formatted(digits: .persian)) == number, "invoice number \(number) round trip")
        let terms = try PaymentTerms(netDays: rng.int(0...90))
        let due = terms.dueDate(issuedOn: today)
        checker.check(due.daysSinceUnixEpoch - today.daysSinceUnixEpoch == terms.netDays, "due date \(due) for \(terms) from \(today)")
        world.orders[id]!.invoice = SimInvoice(number: number, due: due, balance: try InvoiceBalance(total: order.totals.total))
        world.lastSequence[today.year] = sequence
        checker.count("invoice", accepted: true)
        log.append(.invoiced(order: id, number: number, due: due))
    }

    func settle(_ id: Int64, credit: Bool, _ world: inout World, _ log: inout [LoggedOperation], _ rng: inout SplitMix64, _ checker: Checker) {
        guard let balance = world.orders[id]!.invoice?.balance else { return }
        let oracle = Oracle.replay(log)[id]!
        let outstanding = oracle.outstanding
        var currency = oracle.currency
        let amount: Int64
        switch rng.int(0...99) {
        case 0..<25: amount = outstanding
        case 25..<55: amount = outstanding > 0 ? rng.int(1...outstanding) : 1
        case 55..<75: amount = outstanding + rng.int(1...1_000)   // paying more than is due
        case 75..<82: amount = 0
        case 82..<90: amount = -rng.int(1...1_000)
        case 90..<95: amount = 1
        default:
            amount = max(1, outstanding / 2)
            currency = currency == .usd ? .irr : .usd
        }
        let money = Money(minorUnits: amount, currency: currency)
        let allowed = currency == oracle.currency && amount > 0 && amount <= outstanding
        let name = credit ? "credit" : "pay"
        let before = world
        do {
            if credit {
                try world.orders[id]!.invoice!.balance.recordCredit(money)
            } else {
                try world.orders[id]!.invoice!.balance.recordPayment(money)
            }
            checker.count(name, accepted: true)
            checker.check(allowed, "\(name) \(money) accepted with \(outstanding) outstanding")
            log.append(credit ? .credited(order: id, amount: amount) : .paid(order: id, amount: amount))
        } catch {
            checker.count(name, accepted: false)
            checker.check(!allowed, "valid \(name) \(money) rejected: \(error)")
            checker.check(error.issues.map(\.field) == [currency == oracle.currency ? "amount" : "currency"], "\(name) rejected with \(error)")
            if currency == oracle.currency && amount > outstanding {
                let due = Money(minorUnits: outstanding, currency: currency).formatted(language: "en")
                let verb = credit ? "crediting" : "paying"
                checker.check(error.issues[0].reason == "\(verb) more than is due: \(due) is due", "over-\(name) reason: \(error)")
            }
            checker.check(world == before, "rejected \(name) changed the world")
            checker.check(world.orders[id]!.invoice!.balance == balance, "rejected \(name) changed the balance")
        }
    }

    // MARK: Invariants

    func checkInvariants(_ world: World, _ log: [LoggedOperation], asOf: JalaliDate, _ checker: Checker) throws {
        let oracle = Oracle.replay(log)
        checker.check(Set(world.orders.keys) == Set(oracle.keys), "order ids differ from the log")
        var open: [OpenInvoice] = []
        var numbers: [InvoiceNumber] = []
        var expectedOutstanding: [Currency: Int64] = [:]
        var expectedBuckets: [Currency: [AgeingBucket: Int64]] = [:]

        for (id, order) in world.orders {
            guard let o = oracle[id] else { continue }
            checker.check(order.status == o.status, "order \(id) status \(order.status), log says \(o.status)")
            checker.check(order.totals.currency == o.currency, "order \(id) currency")

            // Pricing: every line and the order total against the oracle's arithmetic.
            for line in o.lines {
                guard let pricing = order.lines[line.id] else { checker.check(false, "order \(id) lost line \(line.id)"); continue }
                checker.check(pricing.gross.minorUnits == Oracle.gross(line), "line \(line.id) gross \(pricing.gross.minorUnits) ≠ \(Oracle.gross(line))")
                checker.check(pricing.discountAmount.minorUnits == Oracle.discount(line), "line \(line.id) discount")
                checker.check(pricing.net.minorUnits == Oracle.net(line), "line \(line.id) net")
                checker.check(pricing.tax.minorUnits == Oracle.tax(line), "line \(line.id) tax \(pricing.tax.minorUnits) ≠ \(Oracle.tax(line))")
                checker.check(pricing.total.minorUnits == Oracle.total(line), "line \(line.id) total")
            }
            checker.check(order.totals.total.minorUnits == o.total, "order \(id) total \(order.totals.total.minorUnits) ≠ \(o.total)")
            checker.check(order.totals.gross.minorUnits == o.lines.map(Oracle.gross).reduce(0, +), "order \(id) gross")
            checker.check(order.totals.tax.minorUnits == o.lines.map(Oracle.tax).reduce(0, +), "order \(id) tax")

            // Fulfilment: quantities equal the log's sums and stay within bounds.
            checker.check(order.ledger.lines.count == o.lines.count, "order \(id) ledger line count")
            for line in o.lines {
                guard let ledgerLine = order.ledger.lines[line.id] else { checker.check(false, "ledger lost line \(line.id)"); continue }
                let shipped = ledgerLine.shipped.thousandths, returned = ledgerLine.returned.thousandths
                checker.check(ledgerLine.ordered.thousandths == line.quantity, "line \(line.id) ordered")
                checker.check(shipped == o.shipped[line.id, default: 0], "line \(line.id) shipped \(shipped) ≠ log \(o.shipped[line.id, default: 0])")
                checker.check(returned == o.returned[line.id, default: 0], "line \(line.id) returned \(returned) ≠ log")
                checker.check(0 <= returned && returned <= shipped && shipped <= line.quantity, "line \(line.id) bounds \(returned) ≤ \(shipped) ≤ \(line.quantity)")
            }
            let extent = order.ledger.shipmentExtent
            switch order.status {
            case .draft, .confirmed, .cancelled: checker.check(extent == nil, "order \(id) is \(order.status) but has shipped")
            case .partiallyFulfilled: checker.check(extent == .partial, "order \(id) is partially fulfilled but extent is \(String(describing: extent))")
            case .fulfilled, .closed: checker.check(extent == .full, "order \(id) is \(order.status) but extent is \(String(describing: extent))")
            }

            // Invoice balance: outstanding = total − paid − credited ≥ 0, all equal to the log's sums.
            checker.check((order.invoice == nil) == (o.invoice == nil), "order \(id) invoice presence")
            guard let invoice = order.invoice, let logged = o.invoice else { continue }
            let balance = invoice.balance
            checker.check(balance.total.minorUnits == o.total && balance.total == order.totals.total, "invoice total")
            checker.check(balance.paid.minorUnits == o.paid, "paid \(balance.paid.minorUnits) ≠ log \(o.paid)")
            checker.check(balance.credited.minorUnits == o.credited, "credited \(balance.credited.minorUnits) ≠ log \(o.credited)")
            checker.check(balance.outstanding.minorUnits == o.total - o.paid - o.credited, "outstanding ≠ total − paid − credited")
            checker.check(balance.outstanding.minorUnits >= 0, "negative outstanding")
            checker.check(invoice.number == logged.number && invoice.due == logged.due, "invoice number or due date")
            numbers.append(invoice.number)
            open.append(OpenInvoice(invoiceID: id, customerID: order.customer, dueDate: invoice.due, outstanding: balance.outstanding))
            expectedOutstanding[o.currency, default: 0] += o.outstanding
            let days = asOf.daysSinceUnixEpoch - logged.due.daysSinceUnixEpoch
            expectedBuckets[o.currency, default: [:]][Oracle.bucket(daysPastDue: days), default: 0] += o.outstanding
        }

        // Invoice numbers: unique and gapless per Jalali year.
        checker.check(Set(numbers).count == numbers.count, "duplicate invoice numbers")
        checker.check(InvoiceNumber.gaps(in: numbers).isEmpty, "invoice numbers have gaps: \(InvoiceNumber.gaps(in: numbers))")

        // Ageing: bucket sums equal outstanding sums, per currency, exactly.
        let report = try AgeingReport(asOf: asOf, invoices: open)
        for currency in [Currency.irr, .usd, Self.kwd] {
            let totals = report.totals(in: currency)
            let bucketSum = AgeingBucket.allCases.map { totals[$0].minorUnits }.reduce(0, +)
            checker.check(bucketSum == expectedOutstanding[currency, default: 0], "\(currency) ageing buckets sum \(bucketSum) ≠ outstanding")
            checker.check(totals.total.minorUnits == expectedOutstanding[currency, default: 0], "\(currency) ageing total")
            for bucket in AgeingBucket.allCases {
                checker.check(totals[bucket].minorUnits == expectedBuckets[currency]?[bucket] ?? 0, "\(currency) bucket \(bucket)")
            }
            let perCustomer = report.customerTotals.values.compactMap { $0[currency]?.total.minorUnits }.reduce(0, +)
            checker.check(perCustomer == expectedOutstanding[currency, default: 0], "\(currency) per-customer ageing sum")
        }
    }
}
