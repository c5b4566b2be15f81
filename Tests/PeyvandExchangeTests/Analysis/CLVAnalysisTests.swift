import Foundation
import Testing
import PeyvandAnalytics
import PeyvandCore
import PeyvandExchange

@Suite struct CLVAnalysisTests {
    /// CDNOW summary (weeks) against lifetimes and the published estimates, as PeyvandAnalytics' own tests do.
    @Test func cdnowSummaryMatchesLifetimes() throws {
        let expected = try AnalysisFixture.json("clv_expected.json")
        let bgnbd = expected.object("cdnow_bgnbd"), gamma = expected.object("cdnow_gamma_gamma")
        let weekly = gamma.object("clv").object("W")
        let result = try analyze(.clv, AnalysisFixture.url("cdnow_summary.csv"), [
            "summary": "true", "freq": "week", "horizon": String(Int(weekly.double("time"))),
            "discount-rate": String(weekly.double("discount_rate")),
        ])
        let s = result.summary
        for name in ["r", "alpha", "a", "b"] {
            let mine = s.number("bgnbd", name), reference = bgnbd.object("params").double(name)
            #expect(agrees(mine, reference, significantFigures: 3), "\(name): \(mine) vs lifetimes \(reference)")
        }
        #expect(abs(s.number("bgnbd", "log_likelihood") - -9582.4) < 0.1)  // Fader, Hardie & Lee (2005)
        for name in ["p", "q", "v"] {
            let mine = s.number("gamma_gamma", name), reference = gamma.object("params").double(name)
            #expect(agrees(mine, reference, significantFigures: 3), "\(name): \(mine) vs lifetimes \(reference)")
        }
        #expect(s.number("sample_size") == 2357)
        #expect(s.number("periods_per_month") == 4.345)
        #expect(result.header == ["id", "frequency", "recency", "T", "expected_purchases", "p_alive", "expected_average_spend", "clv"])
        let head = Array(result.rows.prefix(20))
        func column(_ j: Int) -> [Double] { head.map { Double($0[j])! } }
        #expect(maxRelativeDifference(column(5), bgnbd.doubles("p_alive")) < 1e-3)
        #expect(maxRelativeDifference(column(6), gamma.doubles("expected_average_profit")) < 1e-3)
        #expect(maxRelativeDifference(column(7), weekly.doubles("values")) < 1e-3)

        // Days: the second lifetimes CLV setting.
        let daily = gamma.object("clv").object("D")
        let byDay = try analyze(.clv, AnalysisFixture.url("cdnow_summary.csv"), [
            "summary": "", "freq": "day", "horizon": String(Int(daily.double("time"))),
            "discount-rate": String(daily.double("discount_rate")),
        ])
        #expect(maxRelativeDifference(Array(byDay.numbers("clv").prefix(20)), daily.doubles("values")) < 1e-3)

        // Expected purchases: the fitted model called directly over 12 months of weeks.
        let customers = try AnalysisFixture.csv("cdnow_summary.csv").map {
            CustomerSummary(id: $0["id"]!, frequency: Int($0["frequency"]!)!, recency: Double($0["recency"]!)!,
                            age: Double($0["T"]!)!, monetaryValue: Double($0["monetary_value"]!)!)
        }
        let model = try BGNBD.fit(customers)
        let direct = customers.prefix(20).map { model.expectedPurchases(in: 12 * 4.345, for: $0) }
        #expect(maxRelativeDifference(column(4), direct) < 1e-8)
    }

    @Test func transactionsMatchLifetimesSummaries() throws {
        let expected = try AnalysisFixture.json("clv_transactions_expected.json")
        let url = AnalysisFixture.url("clv_transactions.csv")
        for (freq, key) in [("day", "D"), ("week", "W")] {
            let result = try analyze(.clv, url, ["freq": freq, "as-of": "2024-12-30"])
            let summary = expected.object("summary_" + key)
            #expect(result.column("id")! == summary.strings("id"))
            #expect(result.numbers("frequency") == summary.doubles("frequency"), "\(freq)")
            #expect(result.numbers("recency") == summary.doubles("recency"), "\(freq)")
            #expect(result.numbers("T") == summary.doubles("T"), "\(freq)")
            let params = expected.object("bgnbd_" + key)
            for name in ["r", "alpha", "a", "b"] {
                let mine = result.summary.number("bgnbd", name), reference = params.double(name)
                #expect(agrees(mine, reference, significantFigures: 3), "\(freq) \(name): \(mine) vs lifetimes \(reference)")
            }
            // Same numbers as the models called on lifetimes' summaries.
            let customers = summary.strings("id").indices.map { i in
                CustomerSummary(
                    id: summary.strings("id")[i], frequency: Int(summary.doubles("frequency")[i]),
                    recency: summary.doubles("recency")[i], age: summary.doubles("T")[i],
                    monetaryValue: summary.doubles("monetary_value")[i])
            }
            let model = try BGNBD.fit(customers)
            let spend = try GammaGamma.fit(customers)
            let unit: PeriodsPerMonth = freq == "day" ? .days : .weeks
            let clv = try customers.map {
                try customerLifetimeValue(transactions: model, spend: spend, customer: $0, months: 12, discountRate: 0.01, periodsPerMonth: unit)
            }
            // Gamma-Gamma's optimiser stops within ~1e-7 of the optimum; summing the same amounts in another
            // order (lifetimes' monetary values differ from ours by 3e-16) can move it that much.
            #expect(maxRelativeDifference(result.numbers("clv"), clv) < 1e-5, "\(freq)")
            #expect(maxRelativeDifference(result.numbers("p_alive"), customers.map { model.probabilityAlive($0) }) < 1e-8)
            #expect(result.summary.at("data_window", "observation_end", "gregorian")?.stringValue == "2024-12-30")
        }
    }

    @Test func holdoutCheckMatchesLifetimesHoldoutData() throws {
        let expected = try AnalysisFixture.json("clv_transactions_expected.json").object("holdout_W")
        let result = try analyze(.clv, AnalysisFixture.url("clv_transactions.csv"), [
            "freq": "week", "as-of": "2024-12-30", "calibration-end": "2024-06-30",
        ])
        let holdout = try #require(result.summary["holdout"])
        #expect(holdout.number("holdout_periods") == expected.double("duration_holdout"))
        #expect(result.column("id")! == expected.strings("id"))
        #expect(result.numbers("holdout_actual") == expected.doubles("frequency_holdout"))
        #expect(holdout.number("actual_purchases") == expected.doubles("frequency_holdout").reduce(0, +))
        // Predictions: a BG/NBD fitted on lifetimes' calibration summaries, over the holdout weeks.
        let ids = expected.strings("id")
        let calibration = ids.indices.map { i in
            CustomerSummary(id: ids[i], frequency: Int(expected.doubles("frequency_cal")[i]),
                            recency: expected.doubles("recency_cal")[i], age: expected.doubles("T_cal")[i])
        }
        let model = try BGNBD.fit(calibration)
        let predicted = calibration.map { model.expectedPurchases(in: expected.double("duration_holdout"), for: $0) }
        #expect(maxRelativeDifference(result.numbers("holdout_predicted"), predicted) < 1e-8)
        #expect(relativeDifference(holdout.number("predicted_purchases"), predicted.reduce(0, +)) < 1e-9)
        #expect(relativeDifference(holdout.number("calibration_bgnbd", "r"), model.r) < 1e-12)
        // Buckets by calibration frequency 0…6, 7+ add up.
        let buckets = holdout["by_calibration_frequency"]!.arrayValue!
        #expect(buckets.first?["frequency"]?.stringValue == "0")
        #expect(buckets.map { $0.number("customers") }.reduce(0, +) == Double(ids.count))
        #expect(abs(buckets.map { $0.number("actual_total") }.reduce(0, +) - holdout.number("actual_purchases")) < 1e-9)
        for b in buckets {
            #expect(abs(b.number("predicted_mean") * b.number("customers") - b.number("predicted_total")) < 1e-9)
        }
        // Row parameters still come from the fit on all data.
        let full = try analyze(.clv, AnalysisFixture.url("clv_transactions.csv"), ["freq": "week", "as-of": "2024-12-30"])
        #expect(full.summary["bgnbd"] == result.summary["bgnbd"])
        #expect(failure(.clv, AnalysisFixture.url("clv_transactions.csv"), ["calibration-end": "2026-01-01"])?
            .message.contains("before the end of observation") == true)
    }

    @Test func monthsFollowTheChosenCalendar() throws {
        // Gregorian months: pandas' monthly periods.
        let expected = try AnalysisFixture.json("clv_transactions_expected.json").object("summary_M")
        let url = AnalysisFixture.url("clv_transactions.csv")
        let monthly = try analyze(.clv, url, ["freq": "month", "as-of": "2024-12-30"])
        #expect(monthly.column("id")! == expected.strings("id"))
        #expect(monthly.numbers("frequency") == expected.doubles("frequency"))
        #expect(monthly.numbers("recency") == expected.doubles("recency"))
        #expect(monthly.numbers("T") == expected.doubles("T"))
        #expect(monthly.summary.number("periods_per_month") == 1)
        // Jalali months with --calendar jalali: the same log in Jalali dates.
        let rows = try AnalysisFixture.csv("clv_transactions.csv")
        var days: [String: [Int]] = [:]
        var lines: [String] = []
        for row in rows {
            let parts = row["date"]!.split(separator: "-").map { Int($0)! }
            let day = JalaliDate(gregorianYear: parts[0], month: parts[1], day: parts[2])
            days[row["customer_id"]!, default: []].append(day.daysSinceUnixEpoch)
            lines.append("\(row["customer_id"]!),\(day.formatted(.numeric)),\(row["amount"]!)")
        }
        let jalaliFile = try TemporaryCSV(csvText("customer_id,date,amount", lines))
        let end = JalaliDate(gregorianYear: 2024, month: 12, day: 30)
        let jalali = try analyze(.clv, jalaliFile.url, ["freq": "month", "calendar": "jalali", "as-of": end.formatted(.numeric)])
        func month(_ day: Int) -> Int { let j = JalaliDate(daysSinceUnixEpoch: day); return j.year * 12 + j.month }
        let ids = jalali.column("id")!
        let frequency = ids.map { Double(Set(days[$0]!.map(month)).count - 1) }
        let age = ids.map { Double(month(end.daysSinceUnixEpoch) - month(days[$0]!.min()!)) }
        #expect(jalali.numbers("frequency") == frequency)
        #expect(jalali.numbers("T") == age)
        #expect(jalali.numbers("frequency") != monthly.numbers("frequency"))
    }

    @Test func modelConditions() throws {
        let once = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\nb,2024-01-05,4\nc,2024-02-01,8\n")
        #expect(failure(.clv, once.url)?.message == "input.csv: nobody bought twice: BG/NBD cannot be fitted (every customer has frequency 0)")
        let sameDay = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\na,2024-01-01,4\nb,2024-02-01,8\n")
        #expect(failure(.clv, sameDay.url)?.message.contains("nobody bought twice") == true)
        let one = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\na,2024-01-05,4\n")
        #expect(failure(.clv, one.url)?.message == "input.csv: BG/NBD needs at least two customers; only one was found")
        let summary = try TemporaryCSV("id,frequency,recency,T\n1,0,0,10\n2,0,0,12\n")
        #expect(failure(.clv, summary.url, ["summary": ""])?.message.contains("nobody bought twice") == true)
        // Only one repeat customer: BG/NBD is fitted (three customers have no finite optimum without
        // a penalty), Gamma-Gamma is skipped with a reason, no NaN.
        let fewRepeat = try TemporaryCSV("id,frequency,recency,T,monetary_value\n1,2,5,10,20\n2,0,0,12,0\n3,0,0,8,0\n")
        #expect(failure(.clv, fewRepeat.url, ["summary": ""])?.message.contains("did not converge") == true)
        #expect(failure(.clv, fewRepeat.url, ["summary": "", "penalizer": "-1"])?.message.contains("--penalizer") == true)
        let few = try analyze(.clv, fewRepeat.url, ["summary": "", "penalizer": "0.1"])
        #expect(few.summary.at("bgnbd", "penalizer") == .number(0.1))
        #expect(few.summary.at("gamma_gamma", "fitted") == .bool(false))
        #expect(few.summary.at("gamma_gamma", "reason")?.stringValue?.hasPrefix("only one customer bought twice") == true)
        #expect(few.header == ["id", "frequency", "recency", "T", "expected_purchases", "p_alive"])
        // A tiny file where the optimiser gives up: a failure, not NaN.
        let tiny = try TemporaryCSV("id,frequency,recency,T\n1,2,5,10\n2,1,3,12\n3,0,0,8\n4,3,9,9\n")
        #expect(failure(.clv, tiny.url, ["summary": ""])?.message.hasPrefix("input.csv: BG/NBD fit did not converge after") == true)
        // No monetary column: BG/NBD only, with the reason in the summary.
        let lines = try String(contentsOf: AnalysisFixture.url("cdnow_summary.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map { $0.split(separator: ",").prefix(4).joined(separator: ",") }
        let noMoney = try TemporaryCSV(lines.joined(separator: "\n"))
        let result = try analyze(.clv, noMoney.url, ["summary": "", "freq": "week"])
        #expect(result.header == ["id", "frequency", "recency", "T", "expected_purchases", "p_alive"])
        #expect(result.summary.at("gamma_gamma", "reason")?.stringValue?.contains("no monetary_value column") == true)
        #expect(abs(result.summary.number("bgnbd", "r") - 0.243) < 0.0005)
        #expect(failure(.clv, noMoney.url, ["summary": "", "monetary-value": "spend"])?.message.contains("column 'spend' (--monetary-value) not found") == true)
    }

    @Test func summaryFileChecks() throws {
        let bad = try TemporaryCSV("id,frequency,recency,T\n1,2,15,10\n2,0,0,12\n")
        let f = failure(.clv, bad.url, ["summary": ""])
        #expect(f?.line == 2 && f?.column == "T")
        let fraction = try TemporaryCSV("id,frequency,recency,T\n1,1.5,5,10\n2,0,0,12\n")
        #expect(failure(.clv, fraction.url, ["summary": ""])?.message.contains("whole number") == true)
        let money = try TemporaryCSV("id,frequency,recency,T,monetary_value\n1,2,5,10,0\n2,0,0,12,0\n")
        #expect(failure(.clv, money.url, ["summary": ""])?.line == 2)
        let ok = try TemporaryCSV("id,frequency,recency,T\n1,2,5,10\n")
        #expect(failure(.clv, ok.url, ["summary": "", "date": "when"])?.message
            == "option --date applies to transaction input; it cannot be used with --summary")
        #expect(failure(.clv, ok.url, ["age": "T"])?.message.contains("add --summary") == true)
        #expect(failure(.clv, ok.url, ["summary": "", "freq": "year"])?.message
            == "option --freq must be one of day, week, month (got 'year')")
        #expect(failure(.clv, ok.url, ["summary": "", "horizon": "-1"])?.kind == .option)
        #expect(failure(.clv, ok.url, ["summary": "maybe"])?.message == "option --summary is a flag; it takes no value (got 'maybe')")
    }
}
