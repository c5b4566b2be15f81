import Foundation

/// A pragmatically validated e-mail address.
///
/// Rules (a practical subset of RFC 5321/5322, no quoted local parts, no
/// IP-literal domains, ASCII only — IDN domains must be given in punycode):
/// * exactly one `@`, no whitespace;
/// * local part 1–64 characters from `A–Z a–z 0–9 ! # $ % & ' * + - / = ? ^ _ ` { | } ~ .`,
///   not starting or ending with `.` and without `..`;
/// * domain of at least two dot-separated labels, each 1–63 characters of
///   letters, digits and `-`, not starting or ending with `-`; the last label
///   is at least two characters and not all digits;
/// * at most 254 characters overall.
///
/// ``value`` keeps the local part as typed (trimmed) and lower-cases the
/// domain; ``key`` lower-cases everything for duplicate detection.
/// Encodes as ``value``.
public struct EmailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    /// Parses and normalises. Throws with field `"email"`.
    public init(parsing raw: String) throws(ValidationError) {
        func fail(_ reason: String, _ code: String) -> ValidationError {
            ValidationError([FieldIssue(field: "email", reason: reason, code: "email." + code)])
        }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw fail("empty", "empty") }
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else { throw fail("contains spaces", "spaces") }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { throw fail("missing '@'", "noAt") }
        guard parts.count == 2 else { throw fail("more than one '@'", "manyAt") }
        let local = parts[0]
        let domain = parts[1].lowercased()

        guard !local.isEmpty else { throw fail("missing the part before '@'", "noLocal") }
        guard local.utf8.count <= 64 else { throw fail("the part before '@' is longer than 64 characters", "localTooLong") }
        guard local.unicodeScalars.allSatisfy(EmailAddress.isLocalCharacter) else {
            throw fail("the part before '@' contains invalid characters", "localCharacters")
        }
        guard local.first != ".", local.last != ".", !local.contains("..") else {
            throw fail("the part before '@' cannot start or end with '.' or contain '..'", "localDots")
        }

        guard !domain.isEmpty else { throw fail("missing the domain after '@'", "noDomain") }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { throw fail("the domain must contain a dot", "domainDot") }
        for label in labels {
            guard !label.isEmpty else { throw fail("the domain has an empty label", "domainEmptyLabel") }
            guard label.utf8.count <= 63 else { throw fail("a domain label is longer than 63 characters", "domainLabelTooLong") }
            guard label.utf8.allSatisfy({ EmailAddress.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else {
                throw fail("the domain contains invalid characters", "domainCharacters")
            }
            guard label.first != "-", label.last != "-" else {
                throw fail("a domain label cannot start or end with '-'", "domainHyphen")
            }
        }
        let tld = labels[labels.count - 1]
        guard tld.count >= 2, !tld.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw fail("the top-level domain is invalid", "topLevel")
        }
        let value = local + "@" + domain
        guard value.utf8.count <= 254 else { throw fail("longer than 254 characters", "tooLong") }
        self.value = value
    }

    /// Fully lower-cased address, for duplicate detection.
    public var key: String { value.lowercased() }

    /// The part after `@` (lower-case).
    public var domain: String { String(value[value.index(after: value.lastIndex(of: "@")!)...]) }

    public var description: String { value }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isLocalCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        let byte = UInt8(scalar.value)
        return isAlphanumeric(byte) || "!#$%&'*+-/=?^_`{|}~.".utf8.contains(byte)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            try self.init(parsing: string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
