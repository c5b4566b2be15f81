import Foundation
import PeyvandAnalytics
import PeyvandCore

/// `analyze clv`: BG/NBD expected purchases and P(alive), Gamma-Gamma spend
/// and `customerLifetimeValue`, from transactions or a lifetimes-style summary.
///
/// Periods (`--freq`): with transactions, purchases in the same period count
/// once and recency/T are whole periods, as lifetimes'
/// `summary_data_from_transaction_data(freq=…)`: days; weeks Monday–Sunday
/// (pandas `W`); calendar months — Jalali months with `--calendar jalali`,
/// Gregorian otherwise. `--horizon` is in months (`customerLifetimeValue`'s
/// API): expected purchases are over `horizon × periods per month` periods
/// (30 days, 4.345 weeks, 1 month).
///
/// With `--calibration-end`, a second BG/NBD is fitted on the transactions up
/// to that date and its predictions for the holdout period (to `--as-of`)
/// are compared with the purchases actually made, in total and by number of
/// repeat purchases in calibration (0 … 6, 7+), as in Fader, Hardie & Lee
/// (2005), figure 3. Parameters and rows always come from the fit on all data.
enum CLVAnalysis {
    static let transactionOptions = TransactionLog.options + ["as-of", "calibration-end"]
    static let summaryOptions = ["id", "frequency", "recency", "age", "monetary-value"]
    static let options = transactionOptions + summaryOptions + ["summary", "freq", "horizon", "discount-rate", "penalizer"]

    /// `--penalizer X` (default 0): lifetimes' `penalizer_coef` for the BG/NBD fit.
    static func penalizer(_ options: OptionReader) throws(AnalysisFailure) -> Double {
        try options.double("penalizer", default: 0, { $0 >= 0 && $0.isFinite }, "a number ≥ 0 (lifetimes' penalizer_coef; 0 = plain maximum likelihood)")
    }

    enum Freq: String {
        case day, week, month

        var periodsPerMonth: PeriodsPerMonth {
            switch self {
            case .day: return .days
            case .week: return .weeks
            case .month: return .months
            }
        }

        /// The period index of a day number.
        func period(_ day: Int, _ calendar: CalendarMode) -> Int {
            switch self {
            case .day: return day
            case .week:
                // 1970-01-01 was a Thursday; weeks start on Monday.
                let shifted = day + 3
                return shifted >= 0 ? shifted / 7 : -((-shifted + 6) / 7)
            case .month:
                if calendar == .jalali {
                    let j = JalaliDate(daysSinceUnixEpoch: day)
                    return j.year * 12 + j.month - 1
                }
                let g = JalaliDate(daysSinceUnixEpoch: day).gregorian
                return g.year * 12 + g.month - 1
            }
        }
    }

    struct Input {
        var customers: [CustomerSummary]
        var hasMonetary: Bool
        var monetaryReason: String?
        var window: [String: AnalysisJSON]
        var warnings: [String]
        var holdout: AnalysisJSON?
        var holdoutRows: [String: (actual: Int, predicted: Double)]?
    }

    static func run(_ request: AnalysisRequest, _ options: OptionReader) throws(AnalysisFailure) -> AnalysisOutput {
        let summaryMode = try options.flag("summary")
        let freq = Freq(rawValue: try options.choice("freq", ["day", "week", "month"], default: "day"))!
        let horizon = try options.int("horizon", default: 12, 0...1200)
        let rate = try options.double("discount-rate", default: 0.01, { $0 > -1 }, "a monthly rate greater than -1 (0.01 = 1% per month)")
        let misplaced = summaryMode
            ? transactionOptions.first(where: options.has)
            : summaryOptions.first(where: options.has)
        if let misplaced {
            throw .option(summaryMode
                ? "option --\(misplaced) applies to transaction input; it cannot be used with --summary"
                : "option --\(misplaced) applies to summary input; add --summary to read a lifetimes-style summary file")
        }
        let table = try AnalysisTable.load(request.input, options: options)
        let input = summaryMode
            ? try readSummary(table, options, freq)
            : try readTransactions(table, options, freq, request)
        let file = table.file

        let penalty = try penalizer(options)
        let model = try fitting(file) { () throws(AnalyticsError) in try BGNBD.fit(input.customers, penalizer: penalty) }
        var spend: GammaGamma?
        var spendJSON: AnalysisJSON
        if input.hasMonetary {
            do throws(AnalyticsError) {
                let gg = try GammaGamma.fit(input.customers)
                let mean = try gg.populationMeanSpend()
                spend = gg
                spendJSON = .object([
                    "fitted": .bool(true), "p": .number(gg.p), "q": .number(gg.q), "v": .number(gg.v),
                    "log_likelihood": .number(gg.logLikelihood), "population_mean_spend": .number(mean),
                    "fitted_on_customers": .int(input.customers.filter { $0.frequency > 0 }.count),
                ])
            } catch {
                spendJSON = .object(["fitted": .bool(false), "reason": .string(Self.skipReason(error))])
            }
        } else {
            spendJSON = .object(["fitted": .bool(false), "reason": .string(input.monetaryReason ?? "no monetary values")])
        }

        let ppm = freq.periodsPerMonth
        let span = Double(horizon) * ppm.value
        var header = ["id", "frequency", "recency", "T", "expected_purchases", "p_alive"]
        if spend != nil { header += ["expected_average_spend", "clv"] }
        if input.holdoutRows != nil { header += ["holdout_actual", "holdout_predicted"] }
        var rows: [[String]] = []
        var totalPurchases = 0.0, totalCLV = 0.0
        for c in input.customers {
            let purchases = model.expectedPurchases(in: span, for: c)
            let alive = model.probabilityAlive(c)
            var row = [
                c.id, String(c.frequency), NumberText.format(c.recency), NumberText.format(c.age),
                try Cells.number(purchases, "expected purchases", c.id), try Cells.number(alive, "P(alive)", c.id),
            ]
            totalPurchases += purchases
            if let spend {
                let (average, value) = try fitting(file) { () throws(AnalyticsError) in
                    (try spend.expectedAverageSpend(frequency: c.frequency, monetaryValue: c.monetaryValue),
                     try customerLifetimeValue(
                        transactions: model, spend: spend, customer: c, months: horizon, discountRate: rate,
                        periodsPerMonth: ppm))
                }
                row += [try Cells.number(average, "expected average spend", c.id), try Cells.number(value, "CLV", c.id)]
                totalCLV += value
            }
            if let holdout = input.holdoutRows {
                if let h = holdout[c.id] {
                    row += [String(h.actual), try Cells.number(h.predicted, "holdout prediction", c.id)]
                } else {
                    row += ["", ""]
                }
            }
            rows.append(row)
        }

        var totals: [String: AnalysisJSON] = ["expected_purchases": .number(totalPurchases)]
        if spend != nil { totals["clv"] = .number(totalCLV) }
        var summary: [String: AnalysisJSON] = [
            "input_kind": .string(summaryMode ? "summary" : "transactions"),
            "freq": .string(freq.rawValue),
            "periods_per_month": .number(ppm.value),
            "horizon_months": .int(horizon),
            "horizon_periods": .number(span),
            "discount_rate_monthly": .number(rate),
            "sample_size": .int(input.customers.count),
            "repeat_customers": .int(input.customers.filter { $0.frequency > 0 }.count),
            "data_window": .object(input.window),
            "bgnbd": .object([
                "r": .number(model.r), "alpha": .number(model.alpha), "a": .number(model.a), "b": .number(model.b), "penalizer": .number(model.penalizer),
                "log_likelihood": .number(model.logLikelihood),
            ]),
            "gamma_gamma": spendJSON,
            "totals": .object(totals),
            "warnings": .strings(input.warnings),
        ]
        if let holdout = input.holdout { summary["holdout"] = holdout }
        return AnalysisOutput(summary: summary, header: header, rows: rows)
    }

    static func skipReason(_ error: AnalyticsError) -> String {
        switch error {
        case .singleCustomer: return "only one customer bought twice; Gamma-Gamma needs at least two repeat customers"
        case .noRepeatPurchases: return "no repeat purchases"
        case .undefined: return "the fitted q is at most 1, so the mean spend is infinite; spend and CLV are not reported"
        default: return error.description
        }
    }

    // MARK: - Transactions

    static func readTransactions(
        _ table: AnalysisTable, _ options: OptionReader, _ freq: Freq, _ request: AnalysisRequest
    ) throws(AnalysisFailure) -> Input {
        let log = try TransactionLog.load(table, options)
        let calendar = log.calendar
        let end = try TransactionLog.dayOption("as-of", options, calendar, now: request.now) ?? log.lastDay
        guard end >= log.firstDay else {
            throw .option(
                "option --as-of \(DayText.text(end, calendar)) is before the first transaction (\(DayText.text(log.firstDay, calendar)))")
        }
        let customers = try summaries(log.transactions.filter { $0.day <= end }, end: end, freq, calendar, table.file)
        var warnings = log.warnings(now: request.now, ignoredAfter: end)
        var window: [String: AnalysisJSON] = [
            "first_transaction": DayText.json(log.firstDay),
            "last_transaction": DayText.json(log.lastDay),
            "observation_end": DayText.json(end),
            "periods": .int(freq.period(end, calendar) - freq.period(log.firstDay, calendar)),
            "unit": .string(freq.rawValue),
        ]
        var input = Input(customers: customers, hasMonetary: true, window: [:], warnings: [])
        if let calibrationEnd = try TransactionLog.dayOption("calibration-end", options, calendar, now: request.now) {
            window["calibration_end"] = DayText.json(calibrationEnd)
            try holdout(log, calibrationEnd: calibrationEnd, end: end, freq, table.file, penalizer: try penalizer(options), into: &input, warnings: &warnings)
        }
        input.window = window
        input.warnings = warnings
        return input
    }

    /// Customer summaries in `freq` periods from transactions up to day `end`.
    static func summaries(
        _ transactions: [Transaction], end: Int, _ freq: Freq, _ calendar: CalendarMode, _ file: String
    ) throws(AnalysisFailure) -> [CustomerSummary] {
        let periods = transactions.map {
            Transaction(customerID: $0.customerID, day: freq.period($0.day, calendar), amount: $0.amount)
        }
        return try fitting(file) { () throws(AnalyticsError) in
            try CustomerSummary.fromTransactions(periods, observationEnd: freq.period(end, calendar))
        }
    }

    static func holdout(
        _ log: TransactionLog, calibrationEnd: Int, end: Int, _ freq: Freq, _ file: String, penalizer penalty: Double,
        into input: inout Input, warnings: inout [String]
    ) throws(AnalysisFailure) {
        let calendar = log.calendar
        guard calibrationEnd >= log.firstDay, calibrationEnd < end else {
            throw .option(
                "option --calibration-end \(DayText.text(calibrationEnd, calendar)) must be on or after the first "
                    + "transaction (\(DayText.text(log.firstDay, calendar))) and before the end of observation "
                    + "(\(DayText.text(end, calendar)))")
        }
        let length = freq.period(end, calendar) - freq.period(calibrationEnd, calendar)
        guard length > 0 else {
            throw .option("the holdout period after --calibration-end is shorter than one \(freq.rawValue); choose an earlier date")
        }
        let calibration = try summaries(log.transactions.filter { $0.day <= calibrationEnd }, end: calibrationEnd, freq, calendar, file)
        let model: BGNBD
        do throws(AnalyticsError) { model = try BGNBD.fit(calibration, penalizer: penalty) } catch {
            let failure = AnalysisFailure.analytics(error, file: file)
            throw AnalysisFailure(kind: failure.kind, message: failure.message + " (in the calibration period)")
        }
        var periods: [String: Set<Int>] = [:]
        for t in log.transactions where t.day > calibrationEnd && t.day <= end {
            periods[t.customerID, default: []].insert(freq.period(t.day, calendar))
        }
        var perCustomer: [String: (actual: Int, predicted: Double)] = [:]
        var buckets = [(customers: Int, actual: Double, predicted: Double)](repeating: (0, 0, 0), count: 8)
        var actualTotal = 0, predictedTotal = 0.0
        for c in calibration {
            let actual = periods[c.id]?.count ?? 0
            let predicted = try Cells.finite(model.expectedPurchases(in: Double(length), for: c), "holdout prediction for '\(c.id)'")
            perCustomer[c.id] = (actual, predicted)
            let b = min(c.frequency, 7)
            buckets[b].customers += 1
            buckets[b].actual += Double(actual)
            buckets[b].predicted += predicted
            actualTotal += actual
            predictedTotal += predicted
        }
        let known = Set(calibration.map(\.id))
        let newcomers = Set(periods.keys).subtracting(known).count
        if newcomers > 0 {
            warnings.append("\(newcomers) customers first bought in the holdout period and are not in the holdout check")
        }
        let bucketJSON: [AnalysisJSON] = buckets.enumerated().compactMap { index, b in
            guard b.customers > 0 else { return nil }
            return .object([
                "frequency": .string(index == 7 ? "7+" : String(index)),
                "customers": .int(b.customers),
                "actual_total": .number(b.actual), "predicted_total": .number(b.predicted),
                "actual_mean": .number(b.actual / Double(b.customers)),
                "predicted_mean": .number(b.predicted / Double(b.customers)),
            ])
        }
        input.holdout = .object([
            "calibration_end": DayText.json(calibrationEnd),
            "observation_end": DayText.json(end),
            "holdout_periods": .int(length),
            "customers": .int(calibration.count),
            "actual_purchases": .int(actualTotal),
            "predicted_purchases": .number(predictedTotal),
            "by_calibration_frequency": .array(bucketJSON),
            "calibration_bgnbd": .object([
                "r": .number(model.r), "alpha": .number(model.alpha), "a": .number(model.a), "b": .number(model.b), "penalizer": .number(model.penalizer),
                "log_likelihood": .number(model.logLikelihood),
            ]),
        ])
        input.holdoutRows = perCustomer
    }

    // MARK: - Summary file

    static func readSummary(_ table: AnalysisTable, _ options: OptionReader, _ freq: Freq) throws(AnalysisFailure) -> Input {
        let id = try table.column(try options.string("id", default: "id"), option: "id")
        let frequency = try table.column(try options.string("frequency", default: "frequency"), option: "frequency")
        let recency = try table.column(try options.string("recency", default: "recency"), option: "recency")
        let age = try table.column(try options.string("age", default: "T"), option: "age")
        var monetary: Int?
        var reason: String?
        if let name = try options.string("monetary-value") {
            monetary = try table.column(name, option: "monetary-value")
        } else if table.hasColumn("monetary_value") {
            monetary = try table.column("monetary_value", option: "monetary-value")
        } else {
            reason = "the file has no monetary_value column (--monetary-value); spend and CLV are not reported"
        }
        var customers: [CustomerSummary] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let key = try table.text(row, id)
            if let first = seen[key] {
                throw .cell(table.file, line: row.line, column: table.name(id), "id '\(key)' already appears on line \(first)")
            }
            seen[key] = row.line
            let x = try table.number(row, frequency)
            guard x >= 0, x == x.rounded(), x < 1e9 else {
                throw .cell(table.file, line: row.line, column: table.name(frequency), "frequency must be a whole number ≥ 0 (got '\(row.fields[frequency])')")
            }
            let r = try table.number(row, recency)
            guard r >= 0 else { throw .cell(table.file, line: row.line, column: table.name(recency), "recency must be ≥ 0") }
            let t = try table.number(row, age)
            guard t >= r else {
                throw .cell(table.file, line: row.line, column: table.name(age), "T (\(row.fields[age])) must be at least the recency (\(row.fields[recency]))")
            }
            var m = 0.0
            if let monetary {
                m = try table.number(row, monetary)
                if x > 0 && !(m > 0) {
                    throw .cell(
                        table.file, line: row.line, column: table.name(monetary),
                        "monetary value must be positive for a customer with repeat purchases (got '\(row.fields[monetary])')")
                }
            }
            customers.append(CustomerSummary(id: key, frequency: Int(x), recency: r, age: t, monetaryValue: m))
        }
        let ages = customers.map(\.age)
        return Input(
            customers: customers, hasMonetary: monetary != nil, monetaryReason: reason,
            window: ["unit": .string(freq.rawValue), "min_T": .number(ages.min() ?? 0), "max_T": .number(ages.max() ?? 0)],
            warnings: reason.map { [$0] } ?? [])
    }
}
