/// One named numeric column of a customer feature table (recency, frequency,
/// spend, tenure, …), with one value per customer. Used by `KMeans` and
/// `LogisticRegression`.
public struct FeatureColumn: Sendable, Hashable {
    public var name: String
    public var values: [Double]

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// Validated feature columns with their means and population standard
/// deviations (`σ = √(Σ(x − x̄)² / n)`, numpy's `std(ddof=0)`, scikit-learn's
/// `StandardScaler`), computed in two passes.
struct FeatureTable {
    var columns: [FeatureColumn]
    var rowCount: Int
    var means: [Double]
    var standardDeviations: [Double]

    /// Validates in this order: at least one column, equal lengths, no rows
    /// (`emptyInput`), a non-finite value (`nonFiniteValue`, first by column
    /// then row), a single row (`singleCustomer`), a constant column
    /// (`constantCovariate`; constant meaning σ ≤ 10⁻¹² · max |x|).
    init(_ columns: [FeatureColumn], model: String) throws(AnalyticsError) {
        guard let first = columns.first else { throw .invalidInput("\(model) needs at least one feature") }
        let n = first.values.count
        for c in columns where c.values.count != n {
            throw .invalidInput("feature '\(c.name)' has \(c.values.count) values but '\(first.name)' has \(n)")
        }
        var seen = Set<String>()
        for c in columns where !seen.insert(c.name).inserted {
            throw .invalidInput("feature name '\(c.name)' is used twice")
        }
        guard n > 0 else { throw .emptyInput("\(model) data") }
        for c in columns {
            if let row = c.values.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(field: c.name, row: row) }
        }
        guard n > 1 else { throw .singleCustomer(model) }
        var means: [Double] = []
        var sds: [Double] = []
        for c in columns {
            let mean = c.values.reduce(0, +) / Double(n)
            let ss = c.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let sd = (ss / Double(n)).squareRoot()
            let magnitude = c.values.map(abs).max() ?? 0
            if !(sd > 1e-12 * magnitude) { throw .constantCovariate(c.name) }
            means.append(mean)
            sds.append(sd)
        }
        self.columns = columns
        self.rowCount = n
        self.means = means
        self.standardDeviations = sds
    }

    var names: [String] { columns.map(\.name) }

    /// Row-major values, z-scored when `standardize` is true.
    func flatRows(standardize: Bool) -> [Double] {
        let p = columns.count
        var out = [Double](repeating: 0, count: rowCount * p)
        for (j, c) in columns.enumerated() {
            let m = standardize ? means[j] : 0
            let s = standardize ? standardDeviations[j] : 1
            for i in 0..<rowCount { out[i * p + j] = (c.values[i] - m) / s }
        }
        return out
    }
}

/// Validates one row given to a fitted model.
func checkRow(_ row: [Double], names: [String]) throws(AnalyticsError) {
    guard row.count == names.count else {
        throw .invalidInput("a row needs \(names.count) values (\(names.joined(separator: ", "))), got \(row.count)")
    }
    if let j = row.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(field: names[j], row: 0) }
}

enum Quantile {
    /// The `q`-quantile of ascending `sorted` values by linear interpolation
    /// between order statistics — Hyndman & Fan (1996) definition 7, numpy's
    /// default `percentile(method="linear")`: `h = (n − 1) q`,
    /// `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋])`.
    static func linear(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty && q >= 0 && q <= 1)
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        if lo + 1 >= sorted.count { return sorted[sorted.count - 1] }
        return sorted[lo] + (h - Double(lo)) * (sorted[lo + 1] - sorted[lo])
    }
}
