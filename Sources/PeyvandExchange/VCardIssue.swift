/// A card (or stray text) that ``VCardParser`` skipped. Other cards in the
/// same file are still read.
public struct VCardIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// `BEGIN:VCARD` without a matching `END:VCARD` before the next
        /// `BEGIN:VCARD` or the end of the file.
        case missingEnd
        /// `END:VCARD` outside a card.
        case unexpectedEnd
        /// Non-blank lines outside any card (reported once per run of lines).
        case textOutsideCard
        /// A line in a card that is not `NAME[;PARAMS]:VALUE`.
        case malformedLine
        /// A card with no name, organisation, phone or e-mail.
        case emptyCard
    }

    /// 1-based line: the offending line for `.malformedLine`, `.unexpectedEnd`
    /// and `.textOutsideCard`; the card's `BEGIN:VCARD` line otherwise.
    public var line: Int
    public var reason: Reason

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    /// English message, e.g. `line 12: BEGIN:VCARD without END:VCARD`.
    public var description: String {
        let text: String
        switch reason {
        case .missingEnd: text = "BEGIN:VCARD without END:VCARD"
        case .unexpectedEnd: text = "END:VCARD without BEGIN:VCARD"
        case .textOutsideCard: text = "text outside BEGIN:VCARD … END:VCARD"
        case .malformedLine: text = "malformed line (expected NAME:VALUE)"
        case .emptyCard: text = "card has no name, organisation, phone or e-mail"
        }
        return "line \(line): \(text)"
    }
}
