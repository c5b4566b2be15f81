import Foundation
import PeyvandCore
import Testing

@Suite("Holiday calendars and Iran's official holidays")
struct HolidayCalendarTests {
    static func civil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        JalaliDate(gregorianYear: year, month: month, day: day).daysSinceUnixEpoch
    }

    @Test("Nowruz 1405 is 21 March 2026, and the fixed solar holidays fall on their Jalali days")
    func fixedSolar() throws {
        let holidays = IranHolidays.fixedSolar(year: 1405)
        #expect(holidays.first?.day == Self.civil(2026, 3, 21))
        #expect(holidays.first?.nameEn == "Nowruz" && holidays.first?.nameFa == "جشن نوروز")
        #expect(holidays.allSatisfy { $0.kind == .fixedSolar })
        let dates = holidays.map { "\($0.date.month)/\($0.date.day)" }
        #expect(dates == ["1/1", "1/2", "1/3", "1/4", "1/12", "1/13", "3/14", "3/15", "11/22", "12/29"])
        // Gregorian days as the PyPI holidays package lists them.
        #expect(holidays.map(\.day).contains(Self.civil(2026, 4, 2)))  // 13 Farvardin
        #expect(holidays.map(\.day).contains(Self.civil(2026, 6, 4)))  // 14 Khordad
        #expect(holidays.map(\.day).contains(Self.civil(2027, 2, 11)))  // 22 Bahman
        #expect(holidays.last?.day == Self.civil(2027, 3, 20))  // 29 Esfand 1405
        #expect(IranHolidays.fixedSolar(year: 1406).last?.day == Self.civil(2028, 3, 19))
        // A leap year adds 30 Esfand (1403: 20 March 2025); 1405 and 1406 are common years.
        #expect(JalaliDate.isLeapYear(1403) && !JalaliDate.isLeapYear(1405) && !JalaliDate.isLeapYear(1406))
        let leap = IranHolidays.fixedSolar(year: 1403)
        #expect(leap.count == 11 && leap.last?.day == Self.civil(2025, 3, 20) && leap.last?.nameEn == "30 Esfand holiday")
        // Computed for any year, without data.
        #expect(IranHolidays.fixedSolar(year: 1450).count == 10 || IranHolidays.fixedSolar(year: 1450).count == 11)
        #expect(IranHolidays.fixedSolar(year: 1450).first?.date == (try jday(1450, 1, 1)))
    }

    @Test("the lunar holidays of 1405 and 1406 are every lunar occasion, on the days of the generated table")
    func lunar() throws {
        let lunarOccasions = Set(IranHolidays.Occasion.allCases.filter { $0.kind == .lunar }.map(\.nameEn))
        #expect(lunarOccasions.count == 17)
        for year in IranHolidays.lunarYears {
            let holidays = IranHolidays.lunar(year: year)
            #expect(Set(holidays.map(\.nameEn)) == lunarOccasions, "\(year)")
            #expect(holidays.allSatisfy { $0.kind == .lunar && $0.date.year == year })
            #expect(IranHolidays.hasLunarData(for: year))
        }
        // Eid al-Fitr falls twice in 1405 (Shawwal 1447 on 1–2 Farvardin, Shawwal 1448 in Esfand).
        #expect(IranHolidays.lunar(year: 1405).count == 19 && IranHolidays.lunar(year: 1406).count == 17)
        let named = Dictionary(grouping: IranHolidays.lunar(year: 1405), by: \.nameEn)
        #expect(named["Tasua"]?.map(\.day) == [Self.civil(2026, 6, 24)])
        #expect(named["Ashura"]?.map(\.day) == [Self.civil(2026, 6, 25)])
        #expect(named["Arbaeen"]?.map(\.day) == [Self.civil(2026, 8, 4)])
        #expect(named["Martyrdom of Imam Reza"]?.map(\.day) == [Self.civil(2026, 8, 13)])
        #expect(named["Eid al-Fitr"]?.map(\.day) == [Self.civil(2026, 3, 21), Self.civil(2027, 3, 10)])
        let fitr1406 = IranHolidays.lunar(year: 1406).filter { $0.nameEn == "Eid al-Fitr" }
        #expect(fitr1406.map(\.day) == [Self.civil(2028, 2, 27)])
        // Outside the data only the solar holidays are known.
        #expect(IranHolidays.lunar(year: 1407).isEmpty && !IranHolidays.hasLunarData(for: 1407))
        #expect(IranHolidays.lunarSource.contains("holidays 0.109") && IranHolidays.lunarSource.contains("hijridate"))
        #expect(IranHolidays.holidays(year: 1407).count == IranHolidays.fixedSolar(year: 1407).count)
    }

    @Test("a calendar keeps each day once, however many holidays share it, and finds them by range")
    func calendar() throws {
        let calendar = IranHolidays.calendar(years: 1405...1406)
        #expect(calendar.holidays.count == 29 + 27)
        // 1–2 Farvardin 1405 are also Eid al-Fitr; 14 Khordad 1405 is also Eid al-Ghadir.
        #expect(calendar.days.count == 26 + 27)
        #expect(calendar.days == calendar.days.sorted() && Set(calendar.days).count == calendar.days.count)
        let khordad14 = calendar.holidays(on: Self.civil(2026, 6, 4))
        #expect(Set(khordad14.map(\.nameEn)) == ["Death of Imam Khomeini", "Eid al-Ghadir"])
        #expect(calendar.isHoliday(Self.civil(2026, 3, 21)) && !calendar.isHoliday(Self.civil(2026, 3, 25)))
        #expect(calendar.holidays(on: Self.civil(2026, 3, 25)).isEmpty)
        let nowruz = Self.civil(2026, 3, 21)
        #expect(Array(calendar.holidayDays(in: nowruz..<(nowruz + 14))) == [0, 1, 2, 3, 11, 12].map { nowruz + $0 })
        #expect(calendar.holidays(in: nowruz..<(nowruz + 2)).count == 4)
        #expect(calendar.holidayDays(in: 0..<10).isEmpty && HolidayCalendar.empty.isEmpty)
        #expect(try roundTrip(calendar) == calendar)
        // Merging a company's own day; the same holiday twice is kept once.
        let own = try Holiday.custom(on: jday(1405, 1, 5), nameFa: "تعطیلی شرکت", nameEn: "")
        #expect(own.nameEn == "تعطیلی شرکت" && own.kind == .custom)
        let merged = calendar.merging(HolidayCalendar([own, own])).merging(calendar)
        #expect(merged.holidays.count == calendar.holidays.count + 1 && merged.isHoliday(nowruz + 4))
        // A century at most.
        #expect(IranHolidays.calendar(years: 1400...3000).days.last.map { JalaliDate(daysSinceUnixEpoch: $0).year } == 1499)
    }

    @Test("a custom holiday needs a name of reasonable length")
    func customHoliday() throws {
        let day = try jday(1405, 7, 1)
        #expect(issueCodes { try Holiday.custom(on: day, nameFa: " ", nameEn: "") } == ["required"])
        #expect(issueCodes { try Holiday.custom(on: day, nameFa: String(repeating: "ا", count: 101), nameEn: "x") } == ["text.tooLong"])
        let holiday = try Holiday.custom(on: day, nameFa: " روز شرکت ", nameEn: "Company day")
        #expect(holiday.nameFa == "روز شرکت" && holiday.name(language: "fa") == "روز شرکت" && holiday.name(language: "en") == "Company day")
        #expect(holiday.date == day)
    }
}
