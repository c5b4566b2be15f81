import CSV
import Foundation

/// Rows read by yaslab/CSV.swift from an in-memory stream (header included).
func yaslabRows(_ bytes: [UInt8]) -> Int {
    let stream = InputStream(data: Data(bytes))
    guard let reader = try? CSVReader(stream: stream, codecType: UTF8.self) else { return -1 }
    var count = 0
    while reader.next() != nil { count += 1 }
    return count
}
