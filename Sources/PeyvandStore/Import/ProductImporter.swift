import Foundation
import PeyvandCore
import PeyvandExchange
import SQLKit

/// Imports products from CSV: `sku, name, kind, unit, category, cost` and one `price:LIST`
/// column per price list (Persian headers work too: کد کالا, نام, واحد, دسته, بهای تمام‌شده).
/// A product whose SKU exists is updated. One transaction, with a dry run and every bad row
/// reported by line, like the customer import.
public struct ProductImporter: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let headers: [String: [String]] = [
        "sku": ["sku", "code", "کد کالا", "کد"], "name": ["name", "product", "نام", "نام کالا"], "kind": ["kind", "type", "نوع"],
        "unit": ["unit", "واحد"], "category": ["category", "دسته", "گروه"], "cost": ["cost", "cost price", "بهای تمام‌شده", "قیمت تمام‌شده"],
    ]

    struct Rollback: Error { let report: TransactionImporter.Report }

    /// `orders` in the report counts the products stored.
    public func run(file: FileHandle, dryRun: Bool = false, skipInvalid: Bool = false, by principal: Principal) async throws -> TransactionImporter.Report {
        guard principal.may(.productsManage) else { throw StoreError.forbidden("the role \(principal.role.rawValue) may not manage products") }
        let handle = file
        do {
            return try await database.transaction { db in
                var reader = CSVReader(fileHandle: handle)
                var report = TransactionImporter.Report()
                var columns: [String: Int]?
                var prices: [String: Int] = [:]
                var width = 0
                while let next = try reader.next() {
                    report.encoding = reader.encoding?.rawValue ?? ""
                    guard case .success(let record) = next else {
                        if case .failure(let issue) = next { report.problems.append(.init(line: issue.line, reasons: [issue.description])) }
                        continue
                    }
                    guard let map = columns else {
                        var found: [String: Int] = [:]
                        for (i, raw) in record.fields.enumerated() {
                            let name = PersianText.searchKey(raw.trimmingCharacters(in: .whitespaces))
                            if raw.lowercased().hasPrefix("price:") { prices[String(raw.dropFirst(6)).trimmingCharacters(in: .whitespaces)] = i; continue }
                            for (field, names) in Self.headers where found[field] == nil && names.contains(where: { PersianText.searchKey($0) == name }) {
                                found[field] = i
                            }
                        }
                        guard found["sku"] != nil, found["name"] != nil else {
                            throw StoreError.invalid(ValidationError(field: "header", reason: "the file needs sku and name columns"))
                        }
                        columns = found
                        width = record.fields.count
                        continue
                    }
                    report.rows += 1
                    guard record.fields.count == width else {
                        report.problems.append(.init(line: record.line, reasons: ["has \(record.fields.count) cells; the header has \(width)"]))
                        continue
                    }
                    func cell(_ f: String) -> String? {
                        map[f].map { CSVFormulaEscaping.unescape(record.fields[$0]).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
                    }
                    var input = ProductInput(sku: cell("sku") ?? "", name: cell("name") ?? "", kind: cell("kind"), unit: cell("unit"),
                                             category: cell("category"), cost: cell("cost"))
                    for (list, i) in prices where !record.fields[i].trimmingCharacters(in: .whitespaces).isEmpty { input.prices[list] = record.fields[i] }
                    do {
                        _ = try await ProductRepository.save(db, input, upsert: true, by: principal)
                        report.orders += 1
                    } catch StoreError.invalid(let error) {
                        report.problems.append(.init(line: record.line, reasons: error.issues.map { "\($0.field): \($0.reason)" }))
                    }
                }
                if columns == nil { throw StoreError.invalid(ValidationError(field: "file", reason: "the file is empty: no header row")) }
                if !report.problems.isEmpty, !skipInvalid { report.refused = true }
                if dryRun || report.refused { throw Rollback(report: report) }
                report.committed = true
                return report
            }
        } catch let rollback as Rollback {
            return rollback.report
        }
    }
}
