/// The sums of an order's ``LinePricing``s: gross, discount, net, tax and
/// total, each exact in minor units.
///
/// All lines must be in the order's currency (field `"currency"`, naming
/// the 1-based line); a sum that overflows throws with field `"amount"`.
public struct OrderTotals: Sendable, Hashable {
    public let currency: Currency
    public let gross: Money
    public let discount: Money
    public let net: Money
    public let tax: Money
    public let total: Money
    public let lineCount: Int

    public init(currency: Currency, lines: [LinePricing]) throws(ValidationError) {
        var gross = Money.zero(currency)
        var discount = Money.zero(currency)
        var net = Money.zero(currency)
        var tax = Money.zero(currency)
        var total = Money.zero(currency)
        for (index, line) in lines.enumerated() {
            guard line.currency == currency else {
                throw ValidationError(field: "currency", reason: "line \(index + 1) is in \(line.currency.rawValue) but the order is in \(currency.rawValue)", code: "currency.mismatch", params: ["a": line.currency.rawValue, "b": currency.rawValue])
            }
            gross = try gross.adding(line.gross)
            discount = try discount.adding(line.discountAmount)
            net = try net.adding(line.net)
            tax = try tax.adding(line.tax)
            total = try total.adding(line.total)
        }
        self.currency = currency
        self.gross = gross
        self.discount = discount
        self.net = net
        self.tax = tax
        self.total = total
        self.lineCount = lines.count
    }
}
