import PeyvandCore
import Testing

@Suite("Forecast periods in both calendars")
struct ForecastPeriodTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) throws -> Int { try JalaliDate(year: y, month: m, day: d).daysSinceUnixEpoch }

    @Test("the first Jalali quarter of 1405 is Farvardin to Khordad, and the second starts on 1 Tir")
    func jalaliQuarter() throws {
        let q1 = try ForecastPeriod(.jalali, .quarter, year: 1405, index: 1)
        #expect(q1.startDay == (try Self.day(1405, 1, 1)))
        #expect(q1.endDay == (try Self.day(1405, 4, 1)))
        #expect(ForecastPeriod.containing(day: try Self.day(1405, 3, 31), .jalali, .quarter) == q1)
        #expect(ForecastPeriod.containing(day: try Self.day(1405, 4, 1), .jalali, .quarter).index == 2)
        // 1 Farvardin 1405 is 21 March 2026.
        #expect(q1.startDay == JalaliDate(gregorianYear: 2026, month: 3, day: 21).daysSinceUnixEpoch)
        #expect(q1.key == "1405-Q1" && q1.siblings.count == 4 && q1.previous.key == "1404-Q4" && q1.next.key == "1405-Q2")
    }

    @Test("Esfand ends the Jalali year whether it has 29 or 30 days; Gregorian months tile the year")
    func tiling() throws {
        for year in [1403, 1404, 1405] {
            let months = try ForecastPeriod(.jalali, .month, year: year, index: 1).siblings
            for (a, b) in zip(months, months.dropFirst()) { #expect(a.endDay == b.startDay) }
            #expect(months.last?.endDay == (try Self.day(year + 1, 1, 1)))
            let length = months.last.map { $0.endDay - $0.startDay }
            #expect(length == (JalaliDate.isLeapYear(year) ? 30 : 29))
        }
        let feb = try ForecastPeriod(.gregorian, .month, year: 2028, index: 2)
        #expect(feb.endDay - feb.startDay == 29)
        let q4 = try ForecastPeriod(.gregorian, .quarter, year: 2026, index: 4)
        #expect(q4.endDay == JalaliDate(gregorianYear: 2027, month: 1, day: 1).daysSinceUnixEpoch)
        #expect(ForecastPeriod.containing(day: q4.endDay - 1, .gregorian, .month).key == "2026-12")
    }

    @Test("keys read back; bad keys and indexes are refused with a reason")
    func keys() throws {
        #expect(try ForecastPeriod(key: "1405-07", .jalali) == ForecastPeriod(.jalali, .month, year: 1405, index: 7))
        #expect(try ForecastPeriod(key: "2026-Q2", .gregorian) == ForecastPeriod(.gregorian, .quarter, year: 2026, index: 2))
        for bad in ["1405", "1405-13", "1405-Q5", "1405-Q", "x-01", "99999-01", "1405-001", ""] {
            do {
                _ = try ForecastPeriod(key: bad, .jalali)
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(["period", "year"].contains(error.issues.first?.field ?? ""))
            }
        }
    }
}
