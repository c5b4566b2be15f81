import Foundation

/// Unconstrained minimiser used by the maximum-likelihood fits.
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
