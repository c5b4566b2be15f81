import Foundation

/// A telephone number normalised to E.164 (`+989121234567`).
///
/// Accepted input: ASCII, Persian or Arabic-Indic digits separated by spaces,
/// `-`, `.`, `/` or parentheses, optionally starting with `+`.
///
/// Iranian numbers (country code 98) in every common form — `0912…`,
/// `912…`, `+98912…`, `0098912…`, `98912…`, `+98 (0) 912…`, `021…` — are
/// checked against the national plan:
/// * mobile: `9` followed by 9 digits;
/// * landline: one of the 31 provincial area codes (``iranianAreaCodes``)
///   followed by an 8-digit subscriber number.
///
/// Other countries must be written with `+` or `00` and have 8–15 digits
/// including the country code (the E.164 maximum is 15); they are only
/// length-checked and get ``Kind-swift.enum/international``.
///
/// Encodes as the E.164 string.
public struct PhoneNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case mobile, landline, international
    }

    public let e164: String
    public let kind: Kind

    /// Iranian provincial area codes (without the trunk `0`).
    public static let iranianAreaCodes: [String: String] = [
        "11": "Mazandaran", "13": "Gilan", "17": "Golestan",
        "21": "Tehran", "23": "Semnan", "24": "Zanjan", "25": "Qom", "26": "Alborz", "28": "Qazvin",
        "31": "Isfahan", "34": "Kerman", "35": "Yazd", "38": "Chaharmahal and Bakhtiari",
        "41": "East Azerbaijan", "44": "West Azerbaijan", "45": "Ardabil",
        "51": "Razavi Khorasan", "54": "Sistan and Baluchestan", "56": "South Khorasan", "58": "North Khorasan",
        "61": "Khuzestan", "66": "Lorestan",
        "71": "Fars", "74": "Kohgiluyeh and Boyer-Ahmad", "76": "Hormozgan", "77": "Bushehr",
        "81": "Hamadan", "83": "Kermanshah", "84": "Ilam", "86": "Markazi", "87": "Kurdistan",
    ]

    /// Parses and normalises. Throws with field `"phone"`.
    public init(parsing raw: String) throws(ValidationError) {
        func fail(_ reason: String, _ code: String, _ params: [String: String]? = nil) -> ValidationError {
            ValidationError([FieldIssue(field: "phone", reason: reason, code: "phone." + code, params: params)])
        }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw fail("empty", "empty") }

        var digits = ""
        var plus = false
        for scalar in text.unicodeScalars {
            if let d = PersianText.digitValue(scalar) {
                digits.unicodeScalars.append(Unicode.Scalar(0x30 + d)!)
            } else if scalar == "+" || scalar == "\u{FF0B}" {
                guard digits.isEmpty, !plus else { throw fail("'+' is only allowed at the start", "plus") }
                plus = true
            } else if scalar.properties.isWhitespace || "-.()/\u{2010}\u{2011}\u{2012}\u{2013}\u{2212}".unicodeScalars.contains(scalar)
                        || scalar.properties.generalCategory == .format {
                continue
            } else if scalar.properties.isAlphabetic {
                throw fail("contains letters", "letters")
            } else {
                throw fail("contains invalid characters", "characters")
            }
        }
        guard !digits.isEmpty else { throw fail("contains no digits", "noDigits") }

        var international = plus
        if !plus && digits.hasPrefix("00") {
            digits.removeFirst(2)
            international = true
        }
        let national: Substring
        if international {
            guard let first = digits.first, first != "0" else { throw fail("country code cannot start with 0", "countryCode") }
            if digits.hasPrefix("98") {
                var rest = digits.dropFirst(2)
                if rest.first == "0" { rest = rest.dropFirst() }  // "+98 (0)912…"
                national = rest
            } else {
                guard digits.count >= 8 else { throw fail("too short: international numbers have 8 to 15 digits including the country code", "tooShort.international") }
                guard digits.count <= 15 else { throw fail("too long: international numbers have at most 15 digits including the country code", "tooLong.international") }
                self.e164 = "+" + digits
                self.kind = .international
                return
            }
        } else if digits.hasPrefix("98") && digits.count == 12 {
            national = digits.dropFirst(2)
        } else if digits.hasPrefix("0") {
            national = digits.dropFirst()
        } else {
            national = Substring(digits)
        }

        guard let lead = national.first else { throw fail("too short", "tooShort") }
        if lead == "9" {
            let rule = "Iranian mobile numbers have 10 digits after the country code (9xx…)"
            guard national.count >= 10 else { throw fail("too short: " + rule, "tooShort.mobile") }
            guard national.count <= 10 else { throw fail("too long: " + rule, "tooLong.mobile") }
            self.kind = .mobile
        } else {
            let rule = "Iranian landline numbers have a 2-digit area code and an 8-digit subscriber number"
            guard national.count >= 10 else { throw fail("too short: " + rule, "tooShort.landline") }
            let area = String(national.prefix(2))
            guard PhoneNumber.iranianAreaCodes[area] != nil else { throw fail("unknown Iranian area code 0\(area)", "areaCode", ["area": "0" + area]) }
            guard national.count <= 10 else { throw fail("too long: " + rule, "tooLong.landline") }
            guard national.dropFirst(2).first != "0" else { throw fail("subscriber number cannot start with 0", "subscriber") }
            self.kind = .landline
        }
        self.e164 = "+98" + national
    }

    public var description: String { e164 }

    /// National display for Iranian numbers (`0912 123 4567`,
    /// `021 8888 7777`), E.164 for others; Persian digits when `language`
    /// is `"fa"`.
    public func formatted(language: String) -> String {
        let text: String
        let national = "0" + e164.dropFirst(3)
        switch kind {
        case .mobile:
            text = PhoneNumber.group(national, [4, 3, 4])
        case .landline:
            text = PhoneNumber.group(national, [3, 4, 4])
        case .international:
            text = e164
        }
        return language.lowercased().hasPrefix("fa") ? PersianText.persianDigits(text) : text
    }

    private static func group(_ s: String, _ sizes: [Int]) -> String {
        var rest = Substring(s)
        var parts: [Substring] = []
        for size in sizes {
            parts.append(rest.prefix(size))
            rest = rest.dropFirst(size)
        }
        return parts.joined(separator: " ")
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
        try container.encode(e164)
    }
}
