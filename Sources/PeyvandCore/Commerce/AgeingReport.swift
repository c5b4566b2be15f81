/// Receivables ageing: open invoices' outstanding amounts bucketed by days
/// past due (see ``AgeingBucket`` for the exact boundaries) as of a day,
/// totalled per currency and per customer per currency. Amounts in
/// different currencies are never added together.
///
/// Errors: `"outstanding"` (negative outstanding), `"invoice"` (the same
/// invoice id twice), `"amount"` (a total overflows).
public struct AgeingReport: Sendable, Hashable {
    /// One invoice's place in the report.
    public struct Entry: Sendable, Hashable {
        public let invoice: OpenInvoice
        public let daysPastDue: Int
        public let bucket: AgeingBucket
    }

    public let asOf: JalaliDate
    /// One entry per invoice, in input order.
    public let entries: [Entry]
    /// Totals per currency.
    public let totals: [Currency: AgeingTotals]
    /// Totals per customer id, per currency.
    public let customerTotals: [Int64: [Currency: AgeingTotals]]

    public init(asOf: JalaliDate, invoices: [OpenInvoice]) throws(ValidationError) {
        var seen = Set<Int64>()
        var entries: [Entry] = []
        var totals: [Currency: AgeingTotals] = [:]
        var customerTotals: [Int64: [Currency: AgeingTotals]] = [:]
        for invoice in invoices {
            guard seen.insert(invoice.invoiceID).inserted else {
                throw ValidationError(field: "invoice", reason: "invoice \(invoice.invoiceID) is listed more than once", code: "invoice.duplicate")
            }
            guard !invoice.outstanding.isNegative else {
                throw ValidationError(field: "outstanding", reason: "invoice \(invoice.invoiceID) has a negative outstanding amount", code: "amount.negative")
            }
            let days = asOf.daysSinceUnixEpoch - invoice.dueDate.daysSinceUnixEpoch
            let bucket = AgeingBucket(daysPastDue: days)
            let currency = invoice.outstanding.currency
            try totals[currency, default: AgeingTotals(currency: currency)].add(invoice.outstanding, to: bucket)
            try customerTotals[invoice.customerID, default: [:]][currency, default: AgeingTotals(currency: currency)]
                .add(invoice.outstanding, to: bucket)
            entries.append(Entry(invoice: invoice, daysPastDue: days, bucket: bucket))
        }
        self.asOf = asOf
        self.entries = entries
        self.totals = totals
        self.customerTotals = customerTotals
    }

    /// Totals in `currency` (all zero if no invoice is in it).
    public func totals(in currency: Currency) -> AgeingTotals {
        totals[currency] ?? AgeingTotals(currency: currency)
    }
}
