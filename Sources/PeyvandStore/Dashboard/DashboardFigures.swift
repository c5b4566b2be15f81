import Foundation
import PeyvandCore

/// The figures of the start page, limited to the customers the reader reaches.
public struct DashboardFigures: Sendable, Hashable {
    /// Customers (not deleted) in reach.
    public let customers: Int
    /// Customers who ordered or were in touch (an interaction) since `DashboardPeriod.activeSince`.
    public let active: Int
    /// Sales net of tax, in the base currency, of orders placed (not drafts or cancelled) this month so far and last month.
    public let revenueThisMonth: Money
    public let revenueLastMonth: Money
    /// Invoices past due (before the start of today in Tehran), and what they still owe, per currency.
    public let overdueInvoices: Int
    public let overdueAmounts: [Money]
    /// Customers on the latest scoring run's keep list: valuable and at risk of leaving.
    public let atRisk: Int
    /// The latest changes to customers in reach, newest first.
    public let recent: [RecentChange]

    public init(customers: Int, active: Int, revenueThisMonth: Money, revenueLastMonth: Money, overdueInvoices: Int,
                overdueAmounts: [Money], atRisk: Int, recent: [RecentChange]) {
        self.customers = customers
        self.active = active
        self.revenueThisMonth = revenueThisMonth
        self.revenueLastMonth = revenueLastMonth
        self.overdueInvoices = overdueInvoices
        self.overdueAmounts = overdueAmounts
        self.atRisk = atRisk
        self.recent = recent
    }
}

/// One change to a customer, from the audit log.
public struct RecentChange: Sendable, Hashable {
    public let id: Int64
    public let at: Date
    public let customerId: Int64
    public let customerName: String
    public let actorName: String?
    public let action: String
    public let field: String?

    public init(id: Int64, at: Date, customerId: Int64, customerName: String, actorName: String?, action: String, field: String?) {
        self.id = id
        self.at = at
        self.customerId = customerId
        self.customerName = customerName
        self.actorName = actorName
        self.action = action
        self.field = field
    }
}

/// The instants the figures are counted between; the caller decides the calendar (Jalali or
/// Gregorian months) and the time zone.
public struct DashboardPeriod: Sendable, Hashable {
    public let now: Date
    public let thisMonthStart: Date
    public let lastMonthStart: Date
    public let activeSince: Date

    public init(now: Date, thisMonthStart: Date, lastMonthStart: Date, activeSince: Date) {
        self.now = now
        self.thisMonthStart = thisMonthStart
        self.lastMonthStart = lastMonthStart
        self.activeSince = activeSince
    }

    /// Months of `calendar` in its time zone (Persian for Jalali months), and the last 90 days.
    public static func months(of calendar: Calendar, now: Date = Date()) -> DashboardPeriod {
        let start = calendar.dateInterval(of: .month, for: now)?.start ?? now
        let previous = calendar.date(byAdding: .month, value: -1, to: start) ?? start
        return DashboardPeriod(now: now, thisMonthStart: start, lastMonthStart: previous, activeSince: now.addingTimeInterval(-90 * 86_400))
    }
}
