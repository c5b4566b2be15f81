import Foundation

/// An invoice with money still owed, as input to an ``AgeingReport``.
public struct OpenInvoice: Sendable, Hashable, Codable {
    public let invoiceID: Int64
    public let customerID: Int64
    /// The day the invoice falls due (a Jalali calendar day).
    public let dueDate: JalaliDate
    /// What is still owed; must not be negative.
    public let outstanding: Money

    public init(invoiceID: Int64, customerID: Int64, dueDate: JalaliDate, outstanding: Money) {
        self.invoiceID = invoiceID
        self.customerID = customerID
        self.dueDate = dueDate
        self.outstanding = outstanding
    }

    /// Due at an instant; the due day is that instant's day in Tehran.
    public init(invoiceID: Int64, customerID: Int64, dueAt instant: Date, outstanding: Money) {
        self.init(invoiceID: invoiceID, customerID: customerID, dueDate: Tehran.day(of: instant), outstanding: outstanding)
    }
}
