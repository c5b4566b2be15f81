import Foundation
import PeyvandCore
import Testing

/// The clock against the plainest possible model: look at every minute, one at a time.
@Suite("SLA clock against a minute-by-minute model (seeded)")
struct SLAClockPropertyTests {
    /// Whole minutes since 1970 (UTC) of one random case.
    struct Case {
        let hours: BusinessHours
        let holidays: Set<Int>
        let pauses: [Range<Int64>]
        let start: Int64
        let end: Int64

        var clock: SLAClock {
            SLAClock(hours: hours, holidays: HolidayCalendar(holidays.map { Holiday(day: $0, nameFa: "ت", nameEn: "h", kind: .custom) }))
        }

        var datePauses: [Range<Date>] { pauses.map { Self.date($0.lowerBound)..<Self.date($0.upperBound) } }

        /// Whether minute `m` is open: its day is not a holiday, an interval of its weekday holds
        /// it, and (with `pausing`) no pause holds it.
        func isOpen(_ m: Int64, pausing: Bool = true) -> Bool {
            let local = m + Int64(hours.offsetSeconds / 60)
            let day = Int((Double(local) / 1440).rounded(.down))
            let minute = Int(local - Int64(day) * 1440)
            if holidays.contains(day) { return false }
            let weekday = JalaliDate(daysSinceUnixEpoch: day).weekday
            guard hours.week[weekday].contains(where: { $0.contains(minute) }) else { return false }
            return !pausing || !pauses.contains { $0.contains(m) }
        }

        static func date(_ minute: Int64) -> Date { Date(timeIntervalSince1970: Double(minute) * 60) }
    }

    static func randomCase(_ rng: inout SplitMix64) throws -> Case {
        let offset = rng.pick([12_600, 12_600, 0, 16_200, -18_000, 19_800, 50_400])
        let hours = try BusinessHoursTests.randomHours(&rng, offsetSeconds: offset)
        let base: Int64 = 29_500_000  // minutes: early 2026
        let start = base + rng.int(Int64(0)...Int64(30 * 1440))
        let end = start + rng.int(Int64(-600)...Int64(10 * 1440))
        let firstDay = Int(start / 1440)
        var holidays = Set<Int>()
        for _ in 0..<rng.int(0...6) { holidays.insert(firstDay + rng.int(-1...11)) }
        var pauses: [Range<Int64>] = []
        for _ in 0..<rng.int(0...4) {
            let lo = start + rng.int(Int64(-1440)...Int64(11 * 1440))
            pauses.append(lo..<(lo + rng.int(Int64(0)...Int64(2 * 1440))))
        }
        return Case(hours: hours, holidays: holidays, pauses: pauses, start: start, end: end)
    }

    @Test("business time, deadlines, openings and isOpen agree with counting minutes, over 120 random weeks")
    func againstMinutes() throws {
        var rng = SplitMix64(seed: 2026_0321)
        for index in 0..<120 {
            let c = try Self.randomCase(&rng)
            let clock = c.clock
            let label = Comment(rawValue: "case \(index): \(c.hours.text) offset \(c.hours.offsetSeconds)")
            // Elapsed business time.
            let counted = c.start < c.end ? (c.start..<c.end).filter { c.isOpen($0) }.count : 0
            let millis = clock.businessMillis(from: Case.date(c.start), to: Case.date(c.end), pauses: c.datePauses)
            #expect(millis == Int64(counted) * 60_000, label)
            // The deadline of a target met inside the range: the end of the minute that meets it.
            if counted > 0 {
                let target = rng.int(1...counted)
                var seen = 0, minute = c.start
                while true {
                    if c.isOpen(minute) { seen += 1 }
                    if seen == target { break }
                    minute += 1
                }
                let deadline = clock.deadline(from: Case.date(c.start), adding: Int64(target) * 60_000, pauses: c.datePauses)
                #expect(deadline == Case.date(minute + 1), label)
            }
            // Opening hours ignore pauses.
            #expect(clock.isOpen(at: Case.date(c.start)) == c.isOpen(c.start, pausing: false), label)
            var next: Int64? = nil
            if !c.hours.isNeverOpen {
                var minute = c.start
                while !c.isOpen(minute, pausing: false) { minute += 1 }
                next = minute
            }
            #expect(clock.nextOpening(after: Case.date(c.start)) == next.map(Case.date), label)
            #expect(clock.deadline(from: Case.date(c.start), adding: 1, pauses: []).map { $0 > Case.date(c.start) } ?? c.hours.isNeverOpen, label)
        }
    }

    @Test("a deadline is exactly its target, and the instant before it is short of it (seeded, long targets)")
    func deadlineInverse() throws {
        var rng = SplitMix64(seed: 16)
        let calendar = IranHolidays.calendar(years: 1404...1410)
        for _ in 0..<200 {
            let c = try Self.randomCase(&rng)
            guard !c.hours.isNeverOpen else { continue }
            let clock = SLAClock(hours: c.hours, holidays: calendar)
            let start = Date(timeIntervalSince1970: Double(c.start) * 60 + Double(rng.int(0...59_999)) / 1000)
            let target = rng.int(Int64(1)...Int64(2_000) * 3_600_000)
            let deadline = try #require(clock.deadline(from: start, adding: target, pauses: c.datePauses))
            #expect(clock.businessMillis(from: start, to: deadline, pauses: c.datePauses) == target)
            #expect(clock.businessMillis(from: start, to: deadline.addingTimeInterval(-0.001), pauses: c.datePauses) == target - 1)
        }
    }
}
