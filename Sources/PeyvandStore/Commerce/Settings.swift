import PeyvandCore
import SQLKit

/// Organisation-wide settings kept in the database, so every instance agrees.
enum Settings {
    /// The currency reports and customer value are in (IRR unless changed).
    static func baseCurrency(_ db: any SQLDatabase) async throws -> Currency {
        let row = try await db.raw("SELECT value FROM settings WHERE key = 'base_currency'").first()
        return Currency(rawValue: try row?.decode(column: "value", as: String.self) ?? "IRR")
    }

    /// The VAT rate a new order line starts with (10% unless changed).
    static func defaultTaxRate(_ db: any SQLDatabase) async throws -> BasisPoints {
        let row = try await db.raw("SELECT value FROM settings WHERE key = 'default_tax_rate'").first()
        let text = try row?.decode(column: "value", as: String.self) ?? "10"
        return (try? BasisPoints(percent: text)) ?? (try? BasisPoints(1_000)) ?? .zero
    }
}
