import Foundation
import Testing
@testable import PeyvandExchange

/// The bytes of a file under `Fixtures/`.
func fixtureBytes(_ name: String, _ ext: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"))
    return [UInt8](try Data(contentsOf: url))
}

/// Writes `bytes` to a fresh temporary file, runs `body` with a handle open
/// for reading, then removes the file.
func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (FileHandle) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("peyvand-exchange-\(UUID().uuidString).csv")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    return try body(handle)
}

/// Drains a reader into good records and issues.
func readAll(_ reader: inout CSVReader) throws -> (records: [CSVRecord], issues: [CSVIssue]) {
    var records: [CSVRecord] = [], issues: [CSVIssue] = []
    while let row = try reader.next() {
        switch row {
        case .success(let record): records.append(record)
        case .failure(let issue): issues.append(issue)
        }
    }
    return (records, issues)
}
