/// Where a deal stands: still being worked (`open`), or closed as `won` or `lost`. A closed deal
/// keeps the stage it was closed in; reopening puts it back in that stage.
public enum DealStatus: String, CaseIterable, Sendable, Hashable, Codable {
    case open
    case won
    case lost
}
