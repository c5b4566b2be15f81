import Foundation

/// Metrics and a train/test split for scoring models such as churn propensity.
public enum ModelEvaluation {
    /// Area under the ROC curve of `scores` (higher = more likely positive).
    ///
    /// Computed as the Mann–Whitney statistic (Hanley, J. A. & McNeil, B. J.
    /// (1982), "The meaning and use of the area under a receiver operating
    /// characteristic (ROC) curve", *Radiology* 143, 29–36): the probability
    /// that a random positive scores above a random negative, tied pairs
    /// counting one half, via mid-ranks. This equals the trapezoidal area of
    /// the ROC curve with tied scores forming one step, as scikit-learn's
    /// `roc_auc_score` computes it.
    ///
    /// - Throws: `emptyInput`, `invalidInput` (length mismatch),
    ///   `nonFiniteValue`, `singleClass` (the AUC needs both classes).
    public static func rocAUC(scores: [Double], labels: [Bool]) throws(AnalyticsError) -> Double {
        try validate(scores: scores, labels: labels, what: "ROC AUC")
        let n = scores.count
        let positives = labels.filter { $0 }.count
        guard positives > 0, positives < n else {
            throw .singleClass("ROC AUC labels (\(positives) of \(n) positive)")
        }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0  // of the positives, mid-ranks for ties (ranks from 1)
        var start = 0
        while start < n {
            var end = start
            while end + 1 < n && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let midRank = Double(start + end + 2) / 2
            for position in start...end where labels[order[position]] { rankSum += midRank }
            start = end + 1
        }
        let nPos = Double(positives), nNeg = Double(n - positives)
        return (rankSum - nPos * (nPos + 1) / 2) / (nPos * nNeg)
    }

    /// Share of positives among the `k = ⌈fraction · n⌉` highest-scored rows
    /// (at least one row), e.g. churners among the top 10% risk scores.
    ///
    /// Rows tied with the `k`-th score are counted pro rata: if `m` tied rows
    /// compete for the last `s` places and `t` of them are positive, they add
    /// `s · t / m` hits. This is the expected precision under a random
    /// tie-break, so the result does not depend on the input order.
    ///
    /// - Throws: `emptyInput`, `invalidInput` (length mismatch, fraction not in
    ///   (0, 1]), `nonFiniteValue`.
    public static func precisionAtTopFraction(
        scores: [Double], labels: [Bool], fraction: Double = 0.1
    ) throws(AnalyticsError) -> Double {
        try validate(scores: scores, labels: labels, what: "precision at top fraction")
        guard fraction > 0, fraction <= 1 else { throw .invalidInput("fraction must be in (0, 1], got \(fraction)") }
        let n = scores.count
        let k = max(1, min(n, Int((fraction * Double(n) - 1e-9).rounded(.up))))
        let sorted = scores.sorted(by: >)
        let cut = sorted[k - 1]
        var above = 0, hitsAbove = 0, tied = 0, hitsTied = 0
        for i in 0..<n {
            if scores[i] > cut {
                above += 1
                if labels[i] { hitsAbove += 1 }
            } else if scores[i] == cut {
                tied += 1
                if labels[i] { hitsTied += 1 }
            }
        }
        let slots = Double(k - above)
        return (Double(hitsAbove) + slots * Double(hitsTied) / Double(tied)) / Double(k)
    }

    /// Row indices of a train/test split.
    public struct Split: Sendable, Hashable {
        /// Ascending.
        public var train: [Int]
        /// Ascending.
        public var test: [Int]
    }

    /// Seeded stratified split: within each class the row indices are
    /// shuffled (Fisher–Yates with `SplitMix64(seed:)`) and the first
    /// `round(testFraction · classSize)` go to the test set, clamped to
    /// `1…classSize − 1`, so both sets keep the class balance and contain both
    /// classes. The same labels and seed always give the same split.
    ///
    /// - Throws: `emptyInput`, `invalidInput` (fraction not in (0, 1)),
    ///   `singleClass`, `tooFewRows` (a class with fewer than two rows).
    public static func stratifiedSplit(
        labels: [Bool], testFraction: Double = 0.25, seed: UInt64 = 0
    ) throws(AnalyticsError) -> Split {
        guard !labels.isEmpty else { throw .emptyInput("stratified split labels") }
        guard testFraction > 0, testFraction < 1 else {
            throw .invalidInput("testFraction must be in (0, 1), got \(testFraction)")
        }
        var rng = SplitMix64(seed: seed)
        var train: [Int] = [], test: [Int] = []
        let classes = [false, true].map { c in labels.indices.filter { labels[$0] == c } }
        if classes.contains(where: \.isEmpty) { throw .singleClass("stratified split labels") }
        for var members in classes {
            guard members.count >= 2 else {
                throw .tooFewRows("stratified split (each class)", needed: 2, got: members.count)
            }
            rng.shuffle(&members)
            let m = min(max(1, Int((testFraction * Double(members.count)).rounded())), members.count - 1)
            test += members[0..<m]
            train += members[m...]
        }
        return Split(train: train.sorted(), test: test.sorted())
    }

    static func validate(scores: [Double], labels: [Bool], what: String) throws(AnalyticsError) {
        guard !scores.isEmpty else { throw .emptyInput("\(what) scores") }
        guard scores.count == labels.count else {
            throw .invalidInput("\(scores.count) scores for \(labels.count) labels")
        }
        if let i = scores.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(field: "score", row: i) }
    }
}
