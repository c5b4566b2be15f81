import Foundation
import PeyvandAnalytics
import PeyvandCore

/// A CSV file read in full by ``CSVReader`` for an analysis: the header and
/// the data rows with their line numbers.
///
/// * Encoding (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1256) and
///   delimiter are detected unless `--encoding` / `--delimiter` say otherwise.
/// * Rows whose cells are all empty are skipped; trailing empty header cells,
///   and empty cells beyond the header (Excel's stray commas), are dropped; any other row with a
///   different number of cells than the header fails, naming its line.
struct AnalysisTable {
    struct Row {
        var line: Int
        var fields: [String]
    }

    /// The file's name, used in messages.
    let file: String
    let header: [String]
    let rows: [Row]

    static func load(_ url: URL, options: OptionReader) throws(AnalysisFailure) -> AnalysisTable {
        let file = url.lastPathComponent
        let delimiter: CSVDelimiter?
        switch try options.string("delimiter")?.lowercased() {
        case nil, "auto": delimiter = nil
        case ",", "comma": delimiter = .comma
        case ";", "semicolon": delimiter = .semicolon
        case "tab", "\t", "\\t": delimiter = .tab
        case "|", "pipe": delimiter = .pipe
        case let other?: throw .option("option --delimiter must be one of comma, semicolon, tab, pipe, auto (got '\(other)')")
        }
        let encoding: SourceEncoding?
        switch try options.string("encoding")?.lowercased() {
        case nil, "auto": encoding = nil
        case let name?:
            let key = name.replacingOccurrences(of: "-", with: "")
            guard let e = SourceEncoding.allCases.first(where: { $0.rawValue == key }) else {
                throw .option("option --encoding must be one of utf8, utf16le, utf16be, windows1256, auto (got '\(name)')")
            }
            encoding = e
        }

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .file(url.path, "no such file")
        }
        guard !isDirectory.boolValue else { throw .file(url.path, "is a directory, not a CSV file") }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw .file(url.path, "cannot open: \(error.localizedDescription)")
        }
        defer { try? handle.close() }

        var reader = CSVReader(fileHandle: handle, delimiter: delimiter, encoding: encoding)
        var header: [String]?
        var rows: [Row] = []
        while true {
            let next: Result<CSVRecord, CSVIssue>?
            do { next = try reader.next() } catch {
                throw .file(file, "cannot read: \(error.localizedDescription)")
            }
            guard let next else { break }
            let record: CSVRecord
            switch next {
            case .success(let r): record = r
            case .failure(let issue): throw .row(file, line: issue.line, Self.reason(issue))
            }
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.allSatisfy(\.isEmpty) { continue }
            guard let columns = header else {
                var names = fields
                while names.last?.isEmpty == true { names.removeLast() }  // Excel's stray commas
                header = names
                continue
            }
            var cells = fields
            if cells.count > columns.count, cells[columns.count...].allSatisfy(\.isEmpty) {
                cells.removeLast(cells.count - columns.count)
            }
            guard cells.count == columns.count else {
                throw .row(file, line: record.line, "the row has \(cells.count) cells but the header has \(columns.count)")
            }
            rows.append(Row(line: record.line, fields: cells))
        }
        guard let header else { throw .file(file, "no rows: the file is empty") }
        guard !rows.isEmpty else { throw .file(file, "no rows: the file has a header but no data rows") }
        return AnalysisTable(file: file, header: header, rows: rows)
    }

    private static func reason(_ issue: CSVIssue) -> String {
        switch issue.reason {
        case .unterminatedQuote: return "a quoted cell is never closed"
        case .quoteInUnquotedField: return "a quote (\") inside a cell that does not start with one"
        case .textAfterClosingQuote: return "text after a closing quote"
        case .cellTooLarge(let limit): return "a cell is larger than \(limit) bytes"
        case .tooManyFields(let limit): return "the row has more than \(limit) cells"
        }
    }

    /// The index of the column named `name` (given by `--option`): exact
    /// match first, then ignoring case and Persian/Arabic letter variants.
    func column(_ name: String, option: String) throws(AnalysisFailure) -> Int {
        let exact = header.indices.filter { header[$0] == name }
        let matches = exact.isEmpty
            ? header.indices.filter { PersianText.searchKey(header[$0]) == PersianText.searchKey(name) } : exact
        if matches.count > 1 {
            throw .file(file, "column '\(name)' (--\(option)) appears \(matches.count) times in the header")
        }
        guard let index = matches.first else {
            let list = header.map { "'\($0)'" }.joined(separator: ", ")
            throw AnalysisFailure(
                kind: .file, message: "\(file): column '\(name)' (--\(option)) not found; the header has \(list)",
                column: name)
        }
        return index
    }

    func hasColumn(_ name: String) -> Bool {
        header.contains { $0 == name || PersianText.searchKey($0) == PersianText.searchKey(name) }
    }

    /// The header's spelling of column `index`.
    func name(_ index: Int) -> String { header[index] }

    /// A non-empty text cell (ids, groups).
    func text(_ row: Row, _ column: Int) throws(AnalysisFailure) -> String {
        let value = row.fields[column]
        guard !value.isEmpty else { throw .cell(file, line: row.line, column: header[column], "empty cell") }
        return value
    }

    /// A finite number.
    func number(_ row: Row, _ column: Int) throws(AnalysisFailure) -> Double {
        let value = row.fields[column]
        guard !value.isEmpty else {
            throw .cell(file, line: row.line, column: header[column], "empty cell; a number is needed")
        }
        guard let x = NumberText.parse(value) else {
            throw .cell(
                file, line: row.line, column: header[column],
                "'\(value)' is not a number (use '.' as the decimal point and no thousands separators)")
        }
        return x
    }

    /// A 0/1 outcome.
    func outcome(_ row: Row, _ column: Int) throws(AnalysisFailure) -> Bool {
        let value = row.fields[column]
        guard let b = NumberText.parseBool(value) else {
            throw .cell(file, line: row.line, column: header[column], "'\(value)' is not 0/1 or true/false")
        }
        return b
    }

    /// A calendar day number.
    func day(_ row: Row, _ column: Int, _ calendar: CalendarMode) throws(AnalysisFailure) -> Int {
        switch calendar.day(row.fields[column]) {
        case .success(let d): return d
        case .failure(let problem): throw .cell(file, line: row.line, column: header[column], problem.reason)
        }
    }

    /// Row ids from `--id` (or `1, 2, …` data row numbers without it); ids must be unique.
    func ids(option: String, name: String?) throws(AnalysisFailure) -> [String] {
        guard let name else { return rows.indices.map { String($0 + 1) } }
        let column = try column(name, option: option)
        var seen: [String: Int] = [:]
        var ids: [String] = []
        for row in rows {
            let id = try text(row, column)
            if let first = seen[id] {
                throw .cell(file, line: row.line, column: header[column], "id '\(id)' already appears on line \(first)")
            }
            seen[id] = row.line
            ids.append(id)
        }
        return ids
    }
}

extension AnalysisTable {
    /// Numeric feature columns named by `--option`, checked cell by cell.
    func features(_ names: [String], option: String) throws(AnalysisFailure) -> [FeatureColumn] {
        var columns: [FeatureColumn] = []
        var used = Set<Int>()
        for name in names {
            let index = try column(name, option: option)
            guard used.insert(index).inserted else { throw .option("option --\(option) names column '\(header[index])' twice") }
            var values: [Double] = []
            values.reserveCapacity(rows.count)
            for row in rows { values.append(try number(row, index)) }
            columns.append(FeatureColumn(name: header[index], values: values))
        }
        return columns
    }

    /// Row ids: the `--id` column if given, else a column named `id` if there
    /// is one, else data row numbers 1, 2, …. Also returns the column used.
    func rowIDs(_ options: OptionReader) throws(AnalysisFailure) -> (ids: [String], column: String?) {
        if let name = try options.string("id") {
            return (try ids(option: "id", name: name), name)
        }
        if hasColumn("id") { return (try ids(option: "id", name: "id"), "id") }
        return (try ids(option: "id", name: nil), nil)
    }
}
