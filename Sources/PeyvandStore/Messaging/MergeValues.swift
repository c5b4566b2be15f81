import Foundation
import PeyvandCore
import SQLKit

/// The values of the merge fields for one customer, written for the template's language: Persian
/// digits and Jalali dates in fa, the salutation Persian letters use («مریم عزیز», «شرکت پارس
/// محترم»), money with its unit name. Two statements, whatever the template uses.
enum MergeValues {
    static func of(_ customer: Customer, language: String, timeZone: TimeZone, in db: any SQLDatabase,
                   now: Date = Date()) async throws -> [MergeField: String] {
        let fa = language == "fa"
        let f = customer.fields
        var values: [MergeField: String] = [
            .name: f.name, .givenName: f.givenName ?? f.name, .familyName: f.familyName ?? "",
            .salutation: salutation(f, fa: fa), .today: date(now, fa: fa, timeZone: timeZone),
        ]
        if let order = try await db.raw("""
            SELECT id, ordered_at, total_minor, currency FROM orders
            WHERE customer_id = \(bind: customer.id) AND status <> 'cancelled' ORDER BY ordered_at DESC, id DESC LIMIT 1
            """).first() {
            let id = try order.decode(column: "id", as: Int64.self)
            values[.lastOrderNumber] = fa ? PersianText.persianDigits(String(id)) : String(id)
            values[.lastOrderDate] = date(Clock.date(try order.decode(column: "ordered_at", as: Int64.self)), fa: fa, timeZone: timeZone)
            values[.lastOrderTotal] = Money(minorUnits: try order.decode(column: "total_minor", as: Int64.self),
                                            currency: Currency(rawValue: try order.decode(column: "currency", as: String.self)))
                .formatted(language: language)
        }
        let due = try await db.raw("""
            SELECT currency, CAST(SUM(total_minor - paid_minor - credited_minor) AS BIGINT) AS due FROM invoices
            WHERE customer_id = \(bind: customer.id) AND kind = 'invoice' AND settled_at IS NULL GROUP BY currency ORDER BY currency
            """).all()
        let amounts = try due.map { Money(minorUnits: try $0.decode(column: "due", as: Int64.self),
                                          currency: Currency(rawValue: try $0.decode(column: "currency", as: String.self))) }
            .filter { $0.minorUnits > 0 }
        values[.amountDue] = amounts.isEmpty ? Money(minorUnits: 0, currency: .irr).formatted(language: language)
            : amounts.map { $0.formatted(language: language) }.joined(separator: fa ? " و " : " and ")
        return values
    }

    static func salutation(_ f: CustomerFields, fa: Bool) -> String {
        if f.kind == .organisation { return fa ? "\(f.name) محترم" : "Dear \(f.name)" }
        let first = f.givenName ?? f.name
        return fa ? "\(first) عزیز" : "Dear \(first)"
    }

    /// `۱۶ آذر ۱۴۰۵` in fa; `6 December 2026` in en.
    static func date(_ date: Date, fa: Bool, timeZone: TimeZone) -> String {
        if fa { return JalaliDate(date, timeZone: timeZone).formatted(.long) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(c.day ?? 1) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970)"
    }
}
