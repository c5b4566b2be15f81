/// How far past its due date an amount is, as of a report day.
///
/// `daysPastDue = asOf − dueDate` in whole calendar days:
///
/// | bucket           | daysPastDue   |
/// |------------------|---------------|
/// | `notDue`         | ≤ 0 (due today or later) |
/// | `overdue1To30`   | 1 … 30        |
/// | `overdue31To60`  | 31 … 60       |
/// | `overdue61To90`  | 61 … 90       |
/// | `overdueOver90`  | ≥ 91          |
///
/// An invoice due today is not yet overdue. Encodes as the raw value.
public enum AgeingBucket: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
    case notDue = "not-due"
    case overdue1To30 = "1-30"
    case overdue31To60 = "31-60"
    case overdue61To90 = "61-90"
    case overdueOver90 = "90+"

    public init(daysPastDue: Int) {
        switch daysPastDue {
        case ...0: self = .notDue
        case 1...30: self = .overdue1To30
        case 31...60: self = .overdue31To60
        case 61...90: self = .overdue61To90
        default: self = .overdueOver90
        }
    }

    public static func < (lhs: AgeingBucket, rhs: AgeingBucket) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
