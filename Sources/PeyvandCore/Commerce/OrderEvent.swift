/// Something that happens to an order and may change its ``OrderStatus``.
///
/// `ship` carries whether the order is now partly or fully shipped, as
/// reported by the ``FulfilmentLedger`` after recording the shipment.
///
/// JSON shape: `{"kind":"confirm"}`, `{"kind":"ship","extent":"partial"}`,
/// `{"kind":"close"}`, `{"kind":"cancel"}`.
public enum OrderEvent: Sendable, Hashable, Codable, CustomStringConvertible {
    case confirm
    case ship(ShipmentExtent)
    case close
    case cancel

    /// `"confirm"`, `"ship (partial)"`, `"ship (full)"`, `"close"`, `"cancel"`.
    public var description: String {
        switch self {
        case .confirm: return "confirm"
        case .ship(let extent): return "ship (\(extent.rawValue))"
        case .close: return "close"
        case .cancel: return "cancel"
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, extent }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "confirm": self = .confirm
        case "ship": self = .ship(try container.decode(ShipmentExtent.self, forKey: .extent))
        case "close": self = .close
        case "cancel": self = .cancel
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown order event '\(kind)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .confirm: try container.encode("confirm", forKey: .kind)
        case .ship(let extent):
            try container.encode("ship", forKey: .kind)
            try container.encode(extent, forKey: .extent)
        case .close: try container.encode("close", forKey: .kind)
        case .cancel: try container.encode("cancel", forKey: .kind)
        }
    }
}
