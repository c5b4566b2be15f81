/// A discount on one order line: nothing, a fixed amount off the line, or a
/// percentage of the line's gross amount.
///
/// JSON shape uses a `kind` discriminator:
/// `{"kind":"none"}`, `{"kind":"amount","amount":{"amount":"5000","currency":"IRR"}}`,
/// `{"kind":"percent","basisPoints":1000}`.
public enum LineDiscount: Sendable, Hashable, Codable {
    case none
    /// A fixed amount off the whole line (not per unit).
    case amount(Money)
    /// A percentage of the line's gross amount.
    case percent(BasisPoints)

    private enum CodingKeys: String, CodingKey { case kind, amount, basisPoints }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "none": self = .none
        case "amount": self = .amount(try container.decode(Money.self, forKey: .amount))
        case "percent": self = .percent(try container.decode(BasisPoints.self, forKey: .basisPoints))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown discount kind '\(kind)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none:
            try container.encode("none", forKey: .kind)
        case .amount(let money):
            try container.encode("amount", forKey: .kind)
            try container.encode(money, forKey: .amount)
        case .percent(let rate):
            try container.encode("percent", forKey: .kind)
            try container.encode(rate, forKey: .basisPoints)
        }
    }
}
