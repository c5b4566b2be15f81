import Foundation
import PeyvandCore
import PeyvandExchange

/// The rows of an import file as every importer reads them: the header once, then each row with
/// its line, or a problem for a row that cannot be read or has a different number of cells than
/// the header. Formula escaping from exports is undone in every cell.
struct ImportRows {
    enum Item {
        case header([String])
        case row(line: Int, cells: [String])
        case problem(ImportReport.RowProblem)
    }

    private var reader: CSVReader
    private var width: Int?

    init(_ file: FileHandle) {
        reader = CSVReader(fileHandle: file)
    }

    /// The encoding detected so far (`utf8`, `windows1256`, …).
    var encoding: String { reader.encoding?.rawValue ?? "" }

    mutating func next() throws -> Item? {
        guard let next = try reader.next() else { return nil }
        switch next {
        case .failure(let issue):
            return .problem(.init(line: issue.line, reasons: [issue.description]))
        case .success(let record):
            guard let width else {
                self.width = record.fields.count
                return .header(record.fields)
            }
            guard record.fields.count == width else {
                let reason = "has \(record.fields.count) cells; the header has \(width)"
                return .problem(.init(line: record.line, reasons: [reason], issues: [
                    FieldIssue(field: "row", reason: reason, code: "csv.cellCount", params: ["cells": "\(record.fields.count)", "width": "\(width)"]),
                ]))
            }
            return .row(line: record.line, cells: record.fields.map(CSVFormulaEscaping.unescape))
        }
    }
}
