/// A file sent with a message: a multipart/mixed part in base64 with an RFC 2231 filename.
public struct MIMEAttachment: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var data: [UInt8]

    public init(filename: String, contentType: String = "application/octet-stream", data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}
