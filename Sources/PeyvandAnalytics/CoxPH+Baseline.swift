import Foundation

/// Survival and time to event per subject from a fitted Cox model, through Breslow's (1972)
/// estimator of the cumulative baseline hazard, "Discussion of Professor Cox's paper", JRSS B
/// 34, 216–217: at each distinct event time t, `d(t) / Σ_{j: Tⱼ ≥ t} exp(β·(xⱼ − x̄))` with
/// covariates centred at their means (as lifelines does, whichever tie method fitted β).
extension CoxPH {
    mutating func setBaseline(durations: [Double], events: [Bool], linearPredictors: [Double], means: [Double]) {
        covariateMeans = means
        let centre = zip(coefficients, means).reduce(0) { $0 + $1.0.coefficient * $1.1 }
        let order = durations.indices.sorted { durations[$0] > durations[$1] }
        // Risk sets accumulate from the longest follow-up down.
        var steps: [(time: Double, hazard: Double)] = []
        var atRisk = 0.0, i = 0
        while i < order.count {
            let t = durations[order[i]]
            var deaths = 0
            while i < order.count, durations[order[i]] == t {
                atRisk += exp(linearPredictors[order[i]] - centre)
                if events[order[i]] { deaths += 1 }
                i += 1
            }
            if deaths > 0 { steps.append((t, Double(deaths) / atRisk)) }
        }
        var total = 0.0
        baseline = steps.reversed().map { step in
            total += step.hazard
            return (step.time, total)
        }
        lastTime = durations.max() ?? 0
    }

    /// `S(t | x) = exp(−H₀(t) · exp(β·(x − x̄)))` for a row of covariates in `coefficients` order.
    public func survival(at t: Double, row: [Double]) -> Double {
        var h = 0.0
        for step in baseline where step.time <= t { h = step.cumulativeHazard }
        return exp(-h * relativeHazard(row))
    }

    /// `exp(β·(x − x̄))`: the row's hazard relative to a subject at the means.
    public func relativeHazard(_ row: [Double]) -> Double {
        exp(linearPredictor(row) - linearPredictor(covariateMeans))
    }

    /// The first event time at which the row's survival is at most one half; nil when the
    /// curve stays above it over the data (lifelines' `predict_median` gives infinity then).
    public func medianSurvivalTime(_ row: [Double]) -> Double? {
        let r = relativeHazard(row)
        return baseline.first { exp(-$0.cumulativeHazard * r) <= 0.5 }?.time
    }

    /// The expected time to the event within the data's follow-up: `∫₀^τ S(t | x) dt` of the
    /// step curve, τ the longest follow-up (a restricted mean, since the curve is unknown beyond).
    public func restrictedMeanSurvivalTime(_ row: [Double]) -> Double {
        let r = relativeHazard(row)
        var area = 0.0, previous = 0.0, s = 1.0
        for step in baseline where step.time <= lastTime {
            area += s * (step.time - previous)
            previous = step.time
            s = exp(-step.cumulativeHazard * r)
        }
        return area + s * (lastTime - previous)
    }
}
