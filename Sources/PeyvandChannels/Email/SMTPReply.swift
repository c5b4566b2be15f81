import NIOCore

/// One server reply: a three-digit code and its text lines (several for `250-…` continuations).
public struct SMTPReply: Sendable, Equatable {
    public var code: Int
    public var lines: [String]
    public var text: String { lines.joined(separator: "\n") }
}

/// Cuts the server's bytes into replies: lines end in CRLF (a bare LF is accepted), `ddd-`
/// continues a reply, `ddd ` or `ddd` ends it.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    static let maxLine = 4096
    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let lf = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLine { throw SMTPError(.unsupported, stage: "reply", message: "a reply line longer than \(Self.maxLine) bytes") }
            return .needMoreData
        }
        let length = lf - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let code = Int(String(decoding: bytes[0..<3], as: UTF8.self))
        else {
            throw SMTPError(.unsupported, stage: "reply", message: "not an SMTP reply: \(line.prefix(200))")
        }
        let more = bytes.count > 3 && bytes[3] == UInt8(ascii: "-")
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        if let pendingCode, pendingCode != code {
            throw SMTPError(.unsupported, stage: "reply", message: "reply code changed from \(pendingCode) to \(code) inside one reply")
        }
        pending.append(text)
        if more {
            pendingCode = code
        } else {
            context.fireChannelRead(wrapInboundOut(SMTPReply(code: code, lines: pending)))
            pending = []
            pendingCode = nil
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
