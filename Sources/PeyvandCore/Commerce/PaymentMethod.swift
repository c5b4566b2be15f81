/// How a payment was made.
///
/// JSON shape uses a `kind` discriminator; a cheque's fields sit beside it:
/// `{"kind":"cash"}`, `{"kind":"card"}`, `{"kind":"bankTransfer"}`,
/// `{"kind":"cheque","number":"1234567890","bankName":"ملت","dueDate":"1405-10-01"}`.
public enum PaymentMethod: Sendable, Hashable, Codable {
    case cash
    case card
    case bankTransfer
    case cheque(Cheque)

    /// The JSON discriminator: `"cash"`, `"card"`, `"bankTransfer"`, `"cheque"`.
    public var kind: String {
        switch self {
        case .cash: return "cash"
        case .card: return "card"
        case .bankTransfer: return "bankTransfer"
        case .cheque: return "cheque"
        }
    }

    private enum CodingKeys: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "cash": self = .cash
        case "card": self = .card
        case "bankTransfer": self = .bankTransfer
        case "cheque": self = .cheque(try Cheque(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown payment method '\(kind)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .cheque(let cheque) = self { try cheque.encode(to: encoder) }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
    }
}
