/// A value written in JSON as its text (`description`) and read back through its validating
/// parser, so a bad value in a request is a decoding error with the parser's reason.
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Parses the text the value is written as.
    static func parseText(_ text: String) throws(ValidationError) -> Self
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Self.parseText(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
