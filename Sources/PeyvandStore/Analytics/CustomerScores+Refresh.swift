import Foundation
import PeyvandAnalytics
import PeyvandCore
import SQLKit

extension CustomerScores {
    /// Recomputes every model as of `asOf` (default now) and records one run per model: RFM
    /// quintiles and segments, BG/NBD (with its holdout check) and Gamma-Gamma lifetime value,
    /// behavioural segments (k-means), the churn classifier, retention curves per segment, the
    /// 80/20 value analysis and the keep and win-back lists. A model the data cannot support
    /// (too few customers, no repeat purchases) is recorded with the reason instead of numbers.
    @discardableResult
    public func refresh(asOf: Date = Date()) async throws -> [AnalyticsRun] {
        let started = Date()
        let asOfDay = Transaction.dayNumber(asOf)
        let inputs = try await ScoringInputs.load(database, asOf: asOf)
        let history = inputs.history
        let n = history.customerCount
        guard n >= 2 else { throw StoreError.invalid(ValidationError(field: "orders", reason: "scoring needs purchases by at least two customers", code: "scoring.tooFew")) }
        let base = try await Settings.baseCurrency(database.sql)
        var runs: [AnalyticsRun] = []
        func record(customers: Int, since: Date, _ result: AnalyticsResult) {
            runs.append(AnalyticsRun(model: result.model, asOf: asOf, customers: customers, result: result,
                                     seconds: Date().timeIntervalSince(since), finishedAt: Date()))
        }
        func failed(_ model: AnalyticsModelName, customers: Int, since: Date, _ error: any Error) {
            runs.append(AnalyticsRun(model: model, asOf: asOf, customers: customers, result: nil,
                                     seconds: Date().timeIntervalSince(since), finishedAt: Date(), note: "\(error)"))
        }

        var step = Date()
        let features = (0..<n).map { BehaviourSegments.features(history, $0, asOf: asOfDay) }
        let recency = features.map { Int($0[0]) }
        let r = RFM.quintileScores(recency.map { -Double($0) })
        let f = RFM.quintileScores(features.map { $0[1] })
        let m = RFM.quintileScores(features.map { $0[2] })
        record(customers: n, since: started, .rfm(RFMResult()))

        let summaries = (0..<n).map { history.summary($0, observationEnd: asOfDay)! }
        var transactions: BGNBD?, spend: GammaGamma?
        step = Date()
        do {
            let model = try BGNBD.fitUsable(summaries, horizon: 365)
            transactions = model
            record(customers: n, since: step, .bgnbd(BGNBDResult(model)))
        } catch { failed(.bgnbd, customers: n, since: step, error) }
        if transactions != nil {
            step = Date()
            let repeaters = summaries.filter { $0.frequency > 0 }
            do {
                let gg = try GammaGamma.fit(repeaters)
                spend = gg
                record(customers: repeaters.count, since: step, .gammaGamma(GammaGammaResult(gg)))
            } catch { failed(.gammaGamma, customers: repeaters.count, since: step, error) }
        }
        step = Date()
        do {
            let check = try HoldoutCheck.bgnbd(history, asOf: asOfDay)
            record(customers: check.customers, since: step, .bgnbdHoldout(HoldoutResult(check)))
        } catch { failed(.bgnbdHoldout, customers: n, since: step, error) }

        step = Date()
        var segments: BehaviourSegments?
        do {
            let fitted = try BehaviourSegments.fit(features: features)
            segments = fitted
            record(customers: n, since: step, .segments(SegmentsResult(fitted, base: base)))
        } catch { failed(.segments, customers: n, since: step, error) }

        step = Date()
        var churn: ChurnClassifier?
        let statics = inputs.staticFeatures
        do {
            let fitted = try ChurnClassifier.fit(history, returns: inputs.returns, staticFeatures: statics, asOf: asOfDay)
            churn = fitted
            record(customers: fitted.trainRows + fitted.testRows, since: step, .churn(ChurnResult(fitted)))
        } catch { failed(.churn, customers: n, since: step, error) }

        step = Date()
        do {
            let curves = try SurvivalResult.fit(history, segments: segments?.assignments, asOf: asOfDay)
            record(customers: n, since: step, .survival(curves))
        } catch { failed(.survival, customers: n, since: step, error) }

        if let pareto = try await ValueConcentration.run(database, asOf: asOf) { runs.append(pareto) }

        // Per-customer values that are written below and feed the retention lists.
        var alive = [Double?](repeating: nil, count: n), expected = [Double?](repeating: nil, count: n)
        var clv = [Double?](repeating: nil, count: n), risk = [Double?](repeating: nil, count: n)
        var reasons = [String?](repeating: nil, count: n)
        if let t = transactions {
            func finite(_ values: [Double]) -> [Double?] { values.map { $0.isFinite ? $0 : nil } }
            alive = finite(BatchScores.probabilityAlive(t, summaries))
            expected = finite(BatchScores.expectedPurchases(t, in: 90, summaries))
            if let g = spend { clv = finite(BatchScores.lifetimeValues(transactions: t, spend: g, summaries)) }
        }
        for i in 0..<n {
            if let c = churn, let scored = try? c.score(history, returns: inputs.returns, i, asOf: asOfDay, staticFeatures: statics),
               scored.risk.isFinite {
                risk[i] = scored.risk
                reasons[i] = scored.reasons.joined(separator: ",")
            } else if let p = alive[i] {
                risk[i] = 1 - p
            }
        }
        let retentionRows = RetentionLists.rows(ids: inputs.ids, value: (0..<n).map { clv[$0] ?? features[$0][2] }, risk: risk, recency: recency)
        let now = Clock.nowMillis()
        let finished = runs, total = Date().timeIntervalSince(started)
        let ids = inputs.ids, assignments = segments?.assignments
        let written = (alive, expected, clv, risk, reasons)
        try await database.transaction { db in
            try await db.raw("DELETE FROM customer_scores").run()
            // Rows are made a chunk at a time, so memory holds the summaries, not a million rows of values.
            var start = 0
            while start < n {
                var chunk: [[any Encodable & Sendable]] = []
                for i in start..<min(start + 2000, n) {
                    chunk.append([ids[i], Int64(recency[i]), Int64(features[i][1]), Int64(features[i][2]), Int64(r[i]), Int64(f[i]), Int64(m[i]),
                                  RFMSegment(recencyScore: r[i], frequencyScore: f[i]).rawValue, Int64(summaries[i].frequency),
                                  written.0[i], written.1[i], written.2[i].map { Int64($0.rounded()) }, now,
                                  assignments.map { Int64($0[i]) }, written.3[i], written.4[i]])
                }
                try await db.insertMany("""
                    customer_scores (customer_id, recency_days, purchases, monetary_minor, r, f, m, segment, repeat_purchases, p_alive,
                      expected_purchases, clv_minor, computed_at, segment_number, churn_risk, churn_reasons)
                    """, chunk)
                start += 2000
            }
            try await RetentionLists.write(db, retentionRows)
            for run in finished {
                let json = run.result?.json
                let note = run.note ?? (run.result != nil && json == nil ? "the result has a value that is not a finite number" : nil)
                try await db.raw("""
                    INSERT INTO analytics_runs (model, as_of, customers, result, seconds, finished_at, note)
                    VALUES (\(bind: run.model.rawValue), \(bind: Clock.millis(run.asOf)), \(bind: Int64(run.customers)),
                            \(bind: json), \(bind: run.model == .rfm ? total : run.seconds), \(bind: now), \(bind: note))
                    """).run()
            }
        }
        return runs
    }
}
