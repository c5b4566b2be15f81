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
    public static func encode(_ id: Int64) -> String {
        Data("i:\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Returns nil for a cursor that was not made by `encode`.
    public static func decode(_ cursor: String) -> Int64? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard cursor.count <= 40, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("i:"), let id = Int64(text.dropFirst(2)), id > 0 else { return nil }
        return id
    }
}
