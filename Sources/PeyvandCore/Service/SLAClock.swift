import Foundation

/// Business-time arithmetic for service levels: how much of a stretch of time the team was at
/// work (``businessMillis(from:to:pauses:)``), and when a given amount of work time will have
/// passed (``deadline(from:adding:pauses:)``). Time outside ``BusinessHours``, on holidays and
/// inside pauses (a ticket waiting on the customer) does not count.
///
/// Everything is done in whole milliseconds of UTC, moved to the schedule's fixed offset to find
/// the civil day and the minute of the day; no `Calendar` is involved, so the answers are exact
/// and cheap. Whole weeks are counted arithmetically (a week's open time, less the open time of
/// the holidays that fall in it, found by binary search), so five years of elapsed time or a
/// target of 10,000 business hours costs the holidays it crosses, not the days.
///
/// Instants are read to the nearest millisecond and kept between the years 1 and 9999.
public struct SLAClock: Sendable, Hashable {
    public let hours: BusinessHours
    public let holidays: HolidayCalendar

    /// Each weekday's intervals in milliseconds of the day.
    let dayIntervals: [[Range<Int64>]]
    /// Each weekday's open milliseconds, and a whole week's.
    let dayOpen: [Int64]
    let weekOpen: Int64
    let offsetMillis: Int64

    static let dayMillis: Int64 = 86_400_000
    /// 0001-01-01T00:00Z and 9999-12-31T00:00Z: far enough for any SLA, near enough that day
    /// numbers and sums never overflow.
    static let minMillis: Int64 = -62_135_596_800_000
    static let maxMillis: Int64 = 253_402_214_400_000

    public init(hours: BusinessHours, holidays: HolidayCalendar = .empty) {
        self.hours = hours
        self.holidays = holidays
        dayIntervals = hours.week.map { day in day.map { Int64($0.lowerBound) * 60_000..<Int64($0.upperBound) * 60_000 } }
        dayOpen = dayIntervals.map { $0.reduce(0) { $0 + Int64($1.count) } }
        weekOpen = dayOpen.reduce(0, +)
        offsetMillis = Int64(hours.offsetSeconds) * 1000
    }

    // MARK: Questions about one instant

    /// Whether the team is at work at `date`: an open interval holds it (its start included, its
    /// end not) and its day is not a holiday.
    public func isOpen(at date: Date) -> Bool {
        let (day, ms) = local(Self.millis(date))
        guard !holidays.isHoliday(day) else { return false }
        return dayIntervals[weekday(day)].contains { $0.contains(ms) }
    }

    /// The same time of day `count` working days after `date`: days with business hours that are
    /// not holidays (a Friday, an official holiday are skipped). `date` itself for a count of 0
    /// or a schedule never open.
    public func addingWorkingDays(_ count: Int, to date: Date) -> Date {
        guard count > 0, weekOpen > 0 else { return date }
        let start = local(Self.millis(date)).day
        var day = start, left = count
        while left > 0 {
            day += 1
            if !holidays.isHoliday(day), !dayIntervals[weekday(day)].isEmpty { left -= 1 }
        }
        return date.addingTimeInterval(Double(day - start) * 86_400)
    }

    /// The first instant at or after `date` when the team is at work: `date` itself when open.
    /// Nil for a schedule that is never open.
    public func nextOpening(after date: Date) -> Date? {
        guard weekOpen > 0 else { return nil }
        let (day, ms) = local(Self.millis(date))
        if !holidays.isHoliday(day), let interval = dayIntervals[weekday(day)].first(where: { $0.upperBound > ms }) {
            return Self.date(instant(day: day, millis: max(interval.lowerBound, ms)))
        }
        var next = day + 1
        // A week has an open day, so this walks at most the holidays in a row plus a week.
        while next <= lastDay {
            if !holidays.isHoliday(next), let interval = dayIntervals[weekday(next)].first {
                return Self.date(instant(day: next, millis: interval.lowerBound))
            }
            next += 1
        }
        return nil
    }

    // MARK: Elapsed business time

    /// The business time from `start` to `end` in milliseconds: open hours, less holidays and
    /// less `pauses`. Pauses may overlap one another and reach outside the range; only the part
    /// inside counts once. An `end` at or before `start` gives 0.
    public func businessMillis(from start: Date, to end: Date, pauses: [Range<Date>] = []) -> Int64 {
        let a = Self.millis(start), b = Self.millis(end)
        guard a < b else { return 0 }
        var total = open(a, b)
        for pause in Self.merged(pauses, within: a..<b) {
            total -= open(pause.lowerBound, pause.upperBound)
        }
        return max(total, 0)
    }

    /// The instant when `millis` of business time will have passed since `start`: the earliest
    /// instant `t` with `businessMillis(from: start, to: t, pauses: pauses) == millis`. Started
    /// outside hours, the clock starts at the next opening; the answer may be the very end of an
    /// open interval (17:00 for the last hour of a day), never a closed stretch after it. A target
    /// of zero or less is met at `start`. Nil when the schedule is never open, or the deadline
    /// would fall after the year 9999.
    public func deadline(from start: Date, adding millis: Int64, pauses: [Range<Date>] = []) -> Date? {
        let s = Self.millis(start)
        guard millis > 0 else { return Self.date(s) }
        guard weekOpen > 0 else { return nil }
        var remaining = millis
        var cursor = s
        for pause in Self.merged(pauses, within: s..<Self.maxMillis) {
            if pause.lowerBound > cursor {
                let available = open(cursor, pause.lowerBound)
                if available >= remaining { return advance(from: cursor, by: remaining).map(Self.date) }
                remaining -= available
            }
            cursor = max(cursor, pause.upperBound)
        }
        return advance(from: cursor, by: remaining).map(Self.date)
    }

    // MARK: Arithmetic in UTC milliseconds

    /// Open milliseconds in [a, b), a < b, ignoring pauses.
    func open(_ a: Int64, _ b: Int64) -> Int64 {
        let (firstDay, firstMs) = local(a)
        let (lastDay, lastMs) = local(b)
        if firstDay == lastDay { return openWithin(day: firstDay, firstMs, lastMs) }
        return openWithin(day: firstDay, firstMs, Self.dayMillis) + openWholeDays(firstDay + 1..<lastDay)
            + openWithin(day: lastDay, 0, lastMs)
    }

    /// Open milliseconds of civil `day` between two times of that day.
    func openWithin(day: Int, _ from: Int64, _ to: Int64) -> Int64 {
        guard from < to, !holidays.isHoliday(day) else { return 0 }
        var total: Int64 = 0
        for interval in dayIntervals[weekday(day)] {
            let lo = max(interval.lowerBound, from), hi = min(interval.upperBound, to)
            if lo < hi { total += hi - lo }
        }
        return total
    }

    /// Open milliseconds of whole civil days: whole weeks by multiplication, the rest day by day,
    /// less the open time of each holiday in the range.
    func openWholeDays(_ days: Range<Int>) -> Int64 {
        guard !days.isEmpty else { return 0 }
        let weeks = days.count / 7
        var total = Int64(weeks) * weekOpen
        for day in (days.lowerBound + weeks * 7)..<days.upperBound { total += dayOpen[weekday(day)] }
        return total - holidayOpen(days)
    }

    /// The open time that the holidays in `days` take away.
    func holidayOpen(_ days: Range<Int>) -> Int64 {
        holidays.holidayDays(in: days).reduce(0) { $0 + dayOpen[weekday($1)] }
    }

    /// The earliest instant by which `need` (> 0) open milliseconds have passed since `from`, with
    /// no pauses on the way.
    func advance(from: Int64, by need: Int64) -> Int64? {
        var remaining = need
        let (firstDay, firstMs) = local(from)
        if !holidays.isHoliday(firstDay) {
            for interval in dayIntervals[weekday(firstDay)] where interval.upperBound > firstMs {
                let start = max(interval.lowerBound, firstMs)
                if interval.upperBound - start >= remaining { return instant(day: firstDay, millis: start + remaining) }
                remaining -= interval.upperBound - start
            }
        }
        var day = firstDay + 1
        while day <= lastDay {
            if remaining > weekOpen {
                // Skip the whole weeks that cannot use up what remains even without holidays; the
                // holidays in them give time back, and the next turn skips again if it is enough.
                let weeks = (remaining - 1) / weekOpen
                guard weeks <= Int64((lastDay - day) / 7) else { return nil }
                let span = day..<(day + Int(weeks) * 7)
                remaining -= weeks * weekOpen - holidayOpen(span)
                day = span.upperBound
                continue
            }
            if !holidays.isHoliday(day) {
                if dayOpen[weekday(day)] >= remaining {
                    for interval in dayIntervals[weekday(day)] {
                        let length = Int64(interval.count)
                        if length >= remaining { return instant(day: day, millis: interval.lowerBound + remaining) }
                        remaining -= length
                    }
                }
                remaining -= dayOpen[weekday(day)]
            }
            day += 1
        }
        return nil
    }

    /// Disjoint, sorted pauses clipped to `bounds`, empty ones dropped.
    static func merged(_ pauses: [Range<Date>], within bounds: Range<Int64>) -> [Range<Int64>] {
        let clipped = pauses.compactMap { pause -> Range<Int64>? in
            let lo = max(millis(pause.lowerBound), bounds.lowerBound), hi = min(millis(pause.upperBound), bounds.upperBound)
            return lo < hi ? lo..<hi : nil
        }.sorted { $0.lowerBound < $1.lowerBound }
        var out: [Range<Int64>] = []
        for pause in clipped {
            if let last = out.last, pause.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, pause.upperBound)
            } else {
                out.append(pause)
            }
        }
        return out
    }

    // MARK: Days and instants

    /// The civil day and the millisecond of that day at the schedule's offset.
    func local(_ millis: Int64) -> (day: Int, millis: Int64) {
        let l = millis + offsetMillis
        var day = l / Self.dayMillis
        if l % Self.dayMillis < 0 { day -= 1 }
        return (Int(day), l - day * Self.dayMillis)
    }

    /// The UTC instant of a time of a civil day.
    func instant(day: Int, millis: Int64) -> Int64 {
        Int64(day) * Self.dayMillis + millis - offsetMillis
    }

    func weekday(_ day: Int) -> Int { BusinessHours.Day(civilDay: day).rawValue }

    /// The last civil day the clock looks at.
    var lastDay: Int { local(Self.maxMillis).day }

    /// `date` in whole milliseconds since 1970, clamped to the years 1…9999.
    static func millis(_ date: Date) -> Int64 {
        let ms = (date.timeIntervalSince1970 * 1000).rounded()
        guard !ms.isNaN else { return minMillis }
        if ms <= Double(minMillis) { return minMillis }
        if ms >= Double(maxMillis) { return maxMillis }
        return Int64(ms)
    }

    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }
}
