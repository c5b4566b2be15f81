/// What ``VCardParser`` found in a file.
public struct VCardParseResult: Sendable, Hashable {
    /// A successfully read card and the line of its `BEGIN:VCARD`.
    public struct Entry: Sendable, Hashable {
        public var line: Int
        public var contact: VCardContact

        public init(line: Int, contact: VCardContact) {
            self.line = line
            self.contact = contact
        }
    }

    /// Good cards, in file order.
    public var entries: [Entry]
    /// Skipped cards and stray text, in file order.
    public var issues: [VCardIssue]

    public init(entries: [Entry] = [], issues: [VCardIssue] = []) {
        self.entries = entries
        self.issues = issues
    }

    /// The contacts of ``entries``.
    public var contacts: [VCardContact] { entries.map(\.contact) }
}
