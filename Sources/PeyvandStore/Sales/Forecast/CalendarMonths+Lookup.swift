import PeyvandCore

extension CalendarMonths {
    /// The month of both calendars that holds a civil day (`day`, an SQL expression), as the
    /// FROM items `k` (the calendar) and `m` (its `calendar_months` row): two index probes per
    /// calendar. Days before the first month held have no month; days after the last month held
    /// fall in that last month.
    static func months(ofDay day: String) -> String {
        """
        (SELECT 'jalali' AS calendar UNION ALL SELECT 'gregorian') k
          JOIN calendar_months m ON m.calendar = k.calendar AND m.start_day = (SELECT MAX(c.start_day) FROM calendar_months c
            WHERE c.calendar = k.calendar AND c.start_day <= \(day))
        """
    }

    /// Whether the totals kept by month answer for `period` exactly as its rows would. A day is
    /// counted by `(instant + Tehran's offset) / 86400000`, which rounds toward zero, so instants
    /// before 1970 (Tehran) land on a later day than they are: a period that starts after day 0
    /// never holds them. Its months must also come before the last month held, where later days
    /// pile up.
    static func answer(for period: ForecastPeriod) -> Bool {
        let lastYear = period.calendar == .jalali ? jalaliYears.upperBound : gregorianYears.upperBound
        return period.startDay > 0 && period.endDay <= ForecastPeriod.firstDay(year: lastYear, month: 12, period.calendar)
    }
}
