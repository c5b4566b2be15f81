/// An RFM run: quintile scores and segments are per customer (`customer_scores`); the run
/// records only that it happened, when and on how many customers.
public struct RFMResult: Sendable, Hashable, Codable {
    public init() {}
}
