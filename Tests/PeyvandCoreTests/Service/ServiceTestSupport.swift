import Foundation
import PeyvandCore

/// The instant of a Gregorian date and clock time in Tehran (+03:30).
func tehran(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ seconds: Double = 0) -> Date {
    let civil = JalaliDate(gregorianYear: year, month: month, day: day).daysSinceUnixEpoch
    return Date(timeIntervalSince1970: Double(civil) * 86_400 + Double(hour * 3600 + minute * 60) + seconds - 12_600)
}

/// The weekday of a Gregorian date, Saturday first.
func weekday(_ year: Int, _ month: Int, _ day: Int) -> BusinessHours.Day {
    BusinessHours.Day(civilDay: JalaliDate(gregorianYear: year, month: month, day: day).daysSinceUnixEpoch)
}

let hourMillis: Int64 = 3_600_000
let minuteMillis: Int64 = 60_000

/// The issues `body` threw, or nil when it succeeded (any other error shows as field `?`).
func serviceIssues<T>(_ body: () throws -> T) -> [FieldIssue]? {
    do {
        _ = try body()
        return nil
    } catch let error as ValidationError {
        return error.issues
    } catch {
        return [FieldIssue(field: "?", reason: "\(error)")]
    }
}

/// The codes of the issues `body` threw, or nil when it succeeded.
func issueCodes<T>(_ body: () throws -> T) -> [String]? {
    serviceIssues(body)?.map { $0.code ?? "" }
}
