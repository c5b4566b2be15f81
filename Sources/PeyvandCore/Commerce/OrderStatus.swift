/// Where a sales order is in its life.
///
/// Transitions (``applying(_:)``; anything else throws with field `"status"`):
///
/// | from                 | event          | to                   |
/// |----------------------|----------------|----------------------|
/// | draft                | confirm        | confirmed            |
/// | draft, confirmed     | cancel         | cancelled            |
/// | confirmed, partiallyFulfilled | ship(partial) | partiallyFulfilled |
/// | confirmed, partiallyFulfilled | ship(full)    | fulfilled          |
/// | fulfilled            | close          | closed               |
///
/// Because the first shipment moves an order out of `confirmed`, "cancel
/// only with nothing shipped" is enforced by the status alone. Whether the
/// order is fully invoiced before closing is the caller's concern.
/// `closed` and `cancelled` are terminal. Encodes as the raw value
/// (`"partially-fulfilled"`).
public enum OrderStatus: String, CaseIterable, Sendable, Hashable, Codable {
    case draft
    case confirmed
    case partiallyFulfilled = "partially-fulfilled"
    case fulfilled
    case closed
    case cancelled

    /// The status after `event`, or a `"status"` error naming the illegal move.
    public func applying(_ event: OrderEvent) throws(ValidationError) -> OrderStatus {
        switch (self, event) {
        case (.draft, .confirm):
            return .confirmed
        case (.draft, .cancel), (.confirmed, .cancel):
            return .cancelled
        case (.confirmed, .ship(let extent)), (.partiallyFulfilled, .ship(let extent)):
            return extent == .full ? .fulfilled : .partiallyFulfilled
        case (.fulfilled, .close):
            return .closed
        case (_, .confirm):
            throw ValidationError(field: "status", reason: "only a draft order can be confirmed; this order is \(rawValue)", code: "order.transition", params: ["status": rawValue])
        case (.draft, .ship):
            throw ValidationError(field: "status", reason: "a draft order cannot be shipped; confirm it first", code: "order.shipDraft")
        case (_, .ship):
            throw ValidationError(field: "status", reason: "only a confirmed or partially fulfilled order can be shipped; this order is \(rawValue)", code: "order.transition", params: ["status": rawValue])
        case (.partiallyFulfilled, .cancel), (.fulfilled, .cancel):
            throw ValidationError(field: "status", reason: "an order with shipped goods cannot be cancelled", code: "order.cancelShipped")
        case (_, .cancel):
            throw ValidationError(field: "status", reason: "a \(rawValue) order cannot be cancelled", code: "order.transition", params: ["status": rawValue])
        case (_, .close):
            throw ValidationError(field: "status", reason: "only a fulfilled order can be closed; this order is \(rawValue)", code: "order.transition", params: ["status": rawValue])
        }
    }

    /// The events ``applying(_:)`` accepts from this status.
    public var allowedEvents: [OrderEvent] {
        switch self {
        case .draft: return [.confirm, .cancel]
        case .confirmed: return [.ship(.partial), .ship(.full), .cancel]
        case .partiallyFulfilled: return [.ship(.partial), .ship(.full)]
        case .fulfilled: return [.close]
        case .closed, .cancelled: return []
        }
    }

    /// No further events are allowed.
    public var isTerminal: Bool { allowedEvents.isEmpty }
}
