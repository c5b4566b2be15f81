import Foundation
import SwiftCSV

/// Data rows read by SwiftCSV (it takes the header apart, and needs the whole text as a String).
func swiftCSVRows(_ bytes: [UInt8]) -> Int {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let csv = try? EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false) else { return -1 }
    return csv.rows.count
}
