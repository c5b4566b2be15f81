import Foundation
import PeyvandCore
import PeyvandStore

/// What the customer import page (`customer-import.mustache`) renders: the upload form as it was
/// filled, a problem with the file, and the report of a dry run or an import.
struct CustomerImportModel {
    /// A row's problems: what the page says and, isolated (`<bdi>`), what the file held.
    struct Problem { let line: String, parts: [Part] }
    typealias Part = ImportProblemText.Part
    struct Result {
        let dryRun: Bool, committed: Bool, refused: Bool, rows: String, created: String, updated: String, skipped: String, invalid: String
        let encoding: String, ignored: String, problems: [Problem], canImport: Bool, token: String
        /// The preview found bad rows and good ones: offer to import the good ones with the kept file.
        let canImportValid: Bool
        let valid: String
    }

    var formError: String? = nil
    var errors: [FieldError] = []
    var result: Result? = nil
    var mapping = ""
    var policy = "skip"
    var skipInvalid = false
    var filename = ""
    let policies: [Choice]
    let fieldList: String

    /// The empty form, or the form as it was sent (`mapping`, `policy`, `skipInvalid`, `filename` set after).
    init(policy: String = "skip", text x: PageText) {
        self.policy = policy
        policies = DuplicatePolicy.allCases.map { x.choice($0.rawValue, "dup", selected: $0.rawValue == policy) }
        fieldList = ColumnMapping.fields.joined(separator: ", ")
    }
}

extension CustomerImportModel.Result {
    init(_ report: ImportReport, dryRun: Bool, canImport: Bool, canImportValid: Bool, token: String, text x: PageText) {
        self.init(dryRun: dryRun, committed: report.committed, refused: report.refused && !dryRun, rows: x.number(report.rows),
                  created: x.number(report.created), updated: x.number(report.updated), skipped: x.number(report.duplicatesSkipped),
                  invalid: x.number(report.problems.count), encoding: report.encoding,
                  ignored: report.ignoredColumns.joined(separator: x.lang == .fa ? "، " : ", "),
                  problems: report.problems.prefix(500).map { .init(line: x.number($0.line), parts: ImportProblemText.parts($0, x)) },
                  canImport: canImport, token: token, canImportValid: canImportValid, valid: x.number(max(0, report.rows - report.problems.count)))
    }
}
