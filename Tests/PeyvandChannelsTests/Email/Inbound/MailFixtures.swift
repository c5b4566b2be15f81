import Foundation
import Testing

/// The .eml fixtures scripts/fixtures/mail_fixtures.py wrote (real-shaped messages whose bytes
/// Python's codecs made), with their placeholders filled in.
enum MailFixtures {
    static func bytes(_ name: String, replacing: [String: String] = [:]) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Fixtures/mail"))
        var data = try Data(contentsOf: url)
        for (placeholder, value) in replacing {
            // Placeholders are ASCII and appear only in headers: replace on the bytes.
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: placeholder, with: value)
            data = Data(text.utf8)
        }
        return Array(data)
    }

    /// A message written here: headers then body, CRLF line ends.
    static func message(_ lines: [String]) -> [UInt8] {
        Array(lines.joined(separator: "\r\n").utf8)
    }
}
