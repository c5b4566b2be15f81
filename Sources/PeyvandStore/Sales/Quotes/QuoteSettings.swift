import Foundation
import PeyvandCore
import SQLKit

/// The seller as a quote prints them, the VAT rate new quotes start with, and how many days a
/// quote stays valid: organisation-wide, in `settings`, edited by `sales.configure`.
public struct QuoteSettings: Sendable, Hashable {
    public var sellerName: String
    public var sellerAddress: String
    public var sellerNationalId: String
    public var sellerEconomicCode: String
    public var sellerPhone: String
    public var taxRate: BasisPoints
    public var validDays: Int

    public init(sellerName: String = "", sellerAddress: String = "", sellerNationalId: String = "", sellerEconomicCode: String = "",
                sellerPhone: String = "", taxRate: BasisPoints = .zero, validDays: Int = 30) {
        (self.sellerName, self.sellerAddress, self.sellerNationalId, self.sellerEconomicCode, self.sellerPhone, self.taxRate, self.validDays) =
            (sellerName, sellerAddress, sellerNationalId, sellerEconomicCode, sellerPhone, taxRate, validDays)
    }

    static let keys = ["seller_name", "seller_address", "seller_national_id", "seller_economic_code", "seller_phone", "quote_tax_bp",
                       "quote_valid_days"]
    /// 10% VAT unless changed.
    public static let defaultTaxBasisPoints: Int64 = 1_000

    static func read(_ db: any SQLDatabase) async throws -> QuoteSettings {
        var values: [String: String] = [:]
        for row in try await db.raw("SELECT key, value FROM settings WHERE key IN (\(binds: keys))").all() {
            values[try row.decode(column: "key", as: String.self)] = try row.decode(column: "value", as: String.self)
        }
        let bp = values["quote_tax_bp"].flatMap { Int64($0) } ?? defaultTaxBasisPoints
        return QuoteSettings(sellerName: values["seller_name"] ?? "", sellerAddress: values["seller_address"] ?? "",
                             sellerNationalId: values["seller_national_id"] ?? "", sellerEconomicCode: values["seller_economic_code"] ?? "",
                             sellerPhone: values["seller_phone"] ?? "",
                             taxRate: (try? BasisPoints(bp)) ?? .zero, validDays: values["quote_valid_days"].flatMap { Int($0) } ?? 30)
    }
}

/// Reads and changes the quote settings.
public struct QuoteSettingsStore: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func read() async throws -> QuoteSettings {
        try await QuoteSettings.read(database.sql)
    }

    /// Text as typed (trimmed); the VAT rate in percent (`"9"`, `"10"`, `"۱۰"`), 0 to 100; validity 1 to 365 days.
    public func update(sellerName: String, sellerAddress: String, sellerNationalId: String, sellerEconomicCode: String, sellerPhone: String,
                       taxRate: String, validDays: String, by principal: Principal) async throws -> QuoteSettings {
        try principal.require(.salesConfigure, to: "change the quote settings")
        var issues: [FieldIssue] = []
        func text(_ value: String, _ field: String, max: Int) -> String {
            let t = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.count > max { issues.append(FieldIssue(field: field, reason: "at most \(max) characters", code: "text.tooLong", params: ["max": String(max)])) }
            return t
        }
        let name = text(sellerName, "sellerName", max: 200), address = text(sellerAddress, "sellerAddress", max: 1000)
        let national = text(sellerNationalId, "sellerNationalId", max: 50), economic = text(sellerEconomicCode, "sellerEconomicCode", max: 50)
        let phone = text(sellerPhone, "sellerPhone", max: 50)
        var rate = BasisPoints.zero
        do { rate = try BasisPoints(percent: PersianText.latinDigits(taxRate.trimmingCharacters(in: .whitespaces)), field: "taxRate") } catch { issues += error.issues }
        let days = Int(PersianText.latinDigits(validDays.trimmingCharacters(in: .whitespaces)))
        if days == nil || !(1...365).contains(days!) {
            issues.append(FieldIssue(field: "validDays", reason: "must be a whole number from 1 to 365", code: "number.wholeInRange", params: ["min": "1", "max": "365"]))
        }
        guard issues.isEmpty, let days else { throw StoreError.invalid(ValidationError(issues)) }
        let taxRate = rate
        let settings = QuoteSettings(sellerName: name, sellerAddress: address, sellerNationalId: national, sellerEconomicCode: economic,
                                     sellerPhone: phone, taxRate: taxRate, validDays: days)
        let values = [("seller_name", name), ("seller_address", address), ("seller_national_id", national), ("seller_economic_code", economic),
                      ("seller_phone", phone), ("quote_tax_bp", String(taxRate.value)), ("quote_valid_days", String(days))]
        try await database.transaction { db in
            for (key, value) in values {
                try await db.raw("""
                    INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: value))
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """).run()
            }
            try await AuditLog.record(db, entity: "settings", entityId: 0, by: principal, action: "update", field: "quotes",
                                      after: "tax \(taxRate.percentString)%, valid \(days) days", at: Clock.nowMillis())
        }
        return settings
    }
}
