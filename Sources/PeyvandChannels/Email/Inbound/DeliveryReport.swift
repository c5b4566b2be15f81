import Foundation

/// A delivery status notification (RFC 3464): a `multipart/report; report-type=delivery-status`
/// whose `message/delivery-status` part says, for each recipient, what became of the message,
/// and whose returned `message/rfc822` (or `text/rfc822-headers`) part carries the original's
/// `Message-ID` — the id the outbox recorded when it sent it.
public struct DeliveryReport: Sendable, Hashable {
    public struct Recipient: Sendable, Hashable {
        /// `Final-Recipient` (else `Original-Recipient`), without its `rfc822;` type.
        public var address: String
        /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
        public var action: String
        /// The enhanced status code, `5.1.1`; `5.0.0` / `4.0.0` when the report gives none.
        public var status: String
        /// `Diagnostic-Code` without its type: the remote server's own words.
        public var diagnostic: String?

        /// A permanent failure: the address should not be written to again.
        public var isHard: Bool { action == "failed" && status.hasPrefix("5") }
        public var isFailure: Bool { action == "failed" }

        /// `5.1.1 550 5.1.1 <sara@example.com>: Recipient address rejected: User unknown`
        public var detail: String {
            [status, diagnostic].compactMap { $0 }.joined(separator: " ")
        }
    }

    public var recipients: [Recipient]
    /// The returned message's `Message-ID`, with its angle brackets.
    public var originalMessageID: String?
    /// `Reporting-MTA` without its type.
    public var reportingMTA: String?

    public var failed: [Recipient] { recipients.filter(\.isFailure) }

    /// The recipients of a `message/delivery-status` body: header-like blocks separated by blank
    /// lines, the first about the message, each further one about one recipient.
    static func recipients(in body: [UInt8], limits: MailLimits) -> (reportingMTA: String?, [Recipient]) {
        var blocks: [MailHeaders] = []
        var rest = body[...]
        while !rest.isEmpty && blocks.count < 1000 {
            // Skip blank lines between blocks.
            let (lineEnd, next) = MailBytes.line(in: rest, at: rest.startIndex)
            if lineEnd == rest.startIndex { rest = rest[next...]; continue }
            guard let (headers, after) = try? MailHeaders.parse(rest, top: false, limits: limits), !headers.fields.isEmpty else {
                rest = rest[next...]  // a line that is no field: step over it
                continue
            }
            blocks.append(headers)
            rest = after
        }
        func typed(_ value: String?) -> String? {
            guard let value else { return nil }
            let text = value.split(separator: ";", maxSplits: 1).count == 2 ? String(value.split(separator: ";", maxSplits: 1)[1]) : value
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "<>")))
            return trimmed.isEmpty ? nil : trimmed
        }
        let reportingMTA = blocks.first.flatMap { typed($0.text("reporting-mta")) }
        var recipients: [Recipient] = []
        for block in blocks {
            guard let address = typed(block.text("final-recipient")) ?? typed(block.text("original-recipient")) else { continue }
            let action = (block.text("action") ?? "failed").lowercased().split(separator: " ").first.map(String.init) ?? "failed"
            let rawStatus = block.text("status")?.split(whereSeparator: { $0 == " " || $0 == "(" }).first.map(String.init)
            let status = rawStatus.flatMap { $0.first?.isNumber == true ? $0 : nil } ?? (action == "failed" ? "5.0.0" : "4.0.0")
            let diagnostic = typed(block.text("diagnostic-code")).map {
                String($0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").prefix(300))
            }
            recipients.append(Recipient(address: address, action: action, status: status, diagnostic: diagnostic))
        }
        return (reportingMTA, recipients)
    }
}
