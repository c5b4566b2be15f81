import Foundation

/// Loads fixtures written by `scripts/fixtures/analytics_*.py`.
enum Fixture {
    static func url(_ name: String) -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            fatalError("missing fixture \(name)")
        }
        return url
    }

    /// Rows of a CSV file with a header line, as dictionaries of strings.
    static func csv(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            fatalError("fixture \(name) is not a JSON object")
        }
        return object
    }
}

extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> [String: Any] { self[key] as! [String: Any] }
    func double(_ key: String) -> Double { (self[key] as! NSNumber).doubleValue }
    func doubles(_ key: String) -> [Double] { (self[key] as! [NSNumber]).map(\.doubleValue) }
    func table(_ key: String) -> [[Double]] { (self[key] as! [[NSNumber]]).map { $0.map(\.doubleValue) } }
}

/// `|a − b| / max(|b|, tiny)`.
func relativeDifference(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return abs(a - b) / max(abs(b), 1e-300)
}

/// Largest relative difference between paired values.
func maxRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "length mismatch \(a.count) vs \(b.count)")
    return zip(a, b).map { relativeDifference($0, $1) }.max() ?? 0
}

/// Agreement to `digits` significant figures: relative difference below half a unit in the last place.
func agrees(_ a: Double, _ b: Double, significantFigures digits: Int) -> Bool {
    relativeDifference(a, b) < 0.5 * pow(10, -Double(digits - 1))
}
