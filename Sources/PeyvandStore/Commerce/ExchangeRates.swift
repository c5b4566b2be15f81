import Foundation
import PeyvandCore
import SQLKit

/// The rates table: how many units of the organisation's currency one unit of another currency
/// was worth from a day on. An order uses the latest rate on or before its day.
public struct ExchangeRates: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// One dated rate, as listed.
    public struct Entry: Sendable, Hashable {
        public let currency: Currency
        public let effectiveOn: Date
        public let rate: ExchangeRate
    }

    /// Sets (or replaces) the rate of `currency` from `day` (UTC midnight of the date given) on.
    public func set(_ currency: String, rate text: String, on day: Date, by principal: Principal) async throws -> Entry {
        try principal.require(.ratesManage, to: "set exchange rates")
        var issues: [FieldIssue] = []
        var code: Currency?
        do { code = try Currency(code: currency) } catch { issues += error.issues }
        var rate: ExchangeRate?
        do { rate = try ExchangeRate(text) } catch { issues += error.issues }
        let base = try await Settings.baseCurrency(database.sql)
        if code == base { issues.append(FieldIssue(field: "currency", reason: "\(base.rawValue) is the organisation's own currency; its rate is 1", code: "rate.base", params: ["currency": base.rawValue])) }
        guard issues.isEmpty, let code, let rate else { throw StoreError.invalid(ValidationError(issues)) }
        let dayMillis = Self.dayStart(day)
        try await database.transaction { db in
            try await db.raw("DELETE FROM exchange_rates WHERE currency = \(bind: code.rawValue) AND effective_on = \(bind: dayMillis)").run()
            try await db.raw("""
                INSERT INTO exchange_rates (currency, effective_on, rate, created_at)
                VALUES (\(bind: code.rawValue), \(bind: dayMillis), \(bind: rate.description), \(bind: Clock.nowMillis()))
                """).run()
            try await AuditLog.record(db, entity: "exchange-rate", entityId: 0, by: principal, action: "set", field: code.rawValue,
                                      after: "\(rate) from \(CivilTime.rfc3339(Clock.date(dayMillis)))", at: Clock.nowMillis())
        }
        return Entry(currency: code, effectiveOn: Clock.date(dayMillis), rate: rate)
    }

    /// The newest rates first.
    public func list(limit: Int = 200) async throws -> [Entry] {
        try await database.sql.raw("""
            SELECT currency, effective_on, rate FROM exchange_rates ORDER BY effective_on DESC, currency LIMIT \(bind: max(1, min(limit, 500)))
            """).all().map { row in
                Entry(currency: Currency(rawValue: try row.decode(column: "currency", as: String.self)),
                      effectiveOn: Clock.date(try row.decode(column: "effective_on", as: Int64.self)),
                      rate: (try? ExchangeRate(try row.decode(column: "rate", as: String.self))) ?? .one)
            }
    }

    /// The rate in force for `currency` on `date`; an error naming both when there is none.
    static func rate(_ db: any SQLDatabase, _ currency: Currency, base: Currency, on date: Date) async throws -> ExchangeRate {
        if currency == base { return .one }
        let row = try await db.raw("""
            SELECT rate FROM exchange_rates WHERE currency = \(bind: currency.rawValue) AND effective_on <= \(bind: Clock.millis(date))
            ORDER BY effective_on DESC LIMIT 1
            """).first()
        guard let text = try row?.decode(column: "rate", as: String.self), let rate = try? ExchangeRate(text) else {
            throw ValidationError(field: "currency", reason: "no exchange rate for \(currency.rawValue) to \(base.rawValue) on or before \(CivilTime.rfc3339(date).prefix(10))", code: "rate.missing", params: ["from": currency.rawValue, "to": base.rawValue])
        }
        return rate
    }

    static func dayStart(_ date: Date) -> Int64 {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        return (seconds - ((seconds % 86_400) + 86_400) % 86_400) * 1000
    }
}
