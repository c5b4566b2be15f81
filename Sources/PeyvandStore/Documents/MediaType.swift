/// What a file really is, from its first bytes (never from its name or the browser's word), and
/// whether Peyvand accepts it as a document.
public enum MediaType {
    public struct Sniffed: Sendable, Hashable {
        public let mediaType: String
        public let extensions: Set<String>
    }

    static let accepted: [(magic: [UInt8], type: Sniffed)] = [
        (Array("%PDF-".utf8), Sniffed(mediaType: "application/pdf", extensions: ["pdf"])),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], Sniffed(mediaType: "image/png", extensions: ["png"])),
        ([0xFF, 0xD8, 0xFF], Sniffed(mediaType: "image/jpeg", extensions: ["jpg", "jpeg"])),
        (Array("GIF8".utf8), Sniffed(mediaType: "image/gif", extensions: ["gif"])),
        ([0x50, 0x4B, 0x03, 0x04], Sniffed(mediaType: "application/zip",
                                          extensions: ["zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"])),
    ]

    /// Executables and scripts are refused whatever they are called.
    static let refused: [[UInt8]] = [[0x7F, 0x45, 0x4C, 0x46], [0x4D, 0x5A], Array("#!".utf8), [0xCA, 0xFE, 0xBA, 0xBE]]

    /// The media type of `bytes`, or nil when the content is not an accepted kind of document.
    public static func sniff(_ bytes: [UInt8]) -> Sniffed? {
        if refused.contains(where: { bytes.starts(with: $0) }) { return nil }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return Sniffed(mediaType: "image/webp", extensions: ["webp"])
        }
        if let match = accepted.first(where: { bytes.starts(with: $0.magic) }) { return match.type }
        var sample = Array(bytes.prefix(8192))
        if bytes.count > sample.count {  // the cut may split a character: check what is whole
            while let last = sample.last, last >= 0x80, sample.count > 8188 { sample.removeLast() }
        }
        if !sample.contains(0), String(validating: sample, as: UTF8.self) != nil {
            let lower = String(decoding: sample.prefix(512), as: UTF8.self).lowercased()
            if lower.contains("<script") || lower.contains("<html") || lower.contains("<svg") { return nil }
            return Sniffed(mediaType: "text/plain; charset=utf-8", extensions: ["txt", "csv", "vcf", "md", "log"])
        }
        return nil
    }
}
