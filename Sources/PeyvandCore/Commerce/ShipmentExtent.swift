/// Whether, after a shipment, some or all of an order has been shipped.
/// Decided by ``FulfilmentLedger/shipmentExtent``, never by the caller.
public enum ShipmentExtent: String, CaseIterable, Sendable, Hashable, Codable {
    case partial
    case full
}
