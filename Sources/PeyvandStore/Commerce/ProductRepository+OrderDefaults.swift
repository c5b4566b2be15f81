import PeyvandCore

/// What a new order starts from when it names no price list: the base currency, the first price
/// list in it (whose prices the order form shows and totals), and the default VAT rate.
public struct OrderDefaults: Sendable {
    public let currency: Currency
    public let priceList: PriceList?
    public let taxRate: BasisPoints
}

extension ProductRepository {
    public func orderDefaults() async throws -> OrderDefaults {
        let db = database.sql
        let currency = try await Settings.baseCurrency(db)
        return OrderDefaults(currency: currency, priceList: try await Self.defaultPriceList(db, currency),
                             taxRate: try await Settings.defaultTaxRate(db))
    }
}
