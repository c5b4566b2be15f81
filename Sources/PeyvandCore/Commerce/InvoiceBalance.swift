/// What is owed on one invoice: `outstanding = total − paid − credited`.
///
/// Invariants: all amounts share one currency, none is negative, and
/// `paid + credited ≤ total`, so `outstanding` is never negative. Payments
/// and credit notes are each limited to the outstanding amount (refunds of
/// overpayments are out of scope).
///
/// Errors: `"amount"` (not positive, or more than is due — the reason says
/// how much is due), `"currency"` (mismatch), `"total"` / `"paid"` /
/// `"credited"` (inconsistent stored balance).
///
/// JSON shape: `{"total":Money,"paid":Money,"credited":Money}`.
public struct InvoiceBalance: Sendable, Hashable, Codable {
    public let total: Money
    public private(set) var paid: Money
    public private(set) var credited: Money

    /// A new, unpaid invoice balance.
    public init(total: Money) throws(ValidationError) {
        try self.init(total: total, paid: .zero(total.currency), credited: .zero(total.currency))
    }

    /// Restores a stored balance, checking its invariants.
    public init(total: Money, paid: Money, credited: Money) throws(ValidationError) {
        guard paid.currency == total.currency, credited.currency == total.currency else {
            throw ValidationError(field: "currency", reason: "paid and credited amounts must be in the invoice currency \(total.currency.rawValue)", code: "currency.mismatch", params: ["a": paid.currency.rawValue, "b": total.currency.rawValue])
        }
        var problems: [FieldIssue] = []
        if total.isNegative { problems.append(FieldIssue(field: "total", reason: "total must not be negative", code: "amount.negative")) }
        if paid.isNegative { problems.append(FieldIssue(field: "paid", reason: "paid amount must not be negative", code: "amount.negative")) }
        if credited.isNegative { problems.append(FieldIssue(field: "credited", reason: "credited amount must not be negative", code: "amount.negative")) }
        guard problems.isEmpty else { throw ValidationError(problems) }
        // Both are non-negative, so the sum can only overflow past Int64.max, which exceeds any total.
        let (settled, overflow) = paid.minorUnits.addingReportingOverflow(credited.minorUnits)
        guard !overflow, settled <= total.minorUnits else {
            throw ValidationError(field: "paid", reason: "paid plus credited is more than the invoice total", code: "invoice.overpaid")
        }
        self.total = total
        self.paid = paid
        self.credited = credited
    }

    public var currency: Currency { total.currency }

    /// `total − paid − credited`, never negative.
    public var outstanding: Money {
        Money(minorUnits: total.minorUnits - paid.minorUnits - credited.minorUnits, currency: total.currency)
    }

    /// Nothing is outstanding.
    public var isSettled: Bool { outstanding.isZero }

    /// Checks a payment: positive, same currency, at most what is due.
    public func validatePayment(_ amount: Money) throws(ValidationError) {
        try validateSettlement(amount, noun: "payment", verb: "paying")
    }

    /// Records a validated payment.
    public mutating func recordPayment(_ amount: Money) throws(ValidationError) {
        try validatePayment(amount)
        paid = Money(minorUnits: paid.minorUnits + amount.minorUnits, currency: currency)
    }

    /// Checks a credit note: positive, same currency, at most what is due.
    public func validateCredit(_ amount: Money) throws(ValidationError) {
        try validateSettlement(amount, noun: "credit note", verb: "crediting")
    }

    /// Records a validated credit note.
    public mutating func recordCredit(_ amount: Money) throws(ValidationError) {
        try validateCredit(amount)
        credited = Money(minorUnits: credited.minorUnits + amount.minorUnits, currency: currency)
    }

    private func validateSettlement(_ amount: Money, noun: String, verb: String) throws(ValidationError) {
        guard amount.currency == currency else {
            throw ValidationError(field: "currency", reason: "\(noun) is in \(amount.currency.rawValue) but the invoice is in \(currency.rawValue)", code: "currency.mismatch", params: ["a": amount.currency.rawValue, "b": currency.rawValue])
        }
        guard amount.minorUnits > 0 else {
            throw ValidationError(field: "amount", reason: "\(noun) must be greater than zero", code: "amount.positive")
        }
        let due = outstanding
        guard amount.minorUnits <= due.minorUnits else {
            throw ValidationError(field: "amount", reason: "\(verb) more than is due: \(due.formatted(language: "en")) is due", code: "payment.moreThanDue", params: ["money": "\(due.majorString) \(due.currency.rawValue)"])
        }
    }

    private enum CodingKeys: String, CodingKey { case total, paid, credited }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let total = try container.decode(Money.self, forKey: .total)
        let paid = try container.decode(Money.self, forKey: .paid)
        let credited = try container.decode(Money.self, forKey: .credited)
        do {
            try self.init(total: total, paid: paid, credited: credited)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .total, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(paid, forKey: .paid)
        try container.encode(credited, forKey: .credited)
    }
}
