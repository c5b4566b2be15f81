import Foundation
import Testing
import PeyvandExchange

/// Helpers for the `peyvand analyze` tests.
enum AnalysisFixture {
    /// This suite's own fixtures, or the analytics suite's (the same reference data, kept once).
    static func url(_ name: String) -> URL {
        if let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") { return url }
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PeyvandAnalyticsTests/Fixtures/\(name)")
        guard FileManager.default.fileExists(atPath: shared.path) else { fatalError("missing fixture \(name)") }
        return shared
    }

    /// Rows of a simple fixture CSV (no quoting) as dictionaries.
    static func csv(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    static func json(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url(name))) as! [String: Any]
    }
}

extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> [String: Any] { self[key] as! [String: Any] }
    func double(_ key: String) -> Double { (self[key] as! NSNumber).doubleValue }
    func doubles(_ key: String) -> [Double] { (self[key] as! [NSNumber]).map(\.doubleValue) }
    func strings(_ key: String) -> [String] { self[key] as! [String] }
}

/// A CSV file in the temporary directory, removed when the test ends.
final class TemporaryCSV {
    let url: URL

    init(_ text: String, name: String = "input.csv") throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peyvand-analysis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
    }

    init(bytes: [UInt8], name: String = "input.csv") throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peyvand-analysis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
    }

    deinit { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
}

/// A fixed "now": 2025-01-15 12:00 UTC.
let testNow = Date(timeIntervalSince1970: 1_736_942_400)

func analyze(_ model: AnalysisModel, _ url: URL, _ options: [String: String] = [:]) throws -> AnalysisResult {
    try AnalysisRunner.run(AnalysisRequest(model: model, input: url, options: options, now: testNow))
}

/// The failure of a run that must fail (records an issue if it succeeds).
func failure(
    _ model: AnalysisModel, _ url: URL, _ options: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
) -> AnalysisFailure? {
    do throws(AnalysisFailure) {
        _ = try AnalysisRunner.run(AnalysisRequest(model: model, input: url, options: options, now: testNow))
        Issue.record("expected a failure", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

func relativeDifference(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return abs(a - b) / max(abs(b), 1e-300)
}

func maxRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "length mismatch \(a.count) vs \(b.count)")
    return zip(a, b).map { relativeDifference($0, $1) }.max() ?? 0
}

/// Agreement to `digits` significant figures.
func agrees(_ a: Double, _ b: Double, significantFigures digits: Int) -> Bool {
    relativeDifference(a, b) < 0.5 * pow(10, -Double(digits - 1))
}

extension AnalysisResult {
    /// Column `name` parsed as numbers.
    func numbers(_ name: String) -> [Double] {
        (column(name) ?? []).map { Double($0)! }
    }
}

extension AnalysisJSON {
    /// Follows a path of object keys and array indices.
    func at(_ path: Any...) -> AnalysisJSON? {
        var current: AnalysisJSON? = self
        for step in path {
            if let key = step as? String { current = current?[key] } else if let i = step as? Int { current = current?[i] }
        }
        return current
    }

    func number(_ path: Any...) -> Double {
        var current: AnalysisJSON? = self
        for step in path {
            if let key = step as? String { current = current?[key] } else if let i = step as? Int { current = current?[i] }
        }
        return current?.doubleValue ?? .nan
    }
}

/// Writes a CSV from a header and rows (cells must not need quoting).
func csvText(_ header: String, _ rows: [String]) -> String {
    ([header] + rows).joined(separator: "\n") + "\n"
}
