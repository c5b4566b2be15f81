/// Values read back from storage, where they were validated before being written.
extension Quantity {
    /// A quantity the store wrote itself (thousandths, never validated again).
    public init(stored thousandths: Int64) { self.init(unchecked: thousandths) }
}

extension BasisPoints {
    /// A rate the store wrote itself.
    public init(stored value: Int64) { self.init(unchecked: value) }
}

extension ExchangeRate {
    /// The rate of a currency to itself.
    public static let one: ExchangeRate = try! ExchangeRate(significand: 1, scale: 0)
}

extension Money {
    /// The part of this amount that `part` of `whole` stands for (a returned 2 of 5 units),
    /// rounded half away from zero to the minor unit; zero when `whole` is zero.
    public func share(_ part: Quantity, of whole: Quantity) -> Money {
        guard whole.thousandths > 0 else { return .zero(currency) }
        let minor = ExactArithmetic.multiplyDivideRounded(minorUnits, part.thousandths, dividingBy: UInt64(whole.thousandths)) ?? minorUnits
        return Money(minorUnits: minor, currency: currency)
    }
}
