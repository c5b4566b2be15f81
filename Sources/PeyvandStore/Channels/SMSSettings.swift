import Foundation
import PeyvandCore
import SQLKit

/// SMS settings kept in the database so every instance agrees: the secret in the callback path
/// the gateway posts delivery reports and replies to (made once per installation, on first use),
/// and the base currency prices are in.
public struct SMSSettings: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The callback path's secret: 32 random bytes as hex, made on first use.
    public func callbackSecret() async throws -> String {
        let read = { () async throws -> String? in
            try await database.sql.raw("SELECT value FROM settings WHERE key = 'sms_callback_secret'").first()?
                .decode(column: "value", as: String.self)
        }
        if let secret = try await read() { return secret }
        var generator = SystemRandomNumberGenerator()
        let fresh = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try await database.transaction { db in
            try await db.raw("INSERT INTO settings (key, value) VALUES ('sms_callback_secret', \(bind: fresh)) ON CONFLICT (key) DO NOTHING").run()
        }
        guard let secret = try await read() else { throw StoreError.conflict("the SMS callback secret was not stored") }
        return secret
    }

    /// The organisation's base currency (what SMS prices are given in).
    public func baseCurrency() async throws -> Currency {
        try await Settings.baseCurrency(database.sql)
    }
}
