import Foundation
import PeyvandAnalytics

/// The flat name → number form in which each model's run is kept (`analytics_runs.parameters`)
/// and read back by the pages and the API. Names with a dot are per group: `f2.actual` (holdout
/// bin of customers with two repeat purchases), `s1.recency` (behavioural segment 1),
/// `coef.recency` (churn coefficient), `s1.d90` (retention of segment 1 after 90 days).
enum ModelRunParameters {
    static func holdout(_ check: HoldoutCheck) -> [String: Double] {
        var p: [String: Double] = [
            "holdoutDays": Double(check.holdoutDays), "calibrationEnd": Double(check.calibrationEnd),
            "predicted": check.totalPredicted, "actual": check.totalActual, "meanAbsoluteError": check.meanAbsoluteError,
            "r": check.model.r, "alpha": check.model.alpha, "a": check.model.a, "b": check.model.b, "penalizer": check.model.penalizer,
        ]
        for bin in check.bins {
            p["f\(bin.frequency).customers"] = Double(bin.customers)
            p["f\(bin.frequency).predicted"] = bin.predicted
            p["f\(bin.frequency).actual"] = bin.actual
        }
        return p
    }

    static func segments(_ s: BehaviourSegments) -> [String: Double] {
        var p: [String: Double] = ["k": Double(s.k), "suggestedK": Double(s.suggestedK), "inertia": s.inertia]
        if s.silhouette.isFinite { p["silhouette"] = s.silhouette }
        for segment in s.segments {
            p["s\(segment.number).customers"] = Double(segment.customers)
            for (j, name) in BehaviourSegments.featureNames.enumerated() {
                p["s\(segment.number).\(name)"] = segment.means[j]
                p["s\(segment.number).\(name).level"] = Double(segment.levels[j])
            }
        }
        return p
    }

    static func churn(_ c: ChurnClassifier) -> [String: Double] {
        var p: [String: Double] = [
            "auc": c.auc, "precisionTopDecile": c.precisionAtTopDecile, "churnRate": c.churnRate,
            "train": Double(c.trainRows), "test": Double(c.testRows), "horizonDays": Double(c.horizonDays),
            "cutDay": Double(c.cutDay), "intercept": c.model.intercept.coefficient,
        ]
        for coefficient in c.model.coefficients {
            p["coef.\(coefficient.name)"] = coefficient.coefficient
            p["std.\(coefficient.name)"] = coefficient.standardizedCoefficient
        }
        return p
    }

    /// Days after the first purchase at which the retention curves are read.
    static let curveDays = Array(stride(from: 0, through: 720, by: 30))
    /// A customer has lapsed after this many days without a purchase.
    static let lapseDays = 180

    /// Kaplan–Meier retention curves of the customers' lifetimes (`PurchaseHistory.lifetimes`),
    /// overall (`all.`) and per behavioural segment (`s1.` …).
    static func retentionCurves(_ history: PurchaseHistory, segments: [Int]?, asOf: Int) throws(AnalyticsError) -> [String: Double] {
        let (durations, events) = history.lifetimes(asOf: asOf, lapseDays: lapseDays)
        var p: [String: Double] = ["lapseDays": Double(lapseDays)]
        func add(_ prefix: String, _ rows: [Int]) throws(AnalyticsError) {
            guard !rows.isEmpty else { return }
            let km = try KaplanMeier.fit(durations: rows.map { durations[$0] }, events: rows.map { events[$0] })
            let horizon = rows.map { durations[$0] }.max() ?? 0
            for d in curveDays where Double(d) <= horizon { p["\(prefix).d\(d)"] = km.survival(at: Double(d)) }
            if let median = km.median { p["\(prefix).median"] = median }
        }
        try add("all", Array(0..<history.customerCount))
        if let segments {
            for s in Set(segments).sorted() { try add("s\(s)", segments.indices.filter { segments[$0] == s }) }
        }
        return p
    }
}
