/// Content-Transfer-Encoding decoders, one pass each over the part's bytes.
enum TransferEncoding {
    /// 0–63 for the base64 alphabet, `skip` for white space and line ends, `pad` for `=`, `bad` otherwise.
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: bad, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { t[Int(c)] = UInt8(i) }
        for c in [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")] { t[Int(c)] = skip }
        t[Int(UInt8(ascii: "="))] = pad
        return t
    }()
    private static let bad: UInt8 = 0xFF
    private static let skip: UInt8 = 0xFE
    private static let pad: UInt8 = 0xFD

    /// Base64 (RFC 2045 §6.8): white space and line breaks anywhere are ignored; anything else
    /// outside the alphabet, data after the padding, or a lone trailing character is an error
    /// (nil). Missing final padding is tolerated.
    static func base64(_ input: ArraySlice<UInt8>) -> [UInt8]? {
        let capacity = input.count / 4 * 3 + 3
        var count = 0
        var failed = false
        let out = [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
            input.withUnsafeBufferPointer { inp in
                table.withUnsafeBufferPointer { t in
                    var quad: UInt32 = 0
                    var n = 0
                    var w = 0
                    var padded = false
                    for byte in inp {
                        let v = t[Int(byte)]
                        if v < 64 {
                            if padded { failed = true; break }
                            quad = quad << 6 | UInt32(v)
                            n += 1
                            if n == 4 {
                                out[w] = UInt8(truncatingIfNeeded: quad >> 16)
                                out[w + 1] = UInt8(truncatingIfNeeded: quad >> 8)
                                out[w + 2] = UInt8(truncatingIfNeeded: quad)
                                w += 3
                                quad = 0
                                n = 0
                            }
                        } else if v == skip {
                            continue
                        } else if v == pad {
                            padded = true
                        } else {
                            failed = true
                            break
                        }
                    }
                    switch n {
                    case 0: break
                    case 2:
                        out[w] = UInt8(truncatingIfNeeded: quad >> 4)
                        w += 1
                    case 3:
                        out[w] = UInt8(truncatingIfNeeded: quad >> 10)
                        out[w + 1] = UInt8(truncatingIfNeeded: quad >> 2)
                        w += 2
                    default: failed = true
                    }
                    count = w
                }
            }
            written = failed ? 0 : count
        }
        return failed ? nil : out
    }

    /// Quoted-printable (RFC 2045 §6.7): `=XX` (either case) is a byte, `=` at a line's end joins
    /// it to the next, white space the transport added before a line break is removed, and a
    /// malformed `=` is kept as it is. `header` is RFC 2047's Q form, where `_` is a space.
    static func quotedPrintable(_ input: ArraySlice<UInt8>, header: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = input.startIndex
        let end = input.endIndex
        // Where a run of literal white space at the end of the output began: the transport may
        // have added it before a line break, so it goes when one follows ("=20" stays).
        var trailingSpace: Int?
        while i < end {
            let b = input[i]
            if b == UInt8(ascii: "=") {
                if i + 2 < end, let hi = hex(input[i + 1]), let lo = hex(input[i + 2]) {
                    out.append(hi << 4 | lo)
                    trailingSpace = nil
                    i += 3
                    continue
                }
                // A soft line break: "=" then optional white space then CR LF or LF (or the end).
                var j = i + 1
                while j < end && MailBytes.isWhitespace(input[j]) { j += 1 }
                if j == end || input[j] == MailBytes.lf || input[j] == MailBytes.cr {
                    // White space before a soft break is the text's own (the encoder protected it with the "=").
                    trailingSpace = nil
                    i = j
                    if i < end && input[i] == MailBytes.cr { i += 1 }
                    if i < end && input[i] == MailBytes.lf { i += 1 }
                    continue
                }
                out.append(b)
                trailingSpace = nil
                i += 1
            } else if b == MailBytes.cr || b == MailBytes.lf {
                if let start = trailingSpace { out.removeSubrange(start...) }
                trailingSpace = nil
                out.append(b)
                i += 1
            } else if MailBytes.isWhitespace(b) {
                if trailingSpace == nil { trailingSpace = out.count }
                out.append(b)
                i += 1
            } else {
                out.append(header && b == UInt8(ascii: "_") ? MailBytes.space : b)
                trailingSpace = nil
                i += 1
            }
        }
        return out
    }

    @inline(__always)
    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }
}
