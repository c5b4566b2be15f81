/// One mailbox: an address and, if known, the person's name as it should appear in From/To.
public struct MailAddress: Sendable, Equatable, Hashable {
    public var name: String?
    public var address: String

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// The mailbox as a header value: `name <address>`, the name RFC 2047-encoded when it is not plain ASCII.
    var headerValue: String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        return "\(MIMEEncoding.displayName(name)) <\(address)>"
    }
}
