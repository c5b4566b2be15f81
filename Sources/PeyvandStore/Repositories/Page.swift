import Foundation

/// One page of a keyset-paginated list. `next` is an opaque cursor, nil on the last page.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let next: String?

    public init(items: [Item], next: String?) {
        self.items = items
        self.next = next
    }

    public static var maxLimit: Int { 500 }
}

/// Cursors are the last id seen, base64url-encoded so clients treat them as opaque.
public enum Cursor {
    public static func encode(_ id: Int64) -> String { encodeText("i:\(id)") }

    /// Returns nil for a cursor that was not made by `encode`.
    public static func decode(_ cursor: String) -> Int64? {
        guard let text = decodeText(cursor), text.hasPrefix("i:"), let id = Int64(text.dropFirst(2)), id > 0 else { return nil }
        return id
    }

    public static func encodeOffset(_ offset: Int) -> String { encodeText("o:\(offset)") }

    /// The position a ranked-search cursor stands for (at most 10,000 deep).
    public static func decodeOffset(_ cursor: String) -> Int? {
        guard let text = decodeText(cursor), text.hasPrefix("o:"), let n = Int(text.dropFirst(2)), (0...10_000).contains(n) else { return nil }
        return n
    }

    public static func encodeText(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decodeText(_ cursor: String) -> String? {
        guard cursor.count <= 80 else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
