import Foundation

/// Byte-level helpers for the inbound parser. Everything works on `ArraySlice<UInt8>` of the one
/// received buffer, so a part is a range of it, never a copy, and each scan is a single pass.
enum MailBytes {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let dash: UInt8 = 0x2D

    static func isWhitespace(_ b: UInt8) -> Bool { b == space || b == tab }

    /// The index of the first LF at or after `from`, or `endIndex`.
    @inline(__always)
    static func lineFeed(in bytes: ArraySlice<UInt8>, from: Int) -> Int {
        let end = bytes.endIndex
        guard from < end else { return end }
        // memchr: the scan every multipart level makes over its bytes.
        return bytes[from...].withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) -> Int in
            guard let base = buffer.baseAddress else { return end }
            let start = UnsafeRawPointer(base)
            guard let hit = memchr(start, Int32(lf), buffer.count) else { return end }
            return from + start.distance(to: UnsafeRawPointer(hit))
        }
    }

    /// The end of the line starting at `start` without its CR LF (or LF), and where the next line starts.
    @inline(__always)
    static func line(in bytes: ArraySlice<UInt8>, at start: Int) -> (end: Int, next: Int) {
        let feed = lineFeed(in: bytes, from: start)
        var end = feed
        if end > start && bytes[end - 1] == cr { end -= 1 }
        return (end, feed < bytes.endIndex ? feed + 1 : feed)
    }

    static func lowercasedASCII(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// ASCII text from bytes (header names, tokens); other bytes become U+FFFD.
    static func ascii(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// `bytes` with every CR LF (and lone CR) made LF: the line ends text is stored with.
    static func normalizedLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(cr) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == cr {
                out.append(lf)
                if i + 1 < bytes.count && bytes[i + 1] == lf { i += 1 }
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }

    static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }
}
