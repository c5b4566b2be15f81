import PeyvandCore

/// Why the store refused a request. The web layer maps each case to one HTTP status.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case badDatabaseURL(String, String)
    case notFound(entity: String, id: String)
    case forbidden(String)
    case versionMismatch(current: Int)
    case conflict(String)
    case invalid(ValidationError)

    public var description: String {
        switch self {
        case .badDatabaseURL(let url, let why): "cannot open database \(url): \(why)"
        case .notFound(let entity, let id): "\(entity) \(id) does not exist"
        case .forbidden(let why): why
        case .versionMismatch(let current): "the record was changed by someone else; its current version is \(current)"
        case .conflict(let why): why
        case .invalid(let error): "\(error)"
        }
    }
}
