/// The priced amounts of one order line, computed exactly in minor units.
///
/// * `gross = quantity × unitPrice`, rounded half away from zero to the
///   currency's minor unit (quantity is in thousandths, so this is
///   `thousandths × unitPrice.minorUnits ÷ 1000` with a 128-bit product).
/// * `discountAmount` is the fixed amount, or `gross × percent` rounded half
///   away from zero; it may not exceed `gross`.
/// * `net = gross − discountAmount`.
/// * `tax = net × taxRate`, rounded half away from zero.
/// * `total = net + tax`.
///
/// Errors: `"quantity"` (not positive), `"unitPrice"` (negative),
/// `"discount"` (negative, or more than the gross amount), `"currency"`
/// (discount in another currency), `"amount"` (overflow).
public struct LinePricing: Sendable, Hashable {
    public let quantity: Quantity
    public let unitPrice: Money
    public let discount: LineDiscount
    public let taxRate: BasisPoints

    public let gross: Money
    public let discountAmount: Money
    public let net: Money
    public let tax: Money
    public let total: Money

    public var currency: Currency { unitPrice.currency }

    public init(quantity: Quantity, unitPrice: Money, discount: LineDiscount = .none, taxRate: BasisPoints = .zero) throws(ValidationError) {
        var problems: [FieldIssue] = []
        if !quantity.isPositive {
            problems.append(FieldIssue(field: "quantity", reason: "quantity must be greater than zero", code: "amount.positive"))
        }
        if unitPrice.isNegative {
            problems.append(FieldIssue(field: "unitPrice", reason: "unit price must not be negative", code: "amount.negative"))
        }
        if case .amount(let off) = discount {
            if off.currency != unitPrice.currency {
                problems.append(FieldIssue(field: "currency", reason: "discount is in \(off.currency.rawValue) but the line is in \(unitPrice.currency.rawValue)", code: "currency.mismatch", params: ["a": off.currency.rawValue, "b": unitPrice.currency.rawValue]))
            }
            if off.isNegative {
                problems.append(FieldIssue(field: "discount", reason: "discount must not be negative", code: "amount.negative"))
            }
        }
        guard problems.isEmpty else { throw ValidationError(problems) }

        guard let grossMinor = ExactArithmetic.multiplyDivideRounded(quantity.thousandths, unitPrice.minorUnits, dividingBy: UInt64(Quantity.scale)) else {
            throw ValidationError(field: "amount", reason: "amount is too large", code: "number.tooLarge")
        }
        let gross = Money(minorUnits: grossMinor, currency: unitPrice.currency)
        let discountAmount: Money
        switch discount {
        case .none: discountAmount = .zero(unitPrice.currency)
        case .amount(let off): discountAmount = off
        case .percent(let rate): discountAmount = rate.apply(to: gross)
        }
        guard discountAmount.minorUnits <= gross.minorUnits else {
            throw ValidationError(field: "discount", reason: "discount of \(discountAmount.formatted(language: "en")) is more than the line's gross amount of \(gross.formatted(language: "en"))", code: "discount.tooLarge")
        }
        // 0 ≤ discount ≤ gross, so net is in 0…gross and tax ≤ net: only net + tax can overflow.
        let net = Money(minorUnits: gross.minorUnits - discountAmount.minorUnits, currency: gross.currency)
        let tax = taxRate.apply(to: net)
        let total = try net.adding(tax)

        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.taxRate = taxRate
        self.gross = gross
        self.discountAmount = discountAmount
        self.net = net
        self.tax = tax
        self.total = total
    }
}
