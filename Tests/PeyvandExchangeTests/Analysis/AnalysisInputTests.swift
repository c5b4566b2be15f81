import Foundation
import Testing
import PeyvandAnalytics
@testable import PeyvandExchange

@Suite struct AnalysisInputTests {
    @Test func jsonIsPrettySortedAndEscaped() {
        let json = AnalysisJSON.object([
            "b": .array([.number(1), .number(0.25), .number(-3e-17), .null, .bool(true)]),
            "a": .string("قهرمانان \"x\"\n\u{1}"),
            "c": .object([:]),
            "d": .array([]),
        ])
        #expect(json.encoded() == """
            {
              "a": "قهرمانان \\"x\\"\\n\\u0001",
              "b": [
                1,
                0.25,
                -3e-17,
                null,
                true
              ],
              "c": {},
              "d": []
            }
            """)
        let data = Data(json.encoded().utf8)
        #expect((try? JSONSerialization.jsonObject(with: data)) != nil)
        #expect(AnalysisJSON.object(["x": .array([.number(1), .number(.nan)])]).firstNonFinitePath() == "x[1]")
        #expect(AnalysisJSON.object(["x": .object(["y": .number(.infinity)])]).firstNonFinitePath() == "x.y")
        #expect(AnalysisJSON.number(.nan).encoded() == "null")
    }

    @Test func optionParsing() throws {
        let options = try AnalysisRequest.parseOptions(["--features", "a,b", "--summary", "--k=auto", "--discount-rate", "-0.5"])
        #expect(options == ["features": "a,b", "summary": "true", "k": "auto", "discount-rate": "-0.5"])
        #expect(throws: AnalysisFailure.self) { try AnalysisRequest.parseOptions(["--k"]) }
        #expect(throws: AnalysisFailure.self) { try AnalysisRequest.parseOptions(["--k", "2", "--k", "3"]) }
        #expect(throws: AnalysisFailure.self) { try AnalysisRequest.parseOptions(["k", "2"]) }
        // Keys may keep their dashes.
        let file = try TemporaryCSV("customer_id,profit\na,3\nb,1\n")
        #expect(try analyze(.value, file.url, ["--profit": "profit"]).rows.count == 2)
        #expect(failure(.value, file.url, ["--profit": "profit", "profit": "profit"])?.message == "option --profit is given twice")
        #expect(failure(.value, file.url, ["profit": "  "])?.message == "option --profit needs a value")
        #expect(AnalysisRunner.knownOptions(for: .value) == ["curve-points", "customer", "delimiter", "encoding", "profit"])
    }

    @Test func numbersAndDates() {
        #expect(NumberText.parse("۱۲٫۵") == 12.5)
        #expect(NumberText.parse(" -3.5e2 ") == -350)
        #expect(NumberText.parse(".5") == 0.5)
        for bad in ["", "1,5", "1.2.3", "inf", "nan", "0x10", "1e", "--1", "1e400", "12 000"] {
            #expect(NumberText.parse(bad) == nil, "\(bad)")
        }
        #expect(NumberText.format(1.0 / 3) == "0.3333333333")
        #expect(NumberText.format(-0.000012345) == "-0.000012345")
        #expect(NumberText.format(1e20) == "100000000000000000000")
        #expect(NumberText.format(-0.0) == "0")
        #expect(NumberText.format(2.5e-16) == "0.00000000000000025")
        #expect(NumberText.format(-1e-30) == "0")
        #expect(CalendarMode.gregorian.day("2024-03-20T23:59:59+03:30") == CalendarMode.gregorian.day("2024-03-20"))
        #expect(CalendarMode.jalali.day("۱۴۰۳/۰۱/۰۱") == CalendarMode.gregorian.day("2024/03/20"))
        #expect(CalendarMode.auto.day("1403-1-1") == CalendarMode.auto.day("2024-03-20"))
        if case .failure(let p) = CalendarMode.gregorian.day("2024-03-20Tnoon") { #expect(p.reason.contains("cannot read")) } else {
            Issue.record("accepted a bad time")
        }
    }

    @Test func encodingsAndDelimiters() throws {
        let text = "customer_id;profit\r\nعلی;30\r\nرضا;10\r\n"
        // UTF-16 LE with BOM (Excel "Unicode text").
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let utf16File = try TemporaryCSV(bytes: utf16)
        let a = try analyze(.value, utf16File.url)
        #expect(a.column("id")! == ["علی", "رضا"])
        // UTF-8 with BOM, semicolons.
        let bomFile = try TemporaryCSV(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let b = try analyze(.value, bomFile.url)
        #expect(b.rows == a.rows)
        // Windows-1256: ع = 0xDA, ل = 0xE1, ی (ي) = 0xED.
        let cp1256: [UInt8] = Array("customer_id,profit\n".utf8) + [0xDA, 0xE1, 0xED] + Array(",5\nb,1\n".utf8)
        let cpFile = try TemporaryCSV(bytes: cp1256)
        let c = try analyze(.value, cpFile.url)
        #expect(c.rows.count == 2 && c.rows[0][0].unicodeScalars.count == 3)
        let forced = try TemporaryCSV("customer_id|profit\na|5\nb|1\n")
        #expect(try analyze(.value, forced.url, ["delimiter": "pipe"]).rows.count == 2)
        #expect(failure(.value, forced.url, ["delimiter": "colon"])?.kind == .option)
        #expect(failure(.value, forced.url, ["encoding": "latin1"])?.kind == .option)
        // Trailing empty cells and blank rows are tolerated.
        let excel = try TemporaryCSV("customer_id,profit,,\na,5,,\n,,,\nb,1\n")
        #expect(try analyze(.value, excel.url).rows.count == 2)
        let quote = try TemporaryCSV("customer_id,profit\na,5\n\"b,1\n")
        #expect(failure(.value, quote.url)?.message == "input.csv line 3: a quoted cell is never closed")
    }

    @Test func resultAsCSV() throws {
        let file = try TemporaryCSV("customer_id,profit\n=cmd,3\nb,-1\nc,2\n")
        let result = try analyze(.value, file.url)
        let csv = result.csv(byteOrderMark: false)
        #expect(csv == "id,profit,rank,decile,cumulative_share\r\n'=cmd,3,1,1,0.75\r\nc,2,2,4,1.25\r\nb,-1,3,7,1\r\n")
        #expect(result.csv().hasPrefix("\u{FEFF}id"))
        #expect(result.summary["model"] == .string("value"))
        #expect(result.summary["generated_at"] == .string("2025-01-15T12:00:00.000Z"))
    }

    @Test func unknownOptionsAreRefusedForEveryModel() throws {
        let file = try TemporaryCSV("a,b\n1,2\n")
        for model in AnalysisModel.allCases {
            let f = failure(model, file.url, ["colour": "blue"])
            #expect(f?.kind == .option && f?.message.hasPrefix("unknown option --colour for 'analyze \(model.rawValue)'") == true)
        }
    }
}

@Suite struct AnalysisFailureTests {
    @Test func everyModelErrorReadsAsOneLine() {
        let errors: [PeyvandAnalytics.AnalyticsError] = [
            .emptyInput("x"), .singleCustomer("RFM scoring"), .noRepeatPurchases, .nonPositiveAmount(customerID: "a", amount: -1),
            .invalidInput("why"), .constantCovariate("c"), .collinearCovariate("c"), .noConvergence(model: "m", iterations: 3),
            .undefined("why"), .nonFiniteValue(field: "f", row: 1), .tooFewRows("k-means", needed: 3, got: 2),
            .singleClass("labels"), .perfectSeparation("logistic regression"),
        ]
        for error in errors {
            let failure = AnalysisFailure.analytics(error, file: "f.csv", lines: [2, 5])
            #expect(failure.description.hasPrefix("f.csv"), "\(failure)")
            #expect(!failure.description.contains("\n"))
        }
        #expect(AnalysisFailure.analytics(.nonFiniteValue(field: "f", row: 1), file: "f.csv", lines: [2, 5]).line == 5)
        #expect(AnalysisFailure.analytics(.noRepeatPurchases, file: "f.csv").message
            == "f.csv: nobody bought twice: BG/NBD cannot be fitted (every customer has frequency 0)")
    }
}
