import Foundation
import PeyvandCore
import Testing

@Suite("Business hours: the weekly schedule, its checks, its text and JSON forms")
struct BusinessHoursTests {
    @Test("the Iranian default is Saturday to Wednesday 08:00–17:00, Thursday to 13:00, Friday closed, at +03:30")
    func iranDefault() {
        let hours = BusinessHours.iranDefault
        for day in [BusinessHours.Day.saturday, .sunday, .monday, .tuesday, .wednesday] {
            #expect(hours.intervals(on: day) == [480..<1020])
        }
        #expect(hours.intervals(on: .thursday) == [480..<780])
        #expect(hours.intervals(on: .friday).isEmpty)
        #expect(hours.offsetSeconds == 12_600)
        #expect(hours.openMinutesPerWeek == 3_000)
        #expect(!hours.isNeverOpen)
        #expect(hours.text == "sat-wed 08:00-17:00; thu 08:00-13:00")
        #expect(hours.formatted(digits: .persian) == "sat-wed ۰۸:۰۰-۱۷:۰۰; thu ۰۸:۰۰-۱۳:۰۰")
    }

    @Test("weekdays are numbered as JalaliDate numbers them: 1 Farvardin 1405 (21 March 2026) is a Saturday")
    func weekdays() throws {
        let nowruz = try JalaliDate(year: 1405, month: 1, day: 1)
        #expect(BusinessHours.Day(civilDay: nowruz.daysSinceUnixEpoch) == .saturday)
        #expect(BusinessHours.Day(civilDay: 0) == .thursday)  // 1 January 1970
        #expect(BusinessHours.Day(civilDay: -1) == .wednesday)
        #expect(BusinessHours.Day(code: "FRI") == .friday && BusinessHours.Day(code: "xyz") == nil)
        #expect(BusinessHours.Day.allCases.map(\.code) == ["sat", "sun", "mon", "tue", "wed", "thu", "fri"])
    }

    @Test("the text form reads days, runs, lists, Persian digits and punctuation, dashes with spaces, 24:00 and 'closed'")
    func parsing() throws {
        #expect(try BusinessHours(text: "sat-wed 08:00-17:00; thu 08:00-13:00") == .iranDefault)
        #expect(try BusinessHours(text: "sat-wed ۰۸:۰۰-۱۷:۰۰؛ thu ۰۸:۰۰-۱۳:۰۰") == .iranDefault)
        #expect(try BusinessHours(text: "  SAT - WED 8 – 17 ; thu 8:00 - 13:00; fri closed ") == .iranDefault)
        let split = try BusinessHours(text: "sat,mon-tue 08:00-12:00, 13:00-17:00; sun 09:30-24:00")
        #expect(split.intervals(on: .saturday) == [480..<720, 780..<1020])
        #expect(split.intervals(on: .monday) == split.intervals(on: .saturday) && split.intervals(on: .tuesday) == split.intervals(on: .saturday))
        #expect(split.intervals(on: .sunday) == [570..<1440])
        #expect(split.intervals(on: .wednesday).isEmpty)
        #expect(split.text == "sat,mon-tue 08:00-12:00, 13:00-17:00; sun 09:30-24:00")
        // A run may wrap past Friday; a day named twice gets both groups' intervals, sorted.
        let wrap = try BusinessHours(text: "thu-sat 14:00-18:00; thu 09:00-12:00")
        #expect(wrap.intervals(on: .thursday) == [540..<720, 840..<1080])
        #expect(wrap.intervals(on: .friday) == [840..<1080] && wrap.intervals(on: .saturday) == [840..<1080])
        #expect(wrap.intervals(on: .sunday).isEmpty)
        // Touching intervals are not overlapping.
        #expect(try BusinessHours(text: "sat 08:00-12:00 12:00-17:00").intervals(on: .saturday) == [480..<720, 720..<1020])
        // Nothing at all is a team that is never open.
        let never = try BusinessHours(text: " ; ")
        #expect(never.isNeverOpen && never.text.isEmpty && never.openMinutesPerWeek == 0)
        #expect(try BusinessHours(text: "fri closed").isNeverOpen)
        #expect(try BusinessHours(text: "sat 08:00-17:00", offsetSeconds: 16_200).offsetSeconds == 16_200)
    }

    @Test("mistakes in the text form are refused with a code the page translates")
    func parsingErrors() throws {
        #expect(issueCodes { try BusinessHours(text: "xyz 08:00-09:00") } == ["hours.day"])
        #expect(issueCodes { try BusinessHours(text: "sat") } == ["hours.syntax"])
        #expect(issueCodes { try BusinessHours(text: "08:00-17:00") } == ["hours.syntax"])
        #expect(issueCodes { try BusinessHours(text: "sat 08:00-12:00 mon 13:00-17:00") } == ["hours.syntax"])
        #expect(issueCodes { try BusinessHours(text: "sat closed 08:00-12:00") } == ["hours.syntax"])
        #expect(issueCodes { try BusinessHours(text: "sat 08:00") } == ["hours.time"])
        #expect(issueCodes { try BusinessHours(text: "sat 08:00-25:00") } == ["hours.time"])
        #expect(issueCodes { try BusinessHours(text: "sat 08:60-17:00") } == ["hours.time"])
        #expect(issueCodes { try BusinessHours(text: "sat 08:5-17:00") } == ["hours.time"])
        #expect(issueCodes { try BusinessHours(text: "sat 24:01-24:30") } == ["hours.time"])
        #expect(issueCodes { try BusinessHours(text: "sat 17:00-08:00") } == ["hours.order"])
        #expect(issueCodes { try BusinessHours(text: "sat 24:00-24:00") } == ["hours.order"])
        #expect(issueCodes { try BusinessHours(text: String(repeating: "sat 08:00-09:00; ", count: 40)) } == ["text.tooLong"])
        let overlap = serviceIssues { try BusinessHours(text: "sat 08:00-12:00, 11:00-13:00; mon 09:00-10:00, 09:30-11:00") }
        #expect(overlap?.map(\.code) == ["hours.overlap", "hours.overlap"])
        #expect(overlap?.map(\.field) == ["hours.sat", "hours.mon"])
        #expect(overlap?.first?.params == ["day": "sat", "first": "08:00-12:00", "second": "11:00-13:00"])
        let nine = (10..<19).map { "\($0):00-\($0):30" }.joined(separator: ", ")
        let tooMany = serviceIssues { try BusinessHours(text: "tue " + nine) }
        #expect(tooMany?.map(\.code) == ["hours.tooMany"] && tooMany?.first?.params?["max"] == "8")
        let eight = (10..<18).map { "\($0):00-\($0):30" }.joined(separator: ", ")
        #expect(try BusinessHours(text: "tue " + eight).intervals(on: .tuesday).count == 8)
    }

    @Test("the initialiser checks bounds, order and offset, and reports every problem at once")
    func initialiserChecks() throws {
        let found = serviceIssues { try BusinessHours([.saturday: [-10..<60, 500..<500], .sunday: [1000..<1500]], offsetSeconds: 60_000) }
        #expect(found?.map(\.code) == ["hours.offset", "hours.bounds", "hours.order", "hours.bounds"])
        #expect(found?.map(\.field) == ["offsetSeconds", "hours.sat", "hours.sat", "hours.sun"])
        #expect(found?[1].params == ["day": "sat", "start": "-10", "end": "60"])
        #expect(issueCodes { try BusinessHours([.friday: [0..<1440]], offsetSeconds: -50_400) } == nil)
        #expect(issueCodes { try BusinessHours([.friday: [0..<1440]], offsetSeconds: 50_401) } == ["hours.offset"])
        // Intervals given out of order are kept sorted.
        #expect(try BusinessHours([.monday: [780..<1020, 480..<720]]).intervals(on: .monday) == [480..<720, 780..<1020])
    }

    @Test("JSON keeps minutes under day codes and the offset; decoding runs the same checks")
    func json() throws {
        let text = try jsonText(BusinessHours.iranDefault)
        #expect(text.contains("\"sat\":[[480,1020]]") && text.contains("\"thu\":[[480,780]]") && !text.contains("fri"))
        #expect(text.contains("\"offsetSeconds\":12600"))
        #expect(try roundTrip(BusinessHours.iranDefault) == .iranDefault)
        let odd = try BusinessHours(text: "sat,mon 08:00-12:00 13:00-17:30; fri 00:00-24:00", offsetSeconds: -18_000)
        #expect(try roundTrip(odd) == odd)
        #expect(try decodeJSON(BusinessHours.self, "{}").isNeverOpen)
        #expect(try decodeJSON(BusinessHours.self, "{}").offsetSeconds == 12_600)
        for bad in [
            #"{"days": {"sat": [[600, 500]]}}"#, #"{"days": {"sat": [[480, 720], [700, 800]]}}"#,
            #"{"days": {"xyz": [[480, 720]]}}"#, #"{"days": {"sat": [[480]]}}"#, #"{"days": {"sat": [[-1, 30]]}}"#,
            #"{"offsetSeconds": 99999, "days": {}}"#,
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try decodeJSON(BusinessHours.self, bad) }
        }
    }

    @Test("any valid schedule reads back from its text form unchanged (seeded)")
    func textRoundTrip() throws {
        var rng = SplitMix64(seed: 16)
        for _ in 0..<300 {
            let hours = try Self.randomHours(&rng)
            #expect(try BusinessHours(text: hours.text, offsetSeconds: hours.offsetSeconds) == hours, "\(hours.text)")
            #expect(try BusinessHours(text: hours.formatted(digits: .persian), offsetSeconds: hours.offsetSeconds) == hours)
        }
    }

    /// A random valid schedule: 0–4 intervals a day from sorted cut points, whole minutes.
    static func randomHours(_ rng: inout SplitMix64, offsetSeconds: Int = 12_600) throws -> BusinessHours {
        var days: [BusinessHours.Day: [Range<Int>]] = [:]
        for day in BusinessHours.Day.allCases {
            let count = rng.int(0...4)
            var cuts = Set<Int>()
            while cuts.count < 2 * count { cuts.insert(rng.int(0...1440)) }
            let sorted = cuts.sorted()
            days[day] = stride(from: 0, to: sorted.count, by: 2).map { sorted[$0]..<sorted[$0 + 1] }
        }
        return try BusinessHours(days, offsetSeconds: offsetSeconds)
    }
}
