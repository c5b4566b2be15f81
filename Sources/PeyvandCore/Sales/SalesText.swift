import Foundation

/// The checks the sales area's free text shares: trimmed, empty as nil, bounded, no control
/// characters but line breaks.
public enum SalesText {
    public static func optional(_ value: String?, _ field: String, max: Int, into issues: inout [FieldIssue]) -> String? {
        guard let t = value?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        if t.count > max {
            issues.append(FieldIssue(field: field, reason: "must be at most \(max) characters", code: "text.tooLong", params: ["max": "\(max)"]))
        }
        if t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            issues.append(FieldIssue(field: field, reason: "must not contain control characters", code: "text.control"))
        }
        return t
    }

    public static func required(_ value: String?, _ field: String, max: Int, into issues: inout [FieldIssue]) -> String {
        guard let t = optional(value, field, max: max, into: &issues) else {
            issues.append(FieldIssue(field: field, reason: "is required", code: "required"))
            return ""
        }
        return t
    }

    /// An instant a person could mean for a plan: from 2000 to ten years from now.
    public static func instant(_ value: Date?, _ field: String, now: Date, into issues: inout [FieldIssue]) -> Date? {
        guard let value else { return nil }
        if value < Date(timeIntervalSince1970: 946_684_800) || value > now.addingTimeInterval(10 * 366 * 86400) {
            issues.append(FieldIssue(field: field, reason: "must be between 2000 and ten years from now", code: "date.plan"))
            return nil
        }
        return value
    }
}
