import PeyvandCore

/// Why the store refused a request. The web layer maps each case to one HTTP status.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case badDatabaseURL(String, String)
    case notFound(entity: String, id: String)
    case forbidden(String)
    case versionMismatch(current: Int)
    case conflict(String)
    case invalid(ValidationError)
    /// The database could not take this request in time (its write lock stayed busy, or no
    /// connection was free); nothing was changed, and the same request may be tried again.
    case busy(retryAfterSeconds: Int)

    public var description: String {
        switch self {
        case .badDatabaseURL(let url, let why): "cannot open database \(url): \(why)"
        case .notFound(let entity, let id): "\(entity) \(id) does not exist"
        case .forbidden(let why): why
        case .versionMismatch(let current): "the record was changed by someone else; its current version is \(current)"
        case .conflict(let why): why
        case .invalid(let error): "\(error)"
        case .busy(let seconds): "the database is busy; try again in \(seconds) seconds"
        }
    }
}

import AsyncKit
import PostgresKit
import SQLiteKit

extension StoreError {
    /// The `busy` error a driver failure stands for, when it means "try again later" rather than
    /// a fault: SQLite's busy or locked database, a full connection pool, PostgreSQL's lock and
    /// serialization failures or too many connections.
    public static func unavailable(_ error: any Error) -> StoreError? {
        switch error {
        case let error as StoreError:
            if case .busy = error { return error }
            return nil
        case let error as SQLiteError:
            switch error.reason {
            case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .lockedBySharedCache, .lockedVirtualTable:
                return .busy(retryAfterSeconds: 2)
            default: return nil
            }
        case is ConnectionPoolTimeoutError:
            return .busy(retryAfterSeconds: 2)
        case let error as PSQLError:
            guard let state = error.serverInfo?[.sqlState] else { return nil }
            return ["40001", "40P01", "55P03", "53300", "57014"].contains(state) ? .busy(retryAfterSeconds: 2) : nil
        default:
            return nil
        }
    }
}
