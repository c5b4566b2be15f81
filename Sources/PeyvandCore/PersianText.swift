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
        guard !needsCompatibilityMapping(s) else { return compatibilityKey(s) }
        // Fast path for ASCII and the Arabic block (nearly every Persian or English name): the
        // same result as the general path below, without decomposing the whole string first.
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                if v == 0x20 || (0x09...0x0D).contains(v) { pendingSpace = !out.isEmpty; continue }
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append((0x41...0x5A).contains(v) ? Unicode.Scalar(v + 0x20)! : scalar)
                continue
            }
            if v >= 0x200B { continue }  // zero-width and direction marks, BOM (format characters)
            let mapped: Unicode.Scalar
            switch v {
            case 0x0622, 0x0623, 0x0625: mapped = "\u{0627}"   // آ أ إ → ا (their marks dropped)
            case 0x0624: mapped = "\u{0648}"                   // ؤ → و
            case 0x0626: mapped = "\u{06CC}"                   // ئ → ی
            case 0x06C0, 0x06C2: mapped = "\u{0647}"           // ۀ ۂ → ه
            case 0x06D3: mapped = "\u{06D2}"                   // ۓ → ے
            default:
                let category = scalar.properties.generalCategory
                if category == .nonspacingMark || category == .enclosingMark || category == .format { continue }
                if scalar.properties.isWhitespace { pendingSpace = !out.isEmpty; continue }
                guard let folded = foldScalar(scalar) else { continue }
                mapped = folded
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(mapped)
        }
        return String(out)
    }

    /// Whether `s` holds anything beyond ASCII, the Arabic block and zero-width marks — accented
    /// Latin letters, presentation forms, full-width characters — that needs NFKD first.
    static func needsCompatibilityMapping(_ s: String) -> Bool {
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if (0x0675...0x0678).contains(v) { return true }  // high-hamza letters decompose in two
            if v < 0x80 || (0x0600...0x06FF).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFEFF { continue }
            return true
        }
        return false
    }

    /// The general path: compatibility decomposition, then drop marks and fold letters.
    static func compatibilityKey(_ s: String) -> String {
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

    /// `fold` for scalars of the Arabic block, which always fold to one scalar (or none).
    private static func foldScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x0640: return nil
        case 0x064A, 0x0649, 0x06D0: return "\u{06CC}"
        case 0x0643, 0x06AA: return "\u{06A9}"
        case 0x0629, 0x06D5, 0x06C1: return "\u{0647}"
        case 0x0671: return "\u{0627}"
        case 0x0660...0x0669, 0x06F0...0x06F9: return Unicode.Scalar(0x30 + digitValue(scalar)!)!
        default: return scalar
        }
    }

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
