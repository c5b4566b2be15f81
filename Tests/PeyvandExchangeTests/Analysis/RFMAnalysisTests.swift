import Foundation
import Testing
import PeyvandAnalytics
import PeyvandCore
import PeyvandExchange

@Suite struct RFMAnalysisTests {
    static func gregorian(_ day: Int) -> String {
        let g = JalaliDate(daysSinceUnixEpoch: day).gregorian
        return String(format: "%04d-%02d-%02d", g.year, g.month, g.day)
    }

    /// rfm_transactions.csv (day numbers) rewritten with calendar dates.
    static func transactionFile(jalali: Bool = false) throws -> TemporaryCSV {
        let rows = try AnalysisFixture.csv("rfm_transactions.csv").map { row in
            let day = Int(row["day"]!)!
            let date = jalali
                ? PersianText.persianDigits(JalaliDate(daysSinceUnixEpoch: day).formatted(.numeric, digits: .latin))
                : gregorian(day)
            return "\(row["customer"]!),\(date),\(row["amount"]!)"
        }
        return try TemporaryCSV(csvText("customer_id,date,amount", rows.reversed()))
    }

    func checkAgainstPandas(_ result: AnalysisResult) throws {
        let expected = try AnalysisFixture.csv("rfm_expected.csv")
        #expect(result.header == ["id", "recency", "frequency", "monetary", "r", "f", "m", "segment"])
        #expect(result.column("id")! == expected.map { $0["id"]! })
        #expect(result.column("recency")! == expected.map { $0["recency"]! })
        #expect(result.column("frequency")! == expected.map { $0["frequency"]! })
        #expect(maxRelativeDifference(result.numbers("monetary"), expected.map { Double($0["total"]!)! }) < 1e-9)
        #expect(result.column("r")! == expected.map { $0["r"]! })
        #expect(result.column("f")! == expected.map { $0["f"]! })
        #expect(result.column("m")! == expected.map { $0["m"]! })
        let segments = expected.map { RFMSegment(recencyScore: Int($0["r"]!)!, frequencyScore: Int($0["f"]!)!).rawValue }
        #expect(result.column("segment")! == segments)
        let counts = result.summary["segments"]!.arrayValue!.map { $0.number("customers") }
        #expect(Int(counts.reduce(0, +)) == expected.count)
        #expect(result.summary["customers"]?.doubleValue == Double(expected.count))
    }

    @Test func matchesPandasReference() throws {
        let file = try Self.transactionFile()
        let result = try analyze(.rfm, file.url, ["as-of": Self.gregorian(20000)])
        try checkAgainstPandas(result)
        #expect(result.summary.at("as_of", "gregorian")?.stringValue == Self.gregorian(20000))
        // The same numbers as the model called directly.
        let log = try AnalysisFixture.csv("rfm_transactions.csv").map {
            Transaction(customerID: $0["customer"]!, day: Int($0["day"]!)!, amount: Double($0["amount"]!)!)
        }
        let direct = try RFM.analyze(log, asOf: 20000)
        #expect(result.column("segment")! == direct.map(\.segment.rawValue))
        // Segment names in both languages.
        let champions = result.summary["segments"]!.arrayValue!.first { $0["segment"]?.stringValue == "champions" }
        #expect(champions?["name_fa"]?.stringValue == "قهرمانان")
        #expect(champions?["name_en"]?.stringValue == "Champions")
    }

    @Test func jalaliDatesWithPersianDigits() throws {
        let file = try Self.transactionFile(jalali: true)
        let asOf = PersianText.persianDigits(JalaliDate(daysSinceUnixEpoch: 20000).formatted(.numeric, digits: .latin))
        let result = try analyze(.rfm, file.url, ["calendar": "jalali", "as-of": asOf])
        try checkAgainstPandas(result)
        let auto = try analyze(.rfm, file.url, ["calendar": "auto", "as-of": Self.gregorian(20000)])
        #expect(auto.rows == result.rows)
        // Without --calendar the Jalali dates are refused with a hint.
        let f = failure(.rfm, file.url)
        #expect(f?.line == 2)
        #expect(f?.message.contains("--calendar jalali") == true, "\(f?.message ?? "")")
    }

    static let handLog = """
        customer_id,date,amount
        ali,2024-04-09,50
        ali,2024-03-31,30
        ali,2024/03/21,20
        bita,2024-01-11,500
        bita,2024-01-13T10:00:00Z,100
        cyrus,2024-03-01,5
        dara,2024-04-05,40
        elham,2024-01-31,15
        elham,2024-02-10,15
        elham,2024-02-20,15
        elham,2024-03-11,15
        dara,2024-04-11,999
        """

    @Test func handExampleAndDefaultAsOf() throws {
        // Day 100 of RFMTests.handCheckedExample = 2024-04-10 here (day 0 = 2024-01-01).
        let file = try TemporaryCSV(Self.handLog)
        let result = try analyze(.rfm, file.url, ["as-of": "2024-04-10"])
        #expect(result.column("id")! == ["ali", "bita", "cyrus", "dara", "elham"])
        #expect(result.column("recency")! == ["1", "88", "40", "5", "30"])
        #expect(result.rows.map { $0[4] + $0[5] + $0[6] } == ["544", "135", "211", "422", "353"])
        #expect(result.column("segment")! == ["champions", "at_risk", "hibernating", "potential_loyalist", "loyal"])
        let warnings = result.summary["warnings"]!.arrayValue!.compactMap(\.stringValue)
        #expect(warnings.contains { $0.contains("1 transactions after the analysis date") })
        // Default: the day after the last transaction (2024-04-12); dara's 999 now counts.
        let latest = try analyze(.rfm, file.url)
        #expect(latest.summary.at("as_of", "gregorian")?.stringValue == "2024-04-12")
        #expect(latest.rows[3][1] == "1" && latest.rows[3][3] == "1039")
        // Mean spend.
        let mean = try analyze(.rfm, file.url, ["as-of": "2024-04-10", "monetary": "mean"])
        #expect(mean.column("monetary")! == ["33.33333333", "300", "5", "40", "15"])
        // Renamed columns.
        let renamed = try TemporaryCSV(Self.handLog.replacingOccurrences(of: "customer_id,date,amount", with: "مشتری;تاریخ;مبلغ")
            .replacingOccurrences(of: ",", with: ";"))
        let r2 = try analyze(.rfm, renamed.url, ["customer": "مشتری", "date": "تاریخ", "amount": "مبلغ", "as-of": "2024-04-10"])
        #expect(r2.rows == result.rows)
    }

    @Test func nonPositiveAmounts() throws {
        let file = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\nb,2024-01-02,-4\nb,2024-01-03,0\nc,2024-01-05,3\n")
        let f = failure(.rfm, file.url)
        #expect(f?.line == 3 && f?.column == "amount")
        #expect(f?.message == "input.csv line 3, column 'amount': amount must be positive; use --drop-nonpositive to skip returns (got '-4')")
        let result = try analyze(.rfm, file.url, ["drop-nonpositive": "true"])
        #expect(result.column("id")! == ["a", "c"])  // b had only returns
        let warnings = result.summary["warnings"]!.arrayValue!.compactMap(\.stringValue)
        #expect(warnings.contains { $0.hasPrefix("2 rows with a zero or negative amount") })
        let clv = failure(.clv, file.url)
        #expect(clv?.line == 3)
    }

    @Test func badDatesNameTheLine() throws {
        let file = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\nb,2024-02-30,4\n")
        let f = failure(.rfm, file.url)
        #expect(f?.line == 3 && f?.column == "date")
        #expect(f?.message.contains("month 2 of 2024 has no day 30") == true, "\(f?.message ?? "")")
        let words = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\nb,yesterday,4\n")
        #expect(failure(.rfm, words.url)?.message == "input.csv line 3, column 'date': cannot read 'yesterday' as a date (expected e.g. 2024-03-20)")
        let jalali = try TemporaryCSV("customer_id,date,amount\na,1403/12/30,10\nb,1403/01/01,4\n")
        // 1403 is a leap year: 30 Esfand exists. 1404 is not.
        #expect(try analyze(.rfm, jalali.url, ["calendar": "jalali"]).rows.count == 2)
        let notLeap = try TemporaryCSV("customer_id,date,amount\na,1404/12/30,10\nb,1403/01/01,4\n")
        let g = failure(.rfm, notLeap.url, ["calendar": "jalali"])
        #expect(g?.line == 2 && g?.message.contains("not a valid Jalali date") == true, "\(g?.message ?? "")")
    }

    @Test func inputProblems() throws {
        let empty = try TemporaryCSV("")
        #expect(failure(.rfm, empty.url)?.message == "input.csv: no rows: the file is empty")
        let headerOnly = try TemporaryCSV("customer_id,date,amount\n")
        #expect(failure(.rfm, headerOnly.url)?.message == "input.csv: no rows: the file has a header but no data rows")
        let one = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\na,2024-01-05,12\n")
        #expect(failure(.rfm, one.url)?.message.contains("needs at least two customers") == true)
        let wrong = try TemporaryCSV("customer,date,amount\na,2024-01-01,10\n")
        let f = failure(.rfm, wrong.url)
        #expect(f?.message == "input.csv: column 'customer_id' (--customer) not found; the header has 'customer', 'date', 'amount'")
        let ragged = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\nb,2024-01-02\n")
        #expect(failure(.rfm, ragged.url)?.message == "input.csv line 3: the row has 2 cells but the header has 3")
        let text = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\nb,2024-01-02,1,5\n")
        #expect(failure(.rfm, text.url)?.line == 3)
        let number = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\nb,2024-01-02,12abc\n")
        #expect(failure(.rfm, number.url)?.message.hasPrefix("input.csv line 3, column 'amount': '12abc' is not a number") == true)
        let missing = TemporaryURL.missing
        #expect(failure(.rfm, missing)?.message.hasSuffix(": no such file") == true)
        let asOf = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\nb,2024-01-02,12\n")
        #expect(failure(.rfm, asOf.url, ["as-of": "2023-12-01"])?.message.contains("before the first transaction") == true)
        let today = try analyze(.rfm, asOf.url, ["as-of": "today"])
        #expect(today.summary.at("as_of", "gregorian")?.stringValue == "2025-01-15")
        #expect(today.summary.at("as_of", "jalali")?.stringValue == "1403-10-26")
        let future = try TemporaryCSV("customer_id,date,amount\na,2024-01-01,10\nb,2025-03-01,12\n")
        #expect(try analyze(.rfm, future.url).summary["warnings"]?.arrayValue?.first?.stringValue
            == "1 transactions are dated after today (2025-01-15)")
        #expect(failure(.rfm, asOf.url, ["as-of": "soon"])?.message.hasPrefix("option --as-of: cannot read 'soon'") == true)
    }
}

enum TemporaryURL {
    static let missing = FileManager.default.temporaryDirectory.appendingPathComponent("peyvand-no-such-\(UUID().uuidString).csv")
}
