import Foundation
import Testing
import PeyvandExchange

@Suite struct ValueAnalysisTests {
    @Test func matchesNumpyReference() throws {
        let expected = try AnalysisFixture.json("pareto_expected.json")
        let result = try analyze(.value, AnalysisFixture.url("pareto_profit.csv"), ["customer": "id"])
        let s = result.summary
        #expect(result.header == ["id", "profit", "rank", "decile", "cumulative_share"])
        #expect(result.column("id")! == expected.strings("ranked_ids"))
        #expect(result.numbers("decile") == expected.doubles("deciles"))
        #expect(result.numbers("rank") == (1...result.rows.count).map(Double.init))
        #expect(relativeDifference(s.number("total_profit"), expected.double("total_profit")) < 1e-12)
        #expect(relativeDifference(s.number("top_20_percent_share"), expected.double("top20_share")) < 1e-12)
        #expect(relativeDifference(s.number("top_10_percent_share"), expected.double("top10_share")) < 1e-12)
        #expect(relativeDifference(s.number("customer_share_for_80_percent"), expected.double("fraction_for_80")) < 1e-12)
        #expect(relativeDifference(s.number("peak_share"), expected.double("peak_share")) < 1e-12)
        #expect(relativeDifference(s.number("unprofitable", "total_profit"), expected.double("unprofitable_total")) < 1e-12)
        #expect(s.number("unprofitable", "customers") == Double(expected.strings("unprofitable_ids").count))
        let deciles = s["deciles"]!.arrayValue!
        #expect(deciles.map { $0.number("customers") } == expected.doubles("decile_counts"))
        #expect(maxRelativeDifference(deciles.map { $0.number("total_profit") }, expected.doubles("decile_totals")) < 1e-12)
        // Cumulative shares in the rows: the curve after each rank (10 significant digits in the CSV).
        let curve = Array(expected.doubles("curve_y").dropFirst())
        #expect(zip(result.numbers("cumulative_share"), curve).allSatisfy { abs($0 - $1) < 1e-9 })
        // 21 Lorenz points from (0, 0) to (1, 1), point 4 = the top-20% share.
        let lorenz = s["lorenz_curve"]!.arrayValue!
        #expect(lorenz.count == 21)
        #expect(lorenz[0].number("profit_share") == 0 && abs(lorenz[20].number("profit_share") - 1) < 1e-12)
        #expect(abs(lorenz[4].number("profit_share") - s.number("top_20_percent_share")) < 1e-15)
        #expect(try analyze(.value, AnalysisFixture.url("pareto_profit.csv"), ["customer": "id", "curve-points": "11"])
            .summary["lorenz_curve"]?.arrayValue?.count == 11)
    }

    @Test func rowsOfOneCustomerAreAdded() throws {
        let file = try TemporaryCSV("customer_id,profit\na,30\nb,10\na,20\nc,-5\nd,10\nb,۵\n")
        let result = try analyze(.value, file.url)
        #expect(result.column("id")! == ["a", "b", "d", "c"])
        #expect(result.column("profit")! == ["50", "15", "10", "-5"])
        #expect(result.summary.number("rows_read") == 6 && result.summary.number("customers") == 4)
        #expect(result.summary.number("unprofitable", "total_profit") == -5)
        // A transaction log works too, with --profit naming the amount column.
        let log = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,30\nb,2024-01-02,10\na,2024-02-01,20\n")
        #expect(try analyze(.value, log.url, ["profit": "amount"]).column("profit")! == ["50", "10"])
    }

    @Test func failures() throws {
        let loss = try TemporaryCSV("customer_id,profit\na,1\nb,-2\n")
        #expect(failure(.value, loss.url)?.message
            == "input.csv: undefined result: total profit is -1.0; profit shares need a positive total")
        let one = try TemporaryCSV("customer_id,profit\na,1\na,2\n")
        #expect(failure(.value, one.url)?.message == "input.csv: Pareto analysis needs at least two customers; only one was found")
        let text = try TemporaryCSV("customer_id,profit\na,1\nb,1,000\n")
        #expect(failure(.value, text.url)?.line == 3)
        let comma = try TemporaryCSV("customer_id,profit\na,1\nb,\"1,000\"\n")
        #expect(failure(.value, comma.url)?.message
            == "input.csv line 3, column 'profit': '1,000' is not a number (use '.' as the decimal point and no thousands separators)")
        let blank = try TemporaryCSV("customer_id,profit\na,1\n,4\n")
        #expect(failure(.value, blank.url)?.message == "input.csv line 3, column 'customer_id': empty cell")
        let nan = try TemporaryCSV("customer_id,profit\na,1\nb,nan\nc,inf\n")
        #expect(failure(.value, nan.url)?.line == 3)
        let huge = try TemporaryCSV("customer_id,profit\na,1\nb,1e400\n")
        #expect(failure(.value, huge.url)?.line == 3)
        #expect(failure(.value, loss.url, ["curve-points": "1"])?.message
            == "option --curve-points must be a whole number from 2 to 1001 (got '1')")
    }
}
