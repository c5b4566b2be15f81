import PeyvandCore
import SQLKit

/// Organisation-wide settings kept in the database, so every instance agrees.
enum Settings {
    /// The currency reports and customer value are in (IRR unless changed).
    static func baseCurrency(_ db: any SQLDatabase) async throws -> Currency {
        let row = try await db.raw("SELECT value FROM settings WHERE key = 'base_currency'").first()
        return Currency(rawValue: try row?.decode(column: "value", as: String.self) ?? "IRR")
    }
}
