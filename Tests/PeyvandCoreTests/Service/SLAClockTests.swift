import Foundation
import PeyvandCore
import Testing

@Suite("SLA clock: business time over the Iranian week, holidays and pauses")
struct SLAClockTests {
    /// Saturday–Wednesday 08:00–17:00, Thursday 08:00–13:00, with Iran's holidays of 1404–1406.
    static let clock = SLAClock(hours: .iranDefault, holidays: IranHolidays.calendar(years: 1404...1406))

    @Test("the dates the cases below rely on fall on the weekdays they say")
    func calendarFacts() {
        #expect(weekday(2026, 3, 19) == .thursday && weekday(2026, 3, 20) == .friday && weekday(2026, 3, 21) == .saturday)
        #expect(weekday(2026, 4, 1) == .wednesday && weekday(2026, 4, 30) == .thursday && weekday(2026, 5, 1) == .friday)
        #expect(weekday(2026, 5, 3) == .sunday)
        #expect(!Self.clock.holidays.isHoliday(JalaliDate(gregorianYear: 2026, month: 5, day: 2).daysSinceUnixEpoch))
    }

    @Test("open from the first instant of an interval up to, not including, its end")
    func boundaries() {
        let clock = Self.clock
        #expect(clock.isOpen(at: tehran(2026, 5, 2, 8, 0)))
        #expect(!clock.isOpen(at: tehran(2026, 5, 2, 7, 59, 59.999)))
        #expect(clock.isOpen(at: tehran(2026, 5, 2, 16, 59, 59.999)))
        #expect(!clock.isOpen(at: tehran(2026, 5, 2, 17, 0)))
        #expect(!clock.isOpen(at: tehran(2026, 4, 30, 13, 0)) && clock.isOpen(at: tehran(2026, 4, 30, 12, 59)))
        #expect(!clock.isOpen(at: tehran(2026, 5, 1, 10, 0)))  // Friday
        #expect(!clock.isOpen(at: tehran(2026, 3, 22, 10, 0)))  // 2 Farvardin, a Sunday
        #expect(clock.nextOpening(after: tehran(2026, 5, 2, 8, 0)) == tehran(2026, 5, 2, 8, 0))
        #expect(clock.nextOpening(after: tehran(2026, 5, 2, 12, 0)) == tehran(2026, 5, 2, 12, 0))
        #expect(clock.nextOpening(after: tehran(2026, 5, 2, 17, 0)) == tehran(2026, 5, 3, 8, 0))
        #expect(clock.nextOpening(after: tehran(2026, 5, 2, 3, 0)) == tehran(2026, 5, 2, 8, 0))
        #expect(clock.businessMillis(from: tehran(2026, 5, 2, 8, 0), to: tehran(2026, 5, 2, 17, 0)) == 9 * hourMillis)
        #expect(clock.businessMillis(from: tehran(2026, 5, 2, 17, 0), to: tehran(2026, 5, 3, 8, 0)) == 0)
        // The last hour of a day ends at 17:00, not at the next morning's opening.
        #expect(clock.deadline(from: tehran(2026, 5, 2, 8, 0), adding: 9 * hourMillis) == tehran(2026, 5, 2, 17, 0))
        #expect(clock.deadline(from: tehran(2026, 5, 2, 16, 0), adding: hourMillis) == tehran(2026, 5, 2, 17, 0))
        #expect(clock.deadline(from: tehran(2026, 5, 2, 17, 0), adding: hourMillis) == tehran(2026, 5, 3, 9, 0))
        #expect(clock.deadline(from: tehran(2026, 5, 2, 16, 0), adding: hourMillis + 1) == tehran(2026, 5, 3, 8, 0, 0.001))
    }

    @Test("started on a Friday evening, the clock starts on Saturday at 08:00")
    func fridayEvening() {
        let friday = tehran(2026, 5, 1, 18, 0)
        #expect(Self.clock.nextOpening(after: friday) == tehran(2026, 5, 2, 8, 0))
        #expect(Self.clock.deadline(from: friday, adding: 2 * hourMillis) == tehran(2026, 5, 2, 10, 0))
        #expect(Self.clock.businessMillis(from: friday, to: tehran(2026, 5, 2, 8, 0)) == 0)
        #expect(Self.clock.businessMillis(from: friday, to: tehran(2026, 5, 2, 8, 30)) == 30 * minuteMillis)
    }

    @Test("Thursday is a half day: an hour on Thursday afternoon is the last hour before Saturday")
    func thursdayHalfDay() {
        let thursday = tehran(2026, 4, 30, 12, 0)
        #expect(Self.clock.deadline(from: thursday, adding: hourMillis) == tehran(2026, 4, 30, 13, 0))
        #expect(Self.clock.deadline(from: thursday, adding: 3 * hourMillis) == tehran(2026, 5, 2, 10, 0))
        #expect(Self.clock.businessMillis(from: tehran(2026, 4, 30, 0, 0), to: tehran(2026, 5, 2, 0, 0)) == 5 * hourMillis)
        #expect(Self.clock.nextOpening(after: tehran(2026, 4, 30, 13, 0)) == tehran(2026, 5, 2, 8, 0))
    }

    @Test("a target across Nowruz skips 29 Esfand, 1–4 Farvardin and later 12–13 Farvardin")
    func nowruz() {
        let start = tehran(2026, 3, 19, 12, 0)  // Thursday 28 Esfand 1404
        // Thursday 12–13, then nothing until Wednesday 5 Farvardin.
        #expect(Self.clock.deadline(from: start, adding: 10 * hourMillis) == tehran(2026, 3, 25, 17, 0))
        #expect(Self.clock.nextOpening(after: tehran(2026, 3, 19, 13, 0)) == tehran(2026, 3, 25, 8, 0))
        // 1 + 9 (Wednesday) + 5 (Thursday) + 5 of Saturday 8 Farvardin.
        #expect(Self.clock.deadline(from: start, adding: 20 * hourMillis) == tehran(2026, 3, 28, 13, 0))
        // To Saturday 15 Farvardin 10:00: 1 + 9 + 5 + 4 × 9 (Saturday to Tuesday) + 2; Wednesday and
        // Thursday, 12 and 13 Farvardin, are holidays.
        #expect(Self.clock.businessMillis(from: start, to: tehran(2026, 4, 4, 10, 0)) == 53 * hourMillis)
        #expect(Self.clock.deadline(from: start, adding: 53 * hourMillis) == tehran(2026, 4, 4, 10, 0))
        #expect(Self.clock.businessMillis(from: tehran(2026, 3, 31, 17, 0), to: tehran(2026, 4, 4, 8, 0)) == 0)
        // Without the holidays the same stretch is longer by 1–4 Farvardin (Saturday to Tuesday),
        // 12 Farvardin (a Wednesday) and 13 Farvardin (a Thursday); 29 Esfand was a Friday anyway.
        let plain = SLAClock(hours: .iranDefault)
        #expect(plain.businessMillis(from: start, to: tehran(2026, 4, 4, 10, 0)) == (53 + 4 * 9 + 9 + 5) * hourMillis)
    }

    @Test("pauses across midnight, overlapping each other and reaching outside the range count once")
    func pauses() {
        let clock = Self.clock
        let sunday = tehran(2026, 5, 3, 16, 0)
        let overnight = tehran(2026, 5, 3, 16, 30)..<tehran(2026, 5, 4, 9, 0)
        #expect(clock.deadline(from: sunday, adding: 3 * hourMillis, pauses: [overnight]) == tehran(2026, 5, 4, 11, 30))
        #expect(clock.businessMillis(from: tehran(2026, 5, 3, 8, 0), to: tehran(2026, 5, 4, 17, 0), pauses: [overnight])
            == 18 * hourMillis - 90 * minuteMillis)
        let overlapping = [
            tehran(2026, 5, 3, 11, 0)..<tehran(2026, 5, 3, 13, 0), tehran(2026, 5, 3, 10, 0)..<tehran(2026, 5, 3, 12, 0),
            tehran(2026, 5, 3, 12, 30)..<tehran(2026, 5, 3, 14, 0), tehran(2026, 5, 3, 11, 0)..<tehran(2026, 5, 3, 11, 0),
        ]
        #expect(clock.businessMillis(from: tehran(2026, 5, 3, 8, 0), to: tehran(2026, 5, 3, 17, 0), pauses: overlapping) == 5 * hourMillis)
        #expect(clock.deadline(from: tehran(2026, 5, 3, 8, 0), adding: 3 * hourMillis, pauses: overlapping) == tehran(2026, 5, 3, 15, 0))
        let all = tehran(2026, 5, 2, 0, 0)..<tehran(2026, 5, 5, 0, 0)
        #expect(clock.businessMillis(from: tehran(2026, 5, 3, 8, 0), to: tehran(2026, 5, 3, 17, 0), pauses: [all]) == 0)
        // Started inside a pause, the clock waits for its end; a pause that begins exactly when the
        // target is met does not push the deadline.
        let waiting = tehran(2026, 5, 2, 20, 0)..<tehran(2026, 5, 3, 10, 0)
        #expect(clock.deadline(from: tehran(2026, 5, 3, 8, 0), adding: hourMillis, pauses: [waiting]) == tehran(2026, 5, 3, 11, 0))
        let later = tehran(2026, 5, 3, 10, 0)..<tehran(2026, 5, 3, 12, 0)
        #expect(clock.deadline(from: tehran(2026, 5, 3, 8, 0), adding: 2 * hourMillis, pauses: [later]) == tehran(2026, 5, 3, 10, 0))
        #expect(clock.deadline(from: tehran(2026, 5, 3, 8, 0), adding: 2 * hourMillis + 1, pauses: [later]) == tehran(2026, 5, 3, 12, 0, 0.001))
        // Pauses entirely before the start change nothing.
        let before = tehran(2026, 4, 1, 0, 0)..<tehran(2026, 4, 2, 0, 0)
        #expect(clock.deadline(from: sunday, adding: hourMillis, pauses: [before]) == tehran(2026, 5, 3, 17, 0))
    }

    @Test("zero and negative targets are met at the start; backward and empty ranges hold no business time")
    func degenerate() {
        let friday = tehran(2026, 5, 1, 18, 0)
        #expect(Self.clock.deadline(from: friday, adding: 0) == friday)
        #expect(Self.clock.deadline(from: friday, adding: -5 * hourMillis) == friday)
        #expect(Self.clock.businessMillis(from: tehran(2026, 5, 3, 17, 0), to: tehran(2026, 5, 3, 8, 0)) == 0)
        #expect(Self.clock.businessMillis(from: tehran(2026, 5, 3, 10, 0), to: tehran(2026, 5, 3, 10, 0)) == 0)
    }

    @Test("a schedule with no open hours never gives a deadline, and never loops")
    func neverOpen() throws {
        let clock = SLAClock(hours: try BusinessHours(text: ""), holidays: IranHolidays.calendar(years: 1405...1405))
        let start = tehran(2026, 5, 3, 10, 0)
        #expect(clock.deadline(from: start, adding: hourMillis) == nil)
        #expect(clock.deadline(from: start, adding: 0) == start)
        #expect(clock.nextOpening(after: start) == nil)
        #expect(!clock.isOpen(at: start))
        #expect(clock.businessMillis(from: start, to: tehran(2031, 5, 3, 10, 0)) == 0)
        // Open, but every day for two years a holiday: the deadline comes after them.
        let first = JalaliDate(gregorianYear: 2026, month: 5, day: 3).daysSinceUnixEpoch
        let closedStretch = HolidayCalendar((first..<(first + 730)).map { Holiday(day: $0, nameFa: "x", nameEn: "x", kind: .custom) })
        let blocked = SLAClock(hours: .iranDefault, holidays: closedStretch)
        let after = blocked.deadline(from: start, adding: 60 * hourMillis)
        #expect(after.map { JalaliDate($0, timeZone: TimeZone(secondsFromGMT: 12_600)!).daysSinceUnixEpoch >= first + 730 } == true)
        #expect(after.map { blocked.businessMillis(from: start, to: $0) } == 60 * hourMillis)
        // A target beyond the year 9999 has no deadline either.
        #expect(Self.clock.deadline(from: start, adding: Int64.max) == nil)
    }

    @Test("instants not on a whole minute: partial minutes count to the millisecond")
    func milliseconds() {
        let start = tehran(2026, 5, 3, 16, 59, 59.5)
        #expect(Self.clock.businessMillis(from: start, to: tehran(2026, 5, 4, 8, 0, 0.25)) == 750)
        #expect(Self.clock.deadline(from: start, adding: 750) == tehran(2026, 5, 4, 8, 0, 0.25))
    }

    @Test("10,000 business hours and a five-year span agree with counting day by day, and take no time")
    func longSpans() throws {
        let years = 1404...1412
        let calendar = IranHolidays.calendar(years: years)
        let clock = SLAClock(hours: .iranDefault, holidays: calendar)
        let start = tehran(2026, 3, 21, 0, 0)
        let firstDay = JalaliDate(gregorianYear: 2026, month: 3, day: 21).daysSinceUnixEpoch
        let holidays = Set(calendar.days)
        func dayOpen(_ day: Int) -> Int64 {
            holidays.contains(day) ? 0 : Int64(BusinessHours.iranDefault.openMinutes(on: BusinessHours.Day(civilDay: day))) * minuteMillis
        }
        // Five years, summed day by day.
        let lastDay = JalaliDate(gregorianYear: 2031, month: 3, day: 21).daysSinceUnixEpoch
        let expected = (firstDay..<lastDay).reduce(Int64(0)) { $0 + dayOpen($1) }
        #expect(clock.businessMillis(from: start, to: tehran(2031, 3, 21, 0, 0)) == expected)
        // 10,000 hours: walk days until the target falls inside one.
        let target = 10_000 * hourMillis
        var remaining = target, day = firstDay
        while dayOpen(day) < remaining {
            remaining -= dayOpen(day)
            day += 1
        }
        let interval = BusinessHours.iranDefault.intervals(on: BusinessHours.Day(civilDay: day))[0]
        let expectedDeadline = Date(timeIntervalSince1970: Double(Int64(day) * 86_400_000 + Int64(interval.lowerBound) * minuteMillis + remaining - 12_600_000) / 1000)
        let deadline = try #require(clock.deadline(from: start, adding: target))
        #expect(deadline == expectedDeadline)
        #expect(clock.businessMillis(from: start, to: deadline) == target)
        #expect(clock.businessMillis(from: start, to: deadline.addingTimeInterval(-0.001)) == target - 1)

        // Fast: week arithmetic, not a walk over the days (a walk to the year 9999 would take minutes).
        let began = ContinuousClock.now
        for _ in 0..<200 {
            _ = clock.deadline(from: start, adding: target)
            _ = clock.businessMillis(from: start, to: tehran(2031, 3, 21, 0, 0))
            _ = Self.clock.deadline(from: start, adding: Int64.max)
        }
        #expect(ContinuousClock.now - began < .seconds(5))
    }
}
