import Foundation

/// Iran's civil time zone, used to decide which calendar day an instant
/// falls on for invoices, due dates and exchange rates.
public enum Tehran {
    /// `Asia/Tehran`; falls back to the fixed offset +03:30 (Iran has not
    /// observed daylight saving time since 2022) if the tz database is absent.
    public static let timeZone: TimeZone = TimeZone(identifier: "Asia/Tehran") ?? TimeZone(secondsFromGMT: 12_600)!

    /// The Jalali calendar day of `date` in Tehran.
    public static func day(of date: Date) -> JalaliDate {
        JalaliDate(date, timeZone: timeZone)
    }
}
