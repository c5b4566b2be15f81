import Foundation

/// One purchase: who, when (a day number, e.g. days since 1970-01-01) and how much.
public struct Transaction: Sendable, Hashable {
    public var customerID: String
    public var day: Int
    public var amount: Double

    public init(customerID: String, day: Int, amount: Double) {
        self.customerID = customerID
        self.day = day
        self.amount = amount
    }

    /// A purchase at `date`, counted in whole UTC days since 1970-01-01.
    public init(customerID: String, date: Date, amount: Double) {
        self.init(customerID: customerID, day: Transaction.dayNumber(date), amount: amount)
    }

    /// Whole UTC days since 1970-01-01 (floored, so dates before 1970 are negative).
    public static func dayNumber(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }
}
