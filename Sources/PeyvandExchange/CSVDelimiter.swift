/// The cell separators ``CSVReader`` recognises.
public enum CSVDelimiter: UInt8, Sendable, CaseIterable {
    case comma = 0x2C      // ,
    case semicolon = 0x3B  // ;  (Excel in locales with a decimal comma)
    case tab = 0x09        // Excel "Unicode text"
    case pipe = 0x7C       // |

    /// Picks the delimiter that occurs most often outside quotes in the first
    /// line of `bytes` (UTF-8). Ties go to the earlier case (comma first);
    /// a line with none of them gives `.comma`.
    public static func detect(firstLineOf bytes: some Sequence<UInt8>) -> CSVDelimiter {
        var counts = [Int](repeating: 0, count: allCases.count)
        var inQuotes = false
        var started = false  // leading blank lines are skipped
        for byte in bytes {
            if byte == 0x22 { inQuotes.toggle(); started = true; continue }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D {
                if started { break } else { continue }
            }
            started = true
            if let index = allCases.firstIndex(where: { $0.rawValue == byte }) { counts[index] += 1 }
        }
        var best = 0
        for index in counts.indices where counts[index] > counts[best] { best = index }
        return allCases[best]
    }

    /// Whether `bytes` contains a complete first line (a newline outside quotes).
    static func hasCompleteFirstLine(_ bytes: [UInt8]) -> Bool {
        var inQuotes = false
        var started = false
        for byte in bytes {
            if byte == 0x22 {
                inQuotes.toggle()
            } else if !inQuotes && (byte == 0x0A || byte == 0x0D) {
                if started { return true }
                continue
            }
            started = true
        }
        return false
    }
}
