/// Protection against CSV (formula) injection, after the OWASP guidance.
///
/// Spreadsheets execute a cell that starts with `=`, `+`, `-` or `@` (and
/// some also after a leading tab or carriage return) as a formula, so a
/// customer named `=cmd|' /C calc'!A0` could run code on the machine of the
/// colleague who opens the export. Such cells are prefixed with a single
/// quote `'`, which Excel and LibreOffice treat as "this is text".
///
/// **Exception:** a cell that is a plain number or phone number, matching
/// `^[+-]?[0-9][0-9 .]*$` (for example `-12.5`, `+989121234567`,
/// `+98 912 123 4567`), is left alone. It cannot be a formula, and phone
/// numbers in E.164 form must survive an export → import round trip. So is a list of them
/// separated by `;` (`+989121234567; +982188887777`), so every phone cell of an export is
/// written the same way whether it holds one number or several.
public enum CSVFormulaEscaping {
    /// Whether `cell` would be prefixed by ``escape(_:)``.
    public static func needsEscape(_ cell: String) -> Bool {
        guard let first = cell.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !cell.split(separator: ";").allSatisfy { part in
            let trimmed = part.drop { $0 == " " }
            return !trimmed.isEmpty && isPlainNumber(String(trimmed))
        }
        default: return false
        }
    }

    /// `cell` with a leading `'` if it could be run as a formula, else unchanged.
    public static func escape(_ cell: String) -> String {
        needsEscape(cell) ? "'" + cell : cell
    }

    /// Undoes ``escape(_:)``: drops a leading `'` when what follows would
    /// need escaping. Useful when re-importing Peyvand's own exports; note
    /// it also strips a `'` that a user typed deliberately before `=`.
    public static func unescape(_ cell: String) -> String {
        guard cell.hasPrefix("'") else { return cell }
        let rest = String(cell.dropFirst())
        return needsEscape(rest) ? rest : cell
    }

    /// `^[+-]?[0-9][0-9 .]*$`
    static func isPlainNumber(_ cell: String) -> Bool {
        var bytes = cell.utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard let lead = bytes.first, (0x30...0x39).contains(lead) else { return false }
        return bytes.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x20 || $0 == 0x2E }
    }
}
