import Foundation
import PeyvandCore
import PeyvandStore

/// What the sales-history import page (`history-import.mustache`) renders: the upload form, a
/// problem with the file, and the report of a dry run or an import.
struct HistoryImportModel {
    struct Problem { let line: String, parts: [ImportProblemText.Part] }
    struct Result {
        let dryRun: Bool, committed: Bool, refused: Bool, rows: String, orders: String, already: String, invalid: String, encoding: String
        let problems: [Problem], canImport: Bool, token: String
    }

    var formError: String? = nil
    var errors: [FieldError] = []
    var skipInvalid = false
    var result: Result? = nil
}

extension HistoryImportModel.Result {
    init(_ report: TransactionImporter.Report, dryRun: Bool, canImport: Bool, token: String, text x: PageText) {
        self.init(dryRun: dryRun, committed: report.committed, refused: report.refused && !dryRun, rows: x.number(report.rows),
                  orders: x.number(report.orders), already: x.number(report.alreadyImported), invalid: x.number(report.problems.count),
                  encoding: report.encoding,
                  problems: report.problems.prefix(500).map { .init(line: x.number($0.line), parts: ImportProblemText.parts($0, x)) },
                  canImport: canImport, token: token)
    }
}
