import Foundation
import PeyvandAnalytics
import PeyvandCore

/// A transaction file (`--customer`, `--date`, `--amount` columns) read into
/// `Transaction`s, for `rfm` and `clv`.
struct TransactionLog {
    /// Sorted by day, then customer id, then file order.
    var transactions: [Transaction]
    var calendar: CalendarMode
    /// Rows skipped by `--drop-nonpositive`.
    var dropped: Int
    var firstDay: Int
    var lastDay: Int
    var customerCount: Int

    static let options = ["customer", "date", "amount", "calendar", "drop-nonpositive"]

    static func load(_ table: AnalysisTable, _ options: OptionReader) throws(AnalysisFailure) -> TransactionLog {
        let calendar = try calendarMode(options)
        let drop = try options.flag("drop-nonpositive")
        let customer = try table.column(try options.string("customer", default: "customer_id"), option: "customer")
        let date = try table.column(try options.string("date", default: "date"), option: "date")
        let amount = try table.column(try options.string("amount", default: "amount"), option: "amount")
        var items: [(Transaction, Int)] = []
        var dropped = 0
        for (order, row) in table.rows.enumerated() {
            let id = try table.text(row, customer)
            let day = try table.day(row, date, calendar)
            let value = try table.number(row, amount)
            if !(value > 0) {
                if drop { dropped += 1; continue }
                throw .cell(
                    table.file, line: row.line, column: table.name(amount),
                    "amount must be positive; use --drop-nonpositive to skip returns (got '\(row.fields[amount])')")
            }
            items.append((Transaction(customerID: id, day: day, amount: value), order))
        }
        guard !items.isEmpty else {
            throw .file(table.file, "no rows: every transaction has a non-positive amount and was dropped")
        }
        items.sort { a, b in
            (a.0.day, a.0.customerID, a.1) < (b.0.day, b.0.customerID, b.1)
        }
        let transactions = items.map(\.0)
        return TransactionLog(
            transactions: transactions, calendar: calendar, dropped: dropped,
            firstDay: transactions.first!.day, lastDay: transactions.last!.day,
            customerCount: Set(transactions.map(\.customerID)).count)
    }

    static func calendarMode(_ options: OptionReader) throws(AnalysisFailure) -> CalendarMode {
        CalendarMode(rawValue: try options.choice("calendar", ["gregorian", "jalali", "auto"], default: "gregorian"))!
    }

    /// A date option (`--as-of`, `--calibration-end`) as a day number; `today`
    /// is the current day in Tehran.
    static func dayOption(
        _ name: String, _ options: OptionReader, _ calendar: CalendarMode, now: Date
    ) throws(AnalysisFailure) -> Int? {
        guard let text = try options.string(name) else { return nil }
        if text.lowercased() == "today" { return Tehran.day(of: now).daysSinceUnixEpoch }
        switch calendar.day(text) {
        case .success(let day): return day
        case .failure(let problem): throw .option("option --\(name): \(problem.reason)")
        }
    }

    /// Warnings shared by the transaction models.
    func warnings(now: Date, ignoredAfter end: Int?) -> [String] {
        var out: [String] = []
        if dropped > 0 { out.append("\(dropped) rows with a zero or negative amount were skipped (--drop-nonpositive)") }
        let today = Tehran.day(of: now).daysSinceUnixEpoch
        let future = transactions.filter { $0.day > today }.count
        if future > 0 { out.append("\(future) transactions are dated after today (\(DayText.text(today, calendar)))") }
        if let end {
            let after = transactions.filter { $0.day > end }.count
            if after > 0 {
                out.append("\(after) transactions after the analysis date \(DayText.text(end, calendar)) were ignored")
            }
        }
        return out
    }
}
