/// Long texts as the Bot API takes them: at most 4,096 UTF-16 units a message, so a longer one
/// is sent as several, cut at a line break late in the part, else at the last word boundary, else
/// between two characters (never inside one). Linear in the text.
public enum MessengerText {
    public static let limit = 4096

    public static func split(_ text: String, limit: Int = MessengerText.limit) -> [String] {
        let chars = Array(text)
        var parts: [String] = []
        var start = 0
        while start < chars.count {
            var units = 0, i = start
            var lastLine: Int?, lastSpace: Int?
            while i < chars.count {
                let width = chars[i].utf16.count
                if units + width > limit { break }
                units += width
                if chars[i].isNewline { lastLine = i + 1 } else if chars[i].isWhitespace { lastSpace = i + 1 }
                i += 1
            }
            var cut: Int
            if i == chars.count {
                cut = i
            } else {
                // A line break in the second half of the window, else the word boundary nearest the
                // limit, else any line break, else between characters.
                let half = start + (i - start) / 2
                if chars[i].isNewline { cut = i }
                else if let line = lastLine, line > half { cut = line }
                else if chars[i].isWhitespace { cut = i }
                else { cut = lastSpace ?? lastLine ?? i }
                if cut <= start { cut = start + 1 }  // one character wider than the limit goes alone
            }
            let part = String(chars[start..<cut]).trimmingWhitespace()
            if !part.isEmpty { parts.append(part) }
            start = cut
        }
        return parts
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
