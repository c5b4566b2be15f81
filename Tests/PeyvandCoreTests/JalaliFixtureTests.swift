import Foundation
import Testing
@testable import PeyvandCore

/// Every day of Jalali 1300–1500 against `jdatetime` (see
/// `scripts/fixtures/jalali_fixtures.py`).
@Suite struct JalaliFixtureTests {
    struct Day {
        var jalali: (year: Int, month: Int, day: Int)
        var gregorian: (year: Int, month: Int, day: Int)
    }

    static func loadFixture() throws -> [Day] {
        let url = try #require(Bundle.module.url(forResource: "jalali-1300-1500", withExtension: "txt", subdirectory: "Fixtures"))
        let text = try String(contentsOf: url, encoding: .ascii)
        var days: [Day] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let bytes = Array(line.utf8)
            #expect(bytes.count == 17)
            func number(_ range: Range<Int>) -> Int {
                bytes[range].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            }
            days.append(Day(
                jalali: (number(0..<4), number(4..<6), number(6..<8)),
                gregorian: (number(9..<13), number(13..<15), number(15..<17))
            ))
        }
        return days
    }

    @Test func everyDayBothDirections() throws {
        let days = try Self.loadFixture()
        #expect(days.count == 73_414)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var mismatches = 0
        var previous: JalaliDate?
        for day in days {
            let fromGregorian = JalaliDate(gregorianYear: day.gregorian.year, month: day.gregorian.month, day: day.gregorian.day)
            let jalali = try JalaliDate(year: day.jalali.year, month: day.jalali.month, day: day.jalali.day)
            if fromGregorian != jalali || jalali.gregorian != day.gregorian { mismatches += 1 }
            // Consecutive lines are consecutive days.
            if let previous, previous.adding(days: 1) != jalali || !(previous < jalali) { mismatches += 1 }
            // Midnight and weekday agree with Foundation's Gregorian calendar
            // (whose weekday is 1 = Sunday … 7 = Saturday).
            let components = DateComponents(year: day.gregorian.year, month: day.gregorian.month, day: day.gregorian.day)
            let instant = try #require(calendar.date(from: components))
            if jalali.date(timeZone: calendar.timeZone) != instant { mismatches += 1 }
            if calendar.component(.weekday, from: instant) % 7 != jalali.weekday { mismatches += 1 }
            previous = jalali
        }
        #expect(mismatches == 0)
        #expect(days.first.map { $0.gregorian == (1921, 3, 21) } == true)
        #expect(days.last.map { $0.gregorian == (2122, 3, 20) } == true)
    }

    @Test func leapYearsMatchFixtureYearLengths() throws {
        var lengths: [Int: Int] = [:]
        for day in try Self.loadFixture() {
            lengths[day.jalali.year, default: 0] += 1
        }
        #expect(lengths.count == 201)
        for year in 1300...1500 {
            #expect(lengths[year] == (JalaliDate.isLeapYear(year) ? 366 : 365), "year \(year)")
            let esfand = JalaliDate.daysInMonth(year: year, month: 12)
            #expect(lengths[year] == 336 + esfand)
        }
    }
}
