import Foundation

/// One day off, named in both languages. Its day is a civil day — days since 1970-01-01 in the
/// team's own offset, as ``JalaliDate/daysSinceUnixEpoch`` counts them — so a holiday is the same
/// day for a team in Tehran and one in Herat even though it starts at different instants.
public struct Holiday: Sendable, Hashable, Codable {
    /// Where a holiday comes from: computed from the solar calendar, taken from lunar data for
    /// its year, or added by an administrator (a company's own day off, a day the government
    /// closes offices at short notice).
    public enum Kind: String, CaseIterable, Sendable, Hashable, Codable {
        case fixedSolar, lunar, custom
    }

    public static let maxNameLength = 100

    public let day: Int
    public let nameFa: String
    public let nameEn: String
    public let kind: Kind

    public init(day: Int, nameFa: String, nameEn: String, kind: Kind) {
        (self.day, self.nameFa, self.nameEn, self.kind) = (day, nameFa, nameEn, kind)
    }

    /// A day an administrator adds: at least one name, each at most ``maxNameLength`` characters
    /// (a name given in only one language stands for both). Throws with fields `nameFa`/`nameEn`.
    public static func custom(on date: JalaliDate, nameFa: String, nameEn: String) throws(ValidationError) -> Holiday {
        let fa = nameFa.trimmingCharacters(in: .whitespacesAndNewlines)
        let en = nameEn.trimmingCharacters(in: .whitespacesAndNewlines)
        var issues: [FieldIssue] = []
        if fa.isEmpty && en.isEmpty {
            issues.append(FieldIssue(field: "nameFa", reason: "a holiday needs a name", code: "required"))
        }
        for (field, name) in [("nameFa", fa), ("nameEn", en)] where name.count > maxNameLength {
            issues.append(FieldIssue(field: field, reason: "must be at most \(maxNameLength) characters", code: "text.tooLong",
                                     params: ["max": String(maxNameLength)]))
        }
        if !issues.isEmpty { throw ValidationError(issues) }
        return Holiday(day: date.daysSinceUnixEpoch, nameFa: fa.isEmpty ? en : fa, nameEn: en.isEmpty ? fa : en, kind: .custom)
    }

    /// The holiday's day in the Jalali calendar.
    public var date: JalaliDate { JalaliDate(daysSinceUnixEpoch: day) }

    /// The name for a page in `language` (`fa`, else English).
    public func name(language: String) -> String { language == "fa" ? nameFa : nameEn }
}
