import Foundation
import Testing
@testable import PeyvandCore

@Suite struct ValidationErrorTests {
    @Test func descriptionListsIssues() {
        let error = ValidationError([
            FieldIssue(field: "phone", reason: "empty"),
            FieldIssue(field: "email", reason: "missing '@'"),
        ])
        #expect(error.description == "phone: empty; email: missing '@'")
        #expect(error.reasons(for: "email") == ["missing '@'"])
    }

    @Test func singleIssueInitAndMerge() {
        let a = ValidationError(field: "amount", reason: "not a number")
        #expect(a.issues == [FieldIssue(field: "amount", reason: "not a number")])
        let merged = a.merging(ValidationError(field: "date", reason: "empty"))
        #expect(merged.description == "amount: not a number; date: empty")
    }

    @Test func fieldIssueCodable() throws {
        let data = try JSONEncoder().encode(FieldIssue(field: "f", reason: "r"))
        let back = try JSONDecoder().decode(FieldIssue.self, from: data)
        #expect(back == FieldIssue(field: "f", reason: "r"))
    }
}

@Suite("Civil time")
struct CivilTimeTests {
    @Test("matches Foundation's calendar for moments across two centuries and both sides of 1970")
    func matchesCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var seconds = -2_208_988_800.0  // 1900-01-01
        while seconds < 4_102_444_800 {  // 2100-01-01
            let date = Date(timeIntervalSince1970: seconds + 0.123)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let t = CivilTime(date)
            let mine: [Int] = [t.year, t.month, t.day, t.hour, t.minute, t.second]
            let theirs: [Int] = [c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!]
            #expect(mine == theirs)
            seconds += 7_654_321
        }
        #expect(CivilTime.rfc3339(Date(timeIntervalSince1970: 1_795_435_200.5)) == "2026-11-23T12:00:00.500Z")
        #expect(CivilTime(Date(timeIntervalSince1970: 1_795_435_200), offsetSeconds: 12_600).timeString == "15:30")
    }
}
