import Foundation
import Testing
@testable import PeyvandAnalytics

/// The tabulated likelihoods and Newton fits of BGNBD.fit and GammaGamma.fit against the direct
/// per-customer sums, finite differences and the derivative-free search.
@Suite struct FastFitTests {
    static func cdnow() throws -> [CustomerSummary] { try BGNBDTests.summaries("cdnow_summary.csv") }

    /// CDNOW with times in whole days (the direct-table path of DistinctValues).
    static func cdnowDays() throws -> [CustomerSummary] {
        try cdnow().map {
            var c = $0
            c.age = (c.age * 7).rounded()
            c.recency = min((c.recency * 7).rounded(), c.age)
            return c
        }
    }

    static func scaledArrays(_ customers: [CustomerSummary]) -> (scale: Double, x: [Double], tx: [Double], age: [Double]) {
        let scale = 1 / customers.map(\.age).max()!
        return (scale, customers.map { Double($0.frequency) }, customers.map { $0.recency * scale }, customers.map { $0.age * scale })
    }

    static let bgnbdPoints: [[Double]] = [
        [0, 0, 0, 0], [log(0.243), log(0.113), log(0.793), log(2.426)], [0.4, -3, 1.2, -0.7], [-2, 1, -1, 2],
    ]

    @Test("tabulated BG/NBD log-likelihood equals the per-customer sum", arguments: [false, true])
    func bgnbdLikelihoodMatchesDirectSum(wholeDays: Bool) throws {
        let customers = try wholeDays ? Self.cdnowDays() : Self.cdnow()
        let (scale, x, tx, age) = Self.scaledArrays(customers)
        let data = BGNBDFitData(customers, scale: scale)
        #expect(data.times.count < customers.count)
        for theta in Self.bgnbdPoints {
            let p = theta.map { exp($0) }
            let direct = BGNBD.logLikelihood(r: p[0], alpha: p[1], a: p[2], b: p[3], x: x, tx: tx, age: age)
            let fast = data.evaluate(theta, penalizer: 0)
            let valueOnly = data.evaluate(theta, penalizer: 0, derivatives: false)
            #expect(relativeDifference(fast.logLikelihood, direct) < 1e-12, "\(theta): \(fast.logLikelihood) vs \(direct)")
            #expect(relativeDifference(valueOnly.logLikelihood, direct) < 1e-12)
            #expect(relativeDifference(fast.value, -direct / Double(customers.count)) < 1e-12)
            let penalised = data.evaluate(theta, penalizer: 0.1)
            #expect(abs(penalised.value - fast.value - 0.1 * p.reduce(0) { $0 + $1 * $1 }) < 1e-12 * max(1, abs(penalised.value)))
        }
        // A subsample is the same as the customers it picks.
        let every3 = Swift.stride(from: 0, to: customers.count, by: 3).map { customers[$0] }
        let sample = BGNBDFitData(customers, scale: scale, stride: 3)
        let direct = BGNBDFitData(every3, scale: scale)
        let theta = Self.bgnbdPoints[1]
        #expect(relativeDifference(sample.evaluate(theta, penalizer: 0).value, direct.evaluate(theta, penalizer: 0).value) < 1e-14)
    }

    /// Central differences of the value (gradient) and of the analytic gradient (Hessian).
    func checkDerivatives(_ theta: [Double], _ f: ([Double]) -> ObjectiveEvaluation, _ label: String) {
        let e = f(theta)
        let h = 1e-5
        for i in theta.indices {
            var up = theta, down = theta
            up[i] += h
            down[i] -= h
            let fu = f(up), fd = f(down)
            let numericGradient = (fu.value - fd.value) / (2 * h)
            let gradientScale = max(1e-3, e.gradient.map(abs).max()!)
            #expect(abs(numericGradient - e.gradient[i]) < 1e-6 * gradientScale,
                    "\(label) ∂\(i): \(e.gradient[i]) vs \(numericGradient)")
            let hessianScale = max(1e-3, e.hessian.flatMap { $0 }.map(abs).max()!)
            for j in theta.indices {
                let numeric = (fu.gradient[j] - fd.gradient[j]) / (2 * h)
                #expect(abs(numeric - e.hessian[i][j]) < 1e-6 * hessianScale, "\(label) ∂²\(i)\(j): \(e.hessian[i][j]) vs \(numeric)")
                #expect(e.hessian[i][j] == e.hessian[j][i])
            }
        }
    }

    @Test func bgnbdDerivativesMatchFiniteDifferences() throws {
        for customers in [try Self.cdnow(), try Self.cdnowDays(), try BGNBDTests.summaries("bgnbd_synthetic.csv")] {
            let (scale, _, _, _) = Self.scaledArrays(customers)
            let data = BGNBDFitData(customers, scale: scale)
            for theta in Self.bgnbdPoints {
                for penalizer in [0, 0.1] {
                    checkDerivatives(theta, { data.evaluate($0, penalizer: penalizer) }, "BG/NBD \(theta) \(penalizer)")
                }
            }
        }
    }

    @Test func gammaGammaLikelihoodAndDerivatives() throws {
        let repeaters = try Self.cdnow().filter { $0.frequency > 0 }
        let x = repeaters.map { Double($0.frequency) }, m = repeaters.map(\.monetaryValue)
        let data = GammaGammaFitData(x: x, m: m)
        for theta in [[0.0, 0, 0], [log(6.25), log(3.74), log(15.44)], [2.5, -0.5, 4]] {
            let p = theta.map { exp($0) }
            let direct = GammaGamma.logLikelihood(p: p[0], q: p[1], v: p[2], x: x, m: m)
            let fast = data.evaluate(theta)
            #expect(relativeDifference(fast.logLikelihood, direct) < 1e-12, "\(theta): \(fast.logLikelihood) vs \(direct)")
            #expect(relativeDifference(data.evaluate(theta, derivatives: false).value, -direct / Double(x.count)) < 1e-12)
            checkDerivatives(theta, { data.evaluate($0) }, "Gamma-Gamma \(theta)")
        }
    }

    @Test func digammaAndTrigammaMatchReferenceValues() {
        // scipy.special.digamma / polygamma(1, ·).
        let reference: [(Double, Double, Double)] = [
            (0.001, -1000.5755719318103, 1000001.6425331959),
            (0.24, -4.406160345792604, 18.57185818176883),
            (1, -0.5772156649015329, 1.6449340668482266),
            (2.5, 0.7031566406452432, 0.4903577561002349),
            (9.99, 2.250700372831201, 0.10527695014824176),
            (10, 2.251752589066721, 0.10516633568168576),
            (33.3, 3.490467238520243, 0.03048544409533889),
            (1000, 6.907255195648812, 0.001000500166666633),
        ]
        for (x, psi, psi1) in reference {
            #expect(relativeDifference(Special.digamma(x), psi) < 1e-14, "ψ(\(x))")
            #expect(relativeDifference(Special.trigamma(x), psi1) < 1e-14, "ψ′(\(x))")
        }
    }

    @Test("Newton's optimum is the derivative-free search's", arguments: [0, 0.01])
    func newtonAgreesWithNelderMead(penalizer: Double) throws {
        let customers = try Self.cdnow()
        let scale = 1 / customers.map(\.age).max()!
        let data = BGNBDFitData(customers, scale: scale)
        let newton = NewtonMinimizer().minimize([0, 0, 0, 0]) { data.evaluate($0, penalizer: penalizer) }
        let search = Minimizer().minimize([0, 0, 0, 0]) { data.evaluate($0, penalizer: penalizer, derivatives: false).value }
        #expect(newton.converged && search.converged)
        #expect(newton.evaluation.value <= search.value + 1e-13)
        for i in 0..<4 { #expect(abs(newton.point[i] - search.point[i]) < 1e-5, "θ\(i)") }
        let gradient = data.evaluate(newton.point, penalizer: penalizer).gradient
        #expect(gradient.allSatisfy { abs($0) < 1e-13 }, "\(gradient) after \(newton.iterations)")
        let model = try BGNBD.fit(customers, penalizer: penalizer)
        #expect(relativeDifference(model.r, exp(newton.point[0])) < 1e-12)
    }

    @Test func fittedLogLikelihoodIsTheDirectSumInTheDataUnit() throws {
        for customers in [try Self.cdnow(), try Self.cdnowDays()] {
            let model = try BGNBD.fit(customers)
            let direct = BGNBD.logLikelihood(
                r: model.r, alpha: model.alpha, a: model.a, b: model.b,
                x: customers.map { Double($0.frequency) }, tx: customers.map(\.recency), age: customers.map(\.age))
            #expect(relativeDifference(model.logLikelihood, direct) < 1e-12, "\(model.logLikelihood) vs \(direct)")
        }
        let spend = try GammaGamma.fit(Self.cdnow())
        let repeaters = try Self.cdnow().filter { $0.frequency > 0 }
        let direct = GammaGamma.logLikelihood(
            p: spend.p, q: spend.q, v: spend.v, x: repeaters.map { Double($0.frequency) }, m: repeaters.map(\.monetaryValue))
        #expect(relativeDifference(spend.logLikelihood, direct) < 1e-12)
    }

    /// k copies of a data set have the same maximum-likelihood estimate as one; 120 copies of CDNOW
    /// (283k customers) take the subsample start and the parallel chunked sums.
    @Test func replicatedDataGiveTheSameEstimatesDeterministically() throws {
        let one = try Self.cdnowDays()
        let many = Array((0..<120).map { _ in one }.joined())
        #expect(many.count > 4 * BGNBD.subsampleSize && many.count > 4 * ChunkedSum.chunkLength)
        let single = try BGNBD.fit(one), replicated = try BGNBD.fit(many), again = try BGNBD.fit(many)
        #expect(replicated == again)
        for (a, b) in [(single.r, replicated.r), (single.alpha, replicated.alpha), (single.a, replicated.a), (single.b, replicated.b)] {
            #expect(relativeDifference(b, a) < 1e-8, "\(b) vs \(a)")
        }
        #expect(relativeDifference(replicated.logLikelihood, 120 * single.logLikelihood) < 1e-12)
        let spend = try GammaGamma.fit(one), spendMany = try GammaGamma.fit(many)
        #expect(try GammaGamma.fit(many) == spendMany)
        for (a, b) in [(spend.p, spendMany.p), (spend.q, spendMany.q), (spend.v, spendMany.v)] {
            #expect(relativeDifference(b, a) < 1e-8, "\(b) vs \(a)")
        }
    }

    @Test func dataWithoutAFiniteOptimumThrowNoConvergence() {
        // One repeat customer among three: no finite optimum without a penalty.
        let fewRepeat = [
            CustomerSummary(id: "1", frequency: 2, recency: 5, age: 10, monetaryValue: 20),
            CustomerSummary(id: "2", frequency: 0, recency: 0, age: 12),
            CustomerSummary(id: "3", frequency: 0, recency: 0, age: 8),
        ]
        #expect(throws: AnalyticsError.self) { try BGNBD.fit(fewRepeat) }
        do {
            _ = try BGNBD.fit(fewRepeat)
        } catch {
            guard case .noConvergence(let model, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(model == "BG/NBD fit")
        }
        let penalised = try? BGNBD.fit(fewRepeat, penalizer: 0.1)
        #expect(penalised.map { [$0.r, $0.alpha, $0.a, $0.b].allSatisfy(\.isFinite) } == true)
        let tiny = [
            CustomerSummary(frequency: 2, recency: 5, age: 10), CustomerSummary(frequency: 1, recency: 3, age: 12),
            CustomerSummary(frequency: 0, recency: 0, age: 8), CustomerSummary(frequency: 3, recency: 9, age: 9),
        ]
        do {
            let model = try BGNBD.fit(tiny)
            Issue.record("expected noConvergence, got \(model)")
        } catch {
            guard case .noConvergence = error else { Issue.record("unexpected \(error)"); return }
        }
    }
}
