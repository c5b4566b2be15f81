import Foundation
import PeyvandCore
import PeyvandExchange

/// One row of a lead file that was not imported, and why.
public struct LeadImportProblem: Sendable, Hashable {
    public let line: Int
    public let issues: [FieldIssue]
}

/// What an import of leads did.
public struct LeadImportReport: Sendable, Hashable {
    public let imported: Int
    public let leadIds: [Int64]
    public let problems: [LeadImportProblem]
    public let ignoredHeaders: [String]
}

/// Imports leads from a CSV file (UTF-8 or Windows-1256, delimiter detected). The header names
/// the columns, in English or Persian (`name`/`نام`, `company`/`شرکت`, `email`/`ایمیل`,
/// `phone`/`تلفن`/`موبایل`, `province`/`استان`, `city`/`شهر`, `message`/`پیام`, `source`/`منبع`,
/// `campaign`/`کمپین`). Each row is stored whole or not at all, and reported by line when not;
/// rows go in batches of 200 per transaction so an import never holds the write lock long.
/// Each lead is scored and assigned like any other.
public struct LeadImporter: Sendable {
    let database: Database
    public static let maxRows = 20_000

    public init(_ database: Database) {
        self.database = database
    }

    static let headers: [String: String] = [
        "name": "name", "نام": "name", "نام و نام خانوادگی": "name", "company": "company", "شرکت": "company", "سازمان": "company",
        "email": "email", "ایمیل": "email", "رایانامه": "email", "phone": "phone", "mobile": "phone", "تلفن": "phone", "موبایل": "phone",
        "تلفن همراه": "phone", "province": "province", "استان": "province", "city": "city", "شهر": "city", "message": "message",
        "پیام": "message", "source": "source", "منبع": "source", "campaign": "campaign", "کمپین": "campaign",
    ]

    /// The headers by their normalised form: Excel's Windows-1256 files spell ی and ک the Arabic way.
    static let headerKeys: [String: String] = Dictionary(headers.map { (PersianText.searchKey($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })

    public func run(_ bytes: [UInt8], by principal: Principal) async throws -> LeadImportReport {
        try principal.require(.leadsManage, to: "import leads")
        var reader = CSVReader(bytes: bytes, cellLimit: 64 * 1024, fieldLimit: 200)
        var header: [String?]?
        var ignored: [String] = []
        var problems: [LeadImportProblem] = []
        var pending: [(line: Int, fields: LeadFields)] = []
        var ids: [Int64] = []
        var rows = 0
        while let next = try reader.next() {
            let record: CSVRecord
            switch next {
            case .failure(let issue):
                problems.append(LeadImportProblem(line: issue.line, issues: [FieldIssue(field: "row", reason: issue.description, code: "csv.row")]))
                continue
            case .success(let r): record = r
            }
            guard let columns = header else {
                header = record.fields.map { cell in
                    if let target = Self.headerKeys[PersianText.searchKey(cell.lowercased())] { return target }
                    ignored.append(cell)
                    return nil
                }
                if !(header ?? []).contains("name") {
                    throw StoreError.invalid(ValidationError(field: "file", reason: "the header needs a name column (name or نام)", code: "lead.importHeader"))
                }
                continue
            }
            rows += 1
            if rows > Self.maxRows {
                throw StoreError.invalid(ValidationError(field: "file", reason: "at most \(Self.maxRows) rows", code: "list.tooMany", params: ["max": "\(Self.maxRows)"]))
            }
            var values: [String: String] = [:]
            for (i, target) in columns.enumerated() where i < record.fields.count { if let target { values[target] = record.fields[i] } }
            let input = LeadInput(name: values["name"], company: values["company"], email: values["email"], phone: values["phone"],
                                  province: values["province"], city: values["city"], message: values["message"],
                                  source: values["source"] ?? "import", campaign: values["campaign"])
            do { pending.append((record.line, try input.validated())) } catch {
                problems.append(LeadImportProblem(line: record.line, issues: error.issues))
            }
            if pending.count == 200 {
                ids += try await store(pending, by: principal)
                pending.removeAll(keepingCapacity: true)
            }
        }
        if header == nil { throw StoreError.invalid(ValidationError(field: "file", reason: "the file is empty", code: "file.missing")) }
        if !pending.isEmpty { ids += try await store(pending, by: principal) }
        return LeadImportReport(imported: ids.count, leadIds: ids, problems: problems.sorted { $0.line < $1.line }, ignoredHeaders: ignored)
    }

    private func store(_ batch: [(line: Int, fields: LeadFields)], by principal: Principal) async throws -> [Int64] {
        try await database.transaction { db in
            var ids: [Int64] = []
            for item in batch { ids.append(try await Leads.insert(db, item.fields, channel: .import, formId: nil, by: principal)) }
            return ids
        }
    }
}
