/// Whether a customer's whole reply asks to hear no more: `لغو`, `لغو11`, `stop` or `unsubscribe`,
/// whatever the letter variants (Arabic ي/ك), digits (Persian, Arabic-Indic), case, spacing,
/// zero-width joiners or a closing full stop. Anything more than the keyword is an ordinary
/// message ("لغو سفارش" cancels an order, not the subscription). For SMS, email and bots alike.
public enum UnsubscribeKeyword {
    /// The keywords, as `PersianText.compactKey` writes them.
    public static let keywords: Set<String> = ["لغو", "لغو11", "stop", "unsubscribe"]

    /// The longest text worth normalising; a longer one is not a keyword.
    static let maxLength = 64

    public static func matches(_ text: String) -> Bool {
        guard text.utf8.count <= maxLength * 4 else { return false }
        let trailing: Set<Character> = [".", "!", "?", "\u{3002}", "\u{061B}", "\u{061F}", "\u{FF01}"]
        var key = PersianText.compactKey(text)
        while let last = key.last, trailing.contains(last) { key.removeLast() }
        return keywords.contains(key)
    }
}
