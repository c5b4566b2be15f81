import Foundation

/// Derivative-free unconstrained minimiser: the fallback of the maximum-likelihood fits when
/// Newton's method (``NewtonMinimizer``) finds no optimum.
///
/// Nelder & Mead (1965) "A simplex method for function minimization" with the
/// standard coefficients, restarted from the best vertex until a restart no
/// longer improves the objective, then polished by damped Newton steps on a
/// central-difference gradient and Hessian. The models optimise log-parameters,
/// so the problem is unconstrained.
struct Minimizer {
    var tolerance = 1e-12
    var maxEvaluations = 20_000
    var maxRestarts = 20

    struct Result {
        var point: [Double]
        var value: Double
        var evaluations: Int
        var converged: Bool
    }

    /// Minimises `f` starting at `start`. Non-finite values of `f` are treated
    /// as `+∞`, so the search stays inside the model's domain.
    func minimize(_ start: [Double], _ f: ([Double]) -> Double) -> Result {
        var evaluations = 0
        func g(_ x: [Double]) -> Double {
            evaluations += 1
            let v = f(x)
            return v.isFinite ? v : .infinity
        }
        var best = start
        var bestValue = g(best)
        var converged = false
        for _ in 0..<maxRestarts {
            let (x, v, ok) = nelderMead(best, g, budget: { evaluations < maxEvaluations })
            let improvement = bestValue - v
            if v <= bestValue { best = x; bestValue = v }
            if ok && improvement.isFinite && abs(improvement) <= tolerance * (abs(bestValue) + tolerance) {
                converged = true
                break
            }
            if evaluations >= maxEvaluations { break }
        }
        if converged {
            (best, bestValue) = newtonPolish(best, bestValue, g)
        }
        return Result(point: best, value: bestValue, evaluations: evaluations, converged: converged && bestValue.isFinite)
    }

    private func nelderMead(
        _ x0: [Double], _ f: ([Double]) -> Double, budget: () -> Bool
    ) -> ([Double], Double, Bool) {
        let n = x0.count
        var simplex = [x0]
        for i in 0..<n {
            var x = x0
            x[i] += x[i] == 0 ? 0.25 : 0.25 * max(1, abs(x[i]))
            simplex.append(x)
        }
        var values = simplex.map(f)
        while budget() {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = abs(values[n] - values[0])
            let size = (1...n).map { j in zip(simplex[j], simplex[0]).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
            if spread <= tolerance * (abs(values[0]) + tolerance) && size < 1e-9 { return (simplex[0], values[0], true) }
            var centroid = [Double](repeating: 0, count: n)
            for j in 0..<n { for i in 0..<n { centroid[i] += simplex[j][i] / Double(n) } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = along(-1)
            let fr = f(reflected)
            if fr < values[0] {
                let expanded = along(-2)
                let fe = f(expanded)
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let contracted = fr < values[n] ? along(-0.5) : along(0.5)
                let fc = f(contracted)
                if fc < min(fr, values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for j in 1...n {
                        simplex[j] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[j][$0] - simplex[0][$0]) }
                        values[j] = f(simplex[j])
                    }
                }
            }
        }
        let i = values.indices.min { values[$0] < values[$1] } ?? 0
        return (simplex[i], values[i], false)
    }

    /// Damped Newton steps from a point already near the optimum; a step is
    /// kept only if it lowers the objective.
    private func newtonPolish(_ x0: [Double], _ f0: Double, _ f: ([Double]) -> Double) -> ([Double], Double) {
        var x = x0
        var fx = f0
        let n = x.count
        let h = 1e-4
        for _ in 0..<20 {
            var grad = [Double](repeating: 0, count: n)
            var hess = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            func at(_ d: [(Int, Double)]) -> Double {
                var y = x
                for (i, s) in d { y[i] += s }
                return f(y)
            }
            for i in 0..<n {
                let fp = at([(i, h)]), fm = at([(i, -h)])
                grad[i] = (fp - fm) / (2 * h)
                hess[i][i] = (fp - 2 * fx + fm) / (h * h)
                for j in 0..<i {
                    let v = (at([(i, h), (j, h)]) - at([(i, h), (j, -h)]) - at([(i, -h), (j, h)]) + at([(i, -h), (j, -h)]))
                        / (4 * h * h)
                    hess[i][j] = v
                    hess[j][i] = v
                }
            }
            guard let step = Matrix.solveSymmetricPositiveDefinite(hess, grad) else { break }
            var t = 1.0
            var improved = false
            while t > 1e-4 {
                let y = (0..<n).map { x[$0] - t * step[$0] }
                let fy = f(y)
                if fy < fx { x = y; fx = fy; improved = true; break }
                t /= 2
            }
            if !improved { break }
            if step.map({ abs($0) * t }).max() ?? 0 < 1e-10 { break }
        }
        return (x, fx)
    }
}

/// An objective's value with its gradient and Hessian (empty when not computed), and the
/// log-likelihood it was derived from (passed through for reporting).
struct ObjectiveEvaluation {
    var value: Double
    var gradient: [Double]
    var hessian: [[Double]]
    var logLikelihood: Double

    var isFinite: Bool {
        value.isFinite && gradient.allSatisfy(\.isFinite) && hessian.allSatisfy { $0.allSatisfy(\.isFinite) }
    }

    /// The derivatives of `−ℓ/n + penalizer·Σ pᵢ²` with respect to `θ = ln p`, from the gradient `g`
    /// and Hessian `H` of the log-likelihood ℓ in the parameters `p`:
    /// `∂/∂θᵢ = −pᵢgᵢ/n + 2·penalizer·pᵢ²` and
    /// `∂²/∂θᵢ∂θⱼ = −pᵢpⱼHᵢⱼ/n + δᵢⱼ(−pᵢgᵢ/n + 4·penalizer·pᵢ²)`.
    static func logParameters(
        _ p: [Double], logLikelihood: Double, gradient g: [Double], hessian h: [[Double]],
        customers n: Double, value: Double, penalizer: Double
    ) -> ObjectiveEvaluation {
        let k = p.count
        var gradient = [Double](repeating: 0, count: k)
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<k {
            gradient[i] = -p[i] * g[i] / n + 2 * penalizer * p[i] * p[i]
            for j in 0..<k { hessian[i][j] = -p[i] * p[j] * h[i][j] / n }
            hessian[i][i] += -p[i] * g[i] / n + 4 * penalizer * p[i] * p[i]
        }
        return ObjectiveEvaluation(value: value, gradient: gradient, hessian: hessian, logLikelihood: logLikelihood)
    }
}

/// Newton's method with analytic derivatives for the smooth maximum-likelihood fits.
///
/// Each iteration solves `H δ = −g`; where the Hessian is not positive definite (far from the
/// optimum) it is shifted by a multiple of the identity until it is (Levenberg 1944, Marquardt
/// 1963), so `δ` is a descent direction. Steps longer than `maxStep` are shortened, and a
/// backtracking line search enforces Armijo's sufficient decrease. Near the optimum the full Newton
/// step is taken and convergence is quadratic. The search has converged when the Newton step of a
/// positive-definite Hessian is at most `stepTolerance` in every coordinate (log-parameters: a
/// relative change of the parameters).
struct NewtonMinimizer {
    var maxIterations = 100
    var stepTolerance = 1e-9
    var maxStep = 3.0

    struct Result {
        var point: [Double]
        /// The objective at `point` (converged: before the last, negligible Newton step).
        var evaluation: ObjectiveEvaluation
        var iterations: Int
        var converged: Bool
    }

    func minimize(_ start: [Double], _ evaluate: ([Double]) -> ObjectiveEvaluation) -> Result {
        var x = start
        var current = evaluate(x)
        guard current.isFinite else { return Result(point: x, evaluation: current, iterations: 0, converged: false) }
        let n = x.count
        for iteration in 1...maxIterations {
            let g = current.gradient, h = current.hessian
            let descent = g.map { -$0 }
            var step = Matrix.solveSymmetricPositiveDefinite(h, descent)
            if let s = step, !s.allSatisfy(\.isFinite) { step = nil }
            let isNewton = step != nil
            if let s = step, s.allSatisfy({ abs($0) <= stepTolerance }) {
                // The last step is taken without evaluating the objective again: it moves the value
                // by about ½ δᵀHδ, far below the rounding of the sums.
                return Result(point: zip(x, s).map { $0 + $1 }, evaluation: current, iterations: iteration, converged: true)
            }
            if step == nil {
                // Levenberg–Marquardt shift: the smallest µ = 10ᵏ·µ₀ that makes H + µI positive definite.
                let scale = max(h.indices.map { abs(h[$0][$0]) }.max() ?? 0, 1e-12)
                var mu = 1e-10 * scale
                while step == nil, mu < 1e20 * scale {
                    var shifted = h
                    for i in 0..<n { shifted[i][i] += mu }
                    step = Matrix.solveSymmetricPositiveDefinite(shifted, descent)
                    if let s = step, !s.allSatisfy(\.isFinite) { step = nil }
                    mu *= 10
                }
            }
            guard var s = step else { break }
            let size = s.map(abs).max() ?? 0
            if size > maxStep { s = s.map { $0 * maxStep / size } }
            let slope = zip(g, s).reduce(0) { $0 + $1.0 * $1.1 }
            var t = 1.0
            var accepted = false
            while t >= 1e-10 {
                let y = (0..<n).map { x[$0] + t * s[$0] }
                let trial = evaluate(y)
                if trial.isFinite {
                    let sufficient = trial.value <= current.value + 1e-4 * t * slope
                    // Near the optimum the decrease is below the rounding of a long sum: a small full
                    // Newton step is kept unless it clearly increases the objective.
                    let withinRounding = isNewton && t == 1 && size <= 1e-4
                        && trial.value <= current.value + 1e-12 * max(1, abs(current.value))
                    if sufficient || withinRounding {
                        x = y
                        current = trial
                        accepted = true
                        break
                    }
                }
                t *= 0.5
            }
            if !accepted {
                // No decrease along a tiny Newton step: the optimum to within rounding.
                let converged = isNewton && size <= 1e-7
                return Result(point: x, evaluation: current, iterations: iteration, converged: converged)
            }
        }
        return Result(point: x, evaluation: current, iterations: maxIterations, converged: false)
    }
}
