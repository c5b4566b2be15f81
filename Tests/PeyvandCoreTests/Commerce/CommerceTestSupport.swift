import Foundation
import PeyvandCore

/// Runs `body` and returns the issues it threw, or `nil` if it succeeded.
func commerceIssues<T>(_ body: () throws(ValidationError) -> T) -> [FieldIssue]? {
    do {
        _ = try body()
        return nil
    } catch {
        return error.issues
    }
}

/// The single reason `body` failed with for `field`, or `nil` if it
/// succeeded, failed for another field or with several issues.
func rejection<T>(_ field: String, _ body: () throws(ValidationError) -> T) -> String? {
    guard let found = commerceIssues(body), found.count == 1, found[0].field == field else { return nil }
    return found[0].reason
}

/// The fields `body` failed with, in order (empty if it succeeded).
func rejectedFields<T>(_ body: () throws(ValidationError) -> T) -> [String] {
    commerceIssues(body)?.map(\.field) ?? []
}

func irr(_ rials: Int64) -> Money { Money(minorUnits: rials, currency: .irr) }
func usd(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .usd) }

func qty(_ text: String) throws(ValidationError) -> Quantity { try Quantity(text) }

func jday(_ year: Int, _ month: Int, _ day: Int) throws(ValidationError) -> JalaliDate {
    try JalaliDate(year: year, month: month, day: day)
}

/// Encodes `value` as compact, key-sorted JSON text.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(text.utf8))
}

/// Encodes then decodes `value`.
func roundTrip<T: Codable>(_ value: T) throws -> T {
    try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
}
