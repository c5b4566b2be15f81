import Foundation
import PeyvandCore
import SQLKit

/// What tasks and meetings read of deals: a deal's title, to show a link by name.
public struct SalesDeals: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func title(of id: Int64) async throws -> String? {
        try await database.sql.raw("SELECT title FROM deals WHERE id = \(bind: id) AND deleted_at IS NULL").first()?
            .decode(column: "title", as: String.self)
    }
}
