import Foundation
import Testing
@testable import PeyvandExchange
import PeyvandCore

@Suite struct CSVReaderTests {
    @Test func readsCP1256FixtureFromFile() throws {
        let bytes = try fixtureBytes("customers-cp1256", "csv")
        let (records, issues, encoding) = try withTemporaryFile(bytes) { handle in
            var reader = CSVReader(fileHandle: handle)
            let (records, issues) = try readAll(&reader)
            return (records, issues, reader.encoding)
        }
        #expect(encoding == .windows1256)
        #expect(issues.isEmpty)
        #expect(records == [
            CSVRecord(fields: ["نام", "تلفن", "شهر"], line: 1),
            CSVRecord(fields: ["علي رضايي", "09121234567", "تهران"], line: 2),
            CSVRecord(fields: ["کيوان گلچين", "+989351112233", "اصفهان، ايران"], line: 3),
        ])
        // The Arabic yeh that Windows-1256 forces is folded by PeyvandCore's search key.
        #expect(PersianText.searchKey(records[1].fields[0]) == PersianText.searchKey("علی رضایی"))
    }

    @Test func skipsUTF8BOM() {
        let records = CSVReader.parse("\u{FEFF}name,phone\nAli,0912\n")
        #expect(records.map(\.fields) == [["name", "phone"], ["Ali", "0912"]])
        var reader = CSVReader(bytes: [0xEF, 0xBB, 0xBF] + Array("نام;تلفن\r\n".utf8))
        #expect((try? reader.next()) == .success(CSVRecord(fields: ["نام", "تلفن"], line: 1)))
        #expect(reader.delimiter == .semicolon)
    }

    @Test func quotedFieldsWithNewlinesQuotesAndDelimiters() {
        let text = "id,note,city\r\n1,\"line one\r\nline \"\"two\"\", with comma\",تهران\r\n2,\"\",\"x\"\n3,last,\"\"\"q\"\"\""
        let (records, issues) = CSVReader.parseReportingIssues(text)
        #expect(issues.isEmpty)
        #expect(records == [
            CSVRecord(fields: ["id", "note", "city"], line: 1),
            CSVRecord(fields: ["1", "line one\r\nline \"two\", with comma", "تهران"], line: 2),
            CSVRecord(fields: ["2", "", "x"], line: 4),
            CSVRecord(fields: ["3", "last", "\"q\""], line: 5),
        ])
    }

    @Test func lineEndingsAndBlankLines() {
        let records = CSVReader.parse("a,b\rc,d\r\n\r\ne,f\n\ng,\n")
        #expect(records == [
            CSVRecord(fields: ["a", "b"], line: 1),
            CSVRecord(fields: ["c", "d"], line: 2),
            CSVRecord(fields: ["e", "f"], line: 4),
            CSVRecord(fields: ["g", ""], line: 6),
        ])
    }

    @Test func detectsDelimiter() {
        #expect(CSVDelimiter.detect(firstLineOf: Array("a,b,c".utf8)) == .comma)
        #expect(CSVDelimiter.detect(firstLineOf: Array("\"a,1\";b;c".utf8)) == .semicolon)
        #expect(CSVDelimiter.detect(firstLineOf: Array("a\tb,c\td".utf8)) == .tab)
        #expect(CSVDelimiter.detect(firstLineOf: Array("a|b|c\nx,y,z,w,v".utf8)) == .pipe)
        #expect(CSVDelimiter.detect(firstLineOf: Array("single".utf8)) == .comma)
        #expect(CSVReader.parse("a|b\n1,5|2\n").map(\.fields) == [["a", "b"], ["1,5", "2"]])
        #expect(CSVReader.parse("a;b\n1,5;2\n", delimiter: .comma).map(\.fields) == [["a;b"], ["1", "5;2"]])
    }

    @Test func unterminatedQuoteReportedWithItsLine() {
        let (records, issues) = CSVReader.parseReportingIssues("name,note\nAli,ok\nSara,\"open\nstill open\n")
        #expect(records.map(\.line) == [1, 2])
        #expect(issues == [CSVIssue(line: 3, reason: .unterminatedQuote)])
        #expect(issues[0].description == "line 3: unterminated quoted field")
    }

    @Test func strayQuotesAreRowIssues() {
        let (records, issues) = CSVReader.parseReportingIssues("a,b\nab\"c,d\n\"x\"y,z\nok,1\n")
        #expect(records == [CSVRecord(fields: ["a", "b"], line: 1), CSVRecord(fields: ["ok", "1"], line: 4)])
        #expect(issues == [
            CSVIssue(line: 2, reason: .quoteInUnquotedField),
            CSVIssue(line: 3, reason: .textAfterClosingQuote),
        ])
    }

    @Test func hugeCellIsReportedAndFollowingRowsStillRead() throws {
        // A 2 MB quoted cell (with newlines in it) on line 3, read through 64 KiB chunks.
        let big = String(repeating: "x", count: 999_999) + "\n" + String(repeating: "ی", count: 500_000)
        let text = "name,note\r\nAli,short\r\nBig,\"\(big)\"\r\nSara,after\r\nReza,\"end\"\r\n"
        let result = try withTemporaryFile(Array(text.utf8)) { handle in
            var reader = CSVReader(fileHandle: handle)
            return try readAll(&reader)
        }
        #expect(result.issues == [CSVIssue(line: 3, reason: .cellTooLarge(limit: 1_048_576))])
        #expect(result.records == [
            CSVRecord(fields: ["name", "note"], line: 1),
            CSVRecord(fields: ["Ali", "short"], line: 2),
            CSVRecord(fields: ["Sara", "after"], line: 5),
            CSVRecord(fields: ["Reza", "end"], line: 6),
        ])
    }

    @Test func smallCellLimitAndFieldLimit() throws {
        var reader = CSVReader(bytes: Array("a,b\n123456,1\nx,y\n1,2,3\n".utf8), cellLimit: 5, fieldLimit: 2)
        let (records, issues) = try readAll(&reader)
        #expect(records.map(\.fields) == [["a", "b"], ["x", "y"]])
        #expect(issues == [CSVIssue(line: 2, reason: .cellTooLarge(limit: 5)), CSVIssue(line: 4, reason: .tooManyFields(limit: 2))])
    }

    @Test func raggedRowsKeepTheirLineNumbers() {
        let records = CSVReader.parse("name,phone,city\nAli,0912,Tehran\nSara,0935\n\"Reza\nJr\",0901,Shiraz,extra\nNima,0911,Rasht\n")
        let width = records[0].fields.count
        let ragged = records.dropFirst().filter { $0.fields.count != width }
        #expect(ragged.map(\.line) == [3, 4])
        #expect(ragged.map(\.fields.count) == [2, 4])
        #expect(records.last == CSVRecord(fields: ["Nima", "0911", "Rasht"], line: 6))
    }

    @Test func utf16TabSeparatedFromExcel() throws {
        let text = "نام\tتلفن\r\nعلی\t+989121234567\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var reader = CSVReader(bytes: bytes)
        let (records, issues) = try readAll(&reader)
        #expect(issues.isEmpty)
        #expect(reader.encoding == .utf16le)
        #expect(reader.delimiter == .tab)
        #expect(records.map(\.fields) == [["نام", "تلفن"], ["علی", "+989121234567"]])
    }

    @Test func manyRowsAcrossChunkBoundaries() throws {
        var text = "n,name,note\r\n"
        for i in 1...20_000 { text += "\(i),\"نام \(i)\",\"a,\"\"b\"\"\nc\"\r\n" }
        var reader = CSVReader(bytes: Array(text.utf8))
        let (records, issues) = try readAll(&reader)
        #expect(issues.isEmpty)
        #expect(records.count == 20_001)
        #expect(records[12_345] == CSVRecord(fields: ["12345", "نام 12345", "a,\"b\"\nc"], line: 2 * 12_345))
    }

    @Test func emptyInput() {
        #expect(CSVReader.parse("").isEmpty)
        #expect(CSVReader.parse("\r\n\n").isEmpty)
        #expect(CSVReader.parse("\"\"") == [CSVRecord(fields: [""], line: 1)])
    }
}
