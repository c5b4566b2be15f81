import Foundation

/// Normalisation helpers for mixed Persian/Arabic/Latin text.
///
/// ``searchKey(_:)`` produces a key for matching names the way users expect:
///
/// * Unicode compatibility decomposition (NFKD): full-width Latin → ASCII,
///   Arabic presentation forms → base letters, `é` → `e` + accent.
/// * All non-spacing marks are dropped: Latin accents, Arabic harakat
///   (U+064B–U+065F), superscript alef (U+0670), hamza/madda marks — so
///   `أ إ آ` → `ا`, `ؤ` → `و`, `ئ` → `ی`, `ۀ` → `ه`.
/// * Arabic letter variants are mapped to Persian ones: `ي ى` → `ی`,
///   `ك` → `ک`, `ة ە` → `ه`, `ٱ` → `ا`.
/// * Zero-width and bidi format characters (ZWNJ, ZWJ, ZWSP, BOM, LRM/RLM, …)
///   and tatweel (U+0640) are removed.
/// * Persian and Arabic-Indic digits become ASCII digits.
/// * Latin letters are lower-cased.
/// * Runs of whitespace collapse to a single space; the ends are trimmed.
///
/// Because ZWNJ is removed but a space is kept, `"محمد‌رضا"` and `"محمدرضا"`
/// have the same search key while `"محمد رضا"` does not; use
/// ``compactKey(_:)`` (which also removes spaces) to treat all three alike.
public enum PersianText {
    public static func searchKey(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in s.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            let category = scalar.properties.generalCategory
            if category == .nonspacingMark || category == .enclosingMark || category == .format {
                continue
            }
            guard let mapped = fold(scalar) else { continue }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(contentsOf: mapped.unicodeScalars)
        }
        return String(out)
    }

    /// ``searchKey(_:)`` with every space removed.
    public static func compactKey(_ s: String) -> String {
        String(searchKey(s).unicodeScalars.filter { $0 != " " })
    }

    /// ASCII (`0-9`) and Arabic-Indic (`٠-٩`) digits → Persian digits (`۰-۹`).
    public static func persianDigits(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { scalar in
            if let d = digitValue(scalar) { return Unicode.Scalar(0x06F0 + d)! }
            return scalar
        }))
    }

    /// Persian (`۰-۹`) and Arabic-Indic (`٠-٩`) digits → ASCII digits.
    public static func latinDigits(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { scalar in
            if let d = digitValue(scalar) { return Unicode.Scalar(0x30 + d)! }
            return scalar
        }))
    }

    /// The value of an ASCII, Persian or Arabic-Indic decimal digit.
    static func digitValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x30...0x39: return scalar.value - 0x30
        case 0x0660...0x0669: return scalar.value - 0x0660
        case 0x06F0...0x06F9: return scalar.value - 0x06F0
        default: return nil
        }
    }

    /// Per-scalar folding after NFKD; `nil` drops the scalar.
    private static func fold(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x0640: return nil                               // tatweel
        case 0x064A, 0x0649, 0x06D0: return "\u{06CC}"        // ي ى ې → ی
        case 0x0643, 0x06AA: return "\u{06A9}"                // ك ڪ → ک
        case 0x0629, 0x06D5, 0x06C1: return "\u{0647}"        // ة ە ہ → ه
        case 0x0671: return "\u{0627}"                        // ٱ → ا
        case 0x0660...0x0669, 0x06F0...0x06F9:
            return String(UnicodeScalar(0x30 + digitValue(scalar)!)!)
        case 0x41...0x5A: return String(UnicodeScalar(scalar.value + 0x20)!)
        case 0...0x7F: return String(scalar)
        default:
            return scalar.properties.changesWhenLowercased ? scalar.properties.lowercaseMapping : String(scalar)
        }
    }
}
