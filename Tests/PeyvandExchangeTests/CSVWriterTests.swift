import Foundation
import Testing
@testable import PeyvandExchange

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhenNeededWithCRLF() {
        let out = CSVWriter.string(rows: [["a", "b,c", "say \"hi\""], ["line\nbreak", " padded", "", "علی"]])
        #expect(out == "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",\" padded\",,علی\r\n")
    }

    @Test func byteOrderMarkForExcel() {
        var writer = CSVWriter(byteOrderMark: true)
        try? writer.write(["نام"])
        #expect(Array(writer.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(Array(writer.bytes.dropFirst(3)) == Array("نام\r\n".utf8))
        #expect(CSVReader.parse(writer.string).map(\.fields) == [["نام"]])
    }

    @Test func formulaInjectionEscaping() {
        let writer = CSVWriter()
        #expect(writer.encode("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0")
        #expect(writer.encode("@SUM(1)") == "'@SUM(1)")
        #expect(writer.encode("+989121234567") == "+989121234567")
        #expect(writer.encode("+98 912 123 4567") == "+98 912 123 4567")
        #expect(writer.encode("-12") == "-12")
        #expect(writer.encode("-12.5") == "-12.5")
        #expect(writer.encode("+1+2") == "'+1+2")
        #expect(writer.encode("-A1") == "'-A1")
        #expect(writer.encode("=1+2,3") == "\"'=1+2,3\"")
        #expect(writer.encode("\tx") == "'\tx")
        #expect(writer.encode("\r=x") == "\"'\r=x\"")
        #expect(writer.encode("a=b") == "a=b")
        #expect(writer.encode("علی") == "علی")
        #expect(CSVWriter(escapeFormulas: false).encode("=1") == "=1")
        #expect(CSVFormulaEscaping.unescape("'=cmd") == "=cmd")
        #expect(CSVFormulaEscaping.unescape("'quoted") == "'quoted")
        #expect(CSVWriter.string(rows: [["=HYPERLINK(\"x\")", "-12", "+989121234567"]])
            == "\"'=HYPERLINK(\"\"x\"\")\",-12,+989121234567\r\n")
    }

    @Test func roundTripThroughReader() throws {
        let rows = [
            ["نام", "تلفن", "یادداشت"],
            ["علی رضایی", "+989121234567", "مشتری \"ویژه\", تهران\r\nخط دوم"],
            ["Sara, Jr.", "-12.5", "multi\nline\rcell"],
            ["", " spaced ", "tab\tinside"],
            ["@home", "=1+1", "'already"],
        ]
        var writer = CSVWriter(byteOrderMark: true)
        try writer.write(rows: rows)
        var reader = CSVReader(bytes: writer.bytes)
        let (records, issues) = try readAll(&reader)
        #expect(issues.isEmpty)
        #expect(reader.delimiter == .comma)
        var expected = rows
        expected[4] = ["'@home", "'=1+1", "'already"]
        #expect(records.map(\.fields) == expected)
        #expect(records.map(\.line) == [1, 2, 4, 7, 8])
        #expect(records[4].fields.map(CSVFormulaEscaping.unescape) == rows[4])
    }

    @Test func streamsToFileHandle() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peyvand-writer-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        var writer = CSVWriter(fileHandle: handle, delimiter: .semicolon, byteOrderMark: true)
        try writer.write(["id", "نام"])
        for i in 1...10_000 { try writer.write(["\(i)", "مشتری; \(i)"]) }
        try writer.finish()
        try handle.close()
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        var reader = CSVReader(bytes: bytes)
        let (records, issues) = try readAll(&reader)
        #expect(issues.isEmpty)
        #expect(reader.delimiter == .semicolon)
        #expect(records.count == 10_001)
        #expect(records[10_000].fields == ["10000", "مشتری; 10000"])
    }
}
