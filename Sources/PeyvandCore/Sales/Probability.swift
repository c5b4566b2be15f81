import Foundation

/// A chance of winning in whole percent, 0 to 100: a stage's default or a deal's own estimate.
public struct Probability: Sendable, Hashable, Comparable, Codable {
    public let percent: Int

    /// Refuses anything outside 0–100 with field `field` and code `number.range`.
    public init(_ percent: Int, field: String = "probability") throws(ValidationError) {
        guard (0...100).contains(percent) else {
            throw ValidationError(field: field, reason: "must be a whole number from 0 to 100", code: "number.range", params: ["min": "0", "max": "100"])
        }
        self.percent = percent
    }

    /// Parses typed text (Persian digits and a trailing % welcome).
    public init(text: String, field: String = "probability") throws(ValidationError) {
        let latin = PersianText.latinDigits(text).trimmingCharacters(in: .whitespaces)
            .trimmingCharacters(in: CharacterSet(charactersIn: "%٪"))
        guard latin.count <= 4, let n = Int(latin) else {
            throw ValidationError(field: field, reason: "must be a whole number from 0 to 100", code: "number.range", params: ["min": "0", "max": "100"])
        }
        try self.init(n, field: field)
    }

    /// A stored value, already checked by the database (clamped to 0–100 all the same).
    public init(clamping percent: Int) {
        self.percent = min(100, max(0, percent))
    }

    public static func < (lhs: Probability, rhs: Probability) -> Bool { lhs.percent < rhs.percent }
}
