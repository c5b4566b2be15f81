import Foundation
import Testing
@testable import PeyvandCore

@Suite struct JalaliDateTests {
    let tehran = TimeZone(identifier: "Asia/Tehran")!

    @Test func knownConversion() throws {
        let date = JalaliDate(gregorianYear: 2026, month: 11, day: 23)
        #expect(date == (try JalaliDate(year: 1405, month: 9, day: 2)))
        #expect(date.weekday == 2)  // Monday: Saturday = 0
        #expect(JalaliDate.weekdayNames[date.weekday] == "دوشنبه")
        #expect(date.gregorian == (2026, 11, 23))
        #expect(date.description == "1405-09-02")
    }

    @Test func nowruzAndOtherAnchors() throws {
        #expect(JalaliDate(gregorianYear: 2025, month: 3, day: 21) == (try JalaliDate(year: 1404, month: 1, day: 1)))
        #expect(JalaliDate(gregorianYear: 2024, month: 3, day: 20) == (try JalaliDate(year: 1403, month: 1, day: 1)))
        #expect(JalaliDate(gregorianYear: 1979, month: 2, day: 11) == (try JalaliDate(year: 1357, month: 11, day: 22)))
        #expect(JalaliDate(gregorianYear: 1970, month: 1, day: 1) == (try JalaliDate(year: 1348, month: 10, day: 11)))
        #expect(try JalaliDate(year: 1348, month: 10, day: 11).daysSinceUnixEpoch == 0)
        #expect(JalaliDate(daysSinceUnixEpoch: 0).weekday == 5)  // Thursday
        // Gregorian input rolls over out-of-range days.
        #expect(JalaliDate(gregorianYear: 2025, month: 2, day: 29) == JalaliDate(gregorianYear: 2025, month: 3, day: 1))
    }

    @Test func leapYears() {
        #expect(JalaliDate.isLeapYear(1399))
        #expect(JalaliDate.isLeapYear(1403))
        #expect(JalaliDate.isLeapYear(1408))
        #expect(!JalaliDate.isLeapYear(1400))
        #expect(!JalaliDate.isLeapYear(1404))
        #expect(!JalaliDate.isLeapYear(1405))
        #expect(JalaliDate.daysInMonth(year: 1403, month: 12) == 30)
        #expect(JalaliDate.daysInMonth(year: 1404, month: 12) == 29)
        #expect(JalaliDate.daysInMonth(year: 1404, month: 1) == 31)
        #expect(JalaliDate.daysInMonth(year: 1404, month: 7) == 30)
        #expect(JalaliDate.daysInMonth(year: 1404, month: 13) == 0)
        #expect((1...33).filter(JalaliDate.isLeapYear).count == 8)
    }

    @Test func validation() {
        func why(_ y: Int, _ m: Int, _ d: Int) -> String? {
            reason("date") { () throws(ValidationError) in try JalaliDate(year: y, month: m, day: d) }
        }
        #expect(why(1404, 12, 30) == "day must be between 1 and 29 for month 12 of 1404")
        #expect(why(1403, 12, 30) == nil)
        #expect(why(1404, 7, 31) == "day must be between 1 and 30 for month 7 of 1404")
        #expect(why(1404, 13, 1) == "month must be between 1 and 12")
        #expect(why(1404, 0, 1) == "month must be between 1 and 12")
        #expect(why(1404, 1, 0) == "day must be between 1 and 31 for month 1 of 1404")
        #expect(why(0, 1, 1) == "year must be between 1 and 9999")
    }

    @Test func parse() throws {
        let expected = try JalaliDate(year: 1405, month: 9, day: 2)
        #expect(try JalaliDate.parse("1405/09/02") == expected)
        #expect(try JalaliDate.parse("1405-9-2") == expected)
        #expect(try JalaliDate.parse("1405.09.02") == expected)
        #expect(try JalaliDate.parse("۱۴۰۵/۰۹/۰۲") == expected)
        #expect(try JalaliDate.parse("١٤٠٥/٩/٢") == expected)
        #expect(try JalaliDate.parse(" 1405-09-02 ") == expected)
        func why(_ s: String) -> String? { reason("date") { () throws(ValidationError) in try JalaliDate.parse(s) } }
        #expect(why("") == "empty")
        #expect(why("1405/09") == "expected a Jalali date like 1405/09/02")
        #expect(why("05/09/02") == "expected a Jalali date like 1405/09/02")
        #expect(why("1405/009/02") == "expected a Jalali date like 1405/09/02")
        #expect(why("1405/aa/02") == "expected a Jalali date like 1405/09/02")
        #expect(why("1405//02") == "expected a Jalali date like 1405/09/02")
        #expect(why("1404/12/30") == "day must be between 1 and 29 for month 12 of 1404")
    }

    @Test func formatting() throws {
        let date = try JalaliDate(year: 1405, month: 9, day: 2)
        #expect(date.formatted() == "۱۴۰۵/۰۹/۰۲")
        #expect(date.formatted(.numeric, digits: .latin) == "1405/09/02")
        #expect(date.formatted(.long) == "۲ آذر ۱۴۰۵")
        #expect(date.formatted(.long, digits: .latin) == "2 آذر 1405")
        #expect(JalaliDate.monthNames.count == 12)
        #expect(JalaliDate.monthNames.first == "فروردین")
        #expect(JalaliDate.monthNames.last == "اسفند")
        #expect(try JalaliDate(year: 1404, month: 1, day: 13).formatted(.long) == "۱۳ فروردین ۱۴۰۴")
    }

    @Test func comparableAndArithmetic() throws {
        let a = try JalaliDate(year: 1404, month: 12, day: 29)
        let b = try JalaliDate(year: 1405, month: 1, day: 1)
        #expect(a < b)
        #expect(a.adding(days: 1) == b)
        #expect(b.adding(days: -1) == a)
        #expect(try JalaliDate(year: 1403, month: 12, day: 30).adding(days: 1) == (try JalaliDate(year: 1404, month: 1, day: 1)))
        #expect([b, a].sorted() == [a, b])
    }

    @Test func dateAndTimeZone() throws {
        // 2026-11-23 00:00 in Tehran (UTC+03:30) is 2026-11-22 20:30 UTC.
        let date = try JalaliDate(year: 1405, month: 9, day: 2)
        let midnight = date.date(timeZone: tehran)
        #expect(midnight.timeIntervalSince1970 == 1_795_379_400)
        #expect(JalaliDate(midnight, timeZone: tehran) == date)
        #expect(JalaliDate(midnight.addingTimeInterval(-1), timeZone: tehran) == date.adding(days: -1))
        #expect(JalaliDate(midnight.addingTimeInterval(86_399), timeZone: tehran) == date)
        // The same instant is still 1 Azar in UTC.
        #expect(JalaliDate(midnight, timeZone: TimeZone(identifier: "UTC")!) == (try JalaliDate(year: 1405, month: 9, day: 1)))
        let utcMidnight = date.date(timeZone: TimeZone(identifier: "UTC")!)
        #expect(utcMidnight.timeIntervalSince1970 == 1_795_392_000)
    }

    @Test func dateWhenDSTSkippedMidnight() throws {
        // Until 2022 Iran's DST began at 24:00 on 1 Farvardin: 2 Farvardin 1387
        // (2008-03-22) started at 01:00 IRDT = 2008-03-21 20:30 UTC.
        let date = try JalaliDate(year: 1387, month: 1, day: 2)
        let start = date.date(timeZone: tehran)
        #expect(JalaliDate(start, timeZone: tehran) == date)
        #expect(JalaliDate(start.addingTimeInterval(-1), timeZone: tehran) == date.adding(days: -1))
    }

    @Test func codableAsString() throws {
        let date = try JalaliDate(year: 1405, month: 9, day: 2)
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["1405-09-02"]"#)
        #expect(try JSONDecoder().decode([JalaliDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([JalaliDate].self, from: Data(#"["1404-12-30"]"#.utf8)) }
    }
}
