import Dispatch
import Foundation

/// The distinct values of some columns, ascending, and each entry's index among them, for
/// tabulating a function once per distinct value. Whole numbers in a moderate range (days, weeks,
/// counts) are indexed through a direct table, any other `Double`s through sorting and hashing.
struct DistinctValues {
    /// The distinct values, ascending.
    let values: [Double]
    /// Per column, each entry's index in `values`.
    let indices: [[Int32]]

    /// Largest whole number indexed through the direct table.
    static let directLimit = 1 << 22

    init(_ columns: [[Double]]) {
        var maximum = 0.0
        var whole = true
        for column in columns {
            for v in column {
                guard v >= 0, v <= Double(Self.directLimit), v == v.rounded(.towardZero) else {
                    whole = false
                    break
                }
                maximum = Swift.max(maximum, v)
            }
        }
        if whole {
            var slots = [Int32](repeating: -1, count: Int(maximum) + 1)
            slots.withUnsafeMutableBufferPointer { slot in
                for column in columns {
                    for v in column { slot[Int(v)] = 0 }
                }
            }
            var distinct: [Double] = []
            for v in slots.indices where slots[v] == 0 {
                slots[v] = Int32(distinct.count)
                distinct.append(Double(v))
            }
            values = distinct
            indices = slots.withUnsafeBufferPointer { slot in
                columns.map { column in column.map { slot[Int($0)] } }
            }
        } else {
            var all = Array(columns.joined())
            all.sort()
            var distinct: [Double] = []
            for v in all where distinct.last != v { distinct.append(v) }
            var lookup: [Double: Int32] = [:]
            lookup.reserveCapacity(distinct.count)
            for (i, v) in distinct.enumerated() { lookup[v] = Int32(i) }
            values = distinct
            indices = columns.map { column in column.map { lookup[$0]! } }
        }
    }
}
