/// Outstanding amounts in one currency split by ``AgeingBucket``, exact.
public struct AgeingTotals: Sendable, Hashable {
    public let currency: Currency
    /// One amount per bucket; every bucket is present (zero if empty).
    public private(set) var amounts: [AgeingBucket: Money]
    /// The sum of all buckets.
    public private(set) var total: Money

    /// All buckets zero.
    public init(currency: Currency) {
        self.currency = currency
        self.amounts = Dictionary(uniqueKeysWithValues: AgeingBucket.allCases.map { ($0, Money.zero(currency)) })
        self.total = .zero(currency)
    }

    /// The amount in `bucket`.
    public subscript(bucket: AgeingBucket) -> Money { amounts[bucket] ?? .zero(currency) }

    /// Adds `amount` to `bucket` and to the total. Throws on overflow
    /// (`"amount"`) or currency mismatch (`"currency"`).
    mutating func add(_ amount: Money, to bucket: AgeingBucket) throws(ValidationError) {
        let newTotal = try total.adding(amount)
        amounts[bucket] = try self[bucket].adding(amount)
        total = newTotal
    }
}
