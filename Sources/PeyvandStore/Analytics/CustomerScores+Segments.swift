import Foundation
import PeyvandAnalytics
import SQLKit

extension CustomerScores {
    /// The RFM segment and behavioural segment of each of `customerIds` that was scored, in one
    /// query (the caller has already read those customers, so they are in the person's reach).
    public func segments(of customerIds: [Int64]) async throws -> [Int64: (rfm: RFMSegment, behaviour: Int?)] {
        guard !customerIds.isEmpty else { return [:] }
        let ids = SQLList(customerIds.map { SQLBind($0) })
        let rows = try await database.sql.raw("""
            SELECT customer_id, segment, segment_number FROM customer_scores WHERE customer_id IN (\(ids))
            """).all()
        var result: [Int64: (rfm: RFMSegment, behaviour: Int?)] = [:]
        for row in rows {
            guard let segment = RFMSegment(rawValue: try row.decode(column: "segment", as: String.self)) else { continue }
            result[try row.decode(column: "customer_id", as: Int64.self)] =
                (segment, try row.decode(column: "segment_number", as: Int64?.self).map(Int.init))
        }
        return result
    }
}
