import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/customers/import`: upload a CSV, see a preview (a dry run: every bad row with its line and
/// reason, what would be created or updated), then import. Larger files: `peyvand import customers`.
struct ImportPages {
    let views: Views
    let importer: CustomerImporter


    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/import", use: show)
        group.post("customers/import", use: upload)
        group.post("customers/import/confirm", use: confirm)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        page(request, context, values: [:])
    }

    private func page(_ request: Request, _ context: AppRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let lang = context.language
        var v = values
        v["policies"] = DuplicatePolicy.allCases.map {
            ["value": $0.rawValue, "label": views.catalogs.label("dup", $0.rawValue, lang), "selected": $0.rawValue == (values["policy"] as? String ?? "skip")] as [String: Any]
        }
        v["fieldList"] = ColumnMapping.fields.joined(separator: ", ")
        return views.page("import", request, context, title: views.t("import_title", context), current: "customers", status: status, v)
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let kept: (token: String, form: Multipart)?
        do {
            kept = try await KeptUploads.keep(request, context, allowed: { try $0.require(.customersWrite, to: "import customers") },
                                              prefix: { ($0 ?? "").lowercased().hasSuffix(".vcf") ? "imp_v" : "imp_c" })
        } catch is KeptUploads.QuotaExceeded {
            return page(request, context, values: ["formError": views.t("import_quota", context)], status: .tooManyRequests)
        }
        guard let (token, form) = kept else {
            return page(request, context, values: ["formError": views.t("import_no_file", context)], status: .unprocessableContent)
        }
        return try await run(request, context, token: token, mapping: form.value("mapping") ?? "", policy: form.value("onDuplicate") ?? "skip",
                             skipInvalid: form.value("skipInvalid") != nil, dryRun: true, filename: form.file("file")?.filename ?? "")
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        guard let token = KeptUploads.kept(form, prefix: "imp_", by: try context.principal()) else {
            return page(request, context, values: ["formError": views.t("import_expired", context)], status: .gone)
        }
        return try await run(request, context, token: token, mapping: form["mapping"] ?? "", policy: form["onDuplicate"] ?? "skip",
                             skipInvalid: form["skipInvalid"] == "1", dryRun: false, filename: form["filename"] ?? "")
    }

    private func run(_ request: Request, _ context: AppRequestContext, token: String, mapping: String, policy: String,
                     skipInvalid: Bool, dryRun: Bool, filename: String) async throws -> Response {
        var overrides: [String: String] = [:]
        for line in mapping.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, !parts[0].isEmpty { overrides[parts[0]] = parts[1] }
        }
        let path = KeptUploads.path(token)
        guard let handle = FileHandle(forReadingAtPath: path) else { throw HTTPError(.gone) }
        defer { try? handle.close() }
        let options = ImportOptions(mapping: overrides, dryRun: dryRun, skipInvalid: skipInvalid,
                                    onDuplicate: DuplicatePolicy(rawValue: policy) ?? .skip)
        let base: [String: Any] = ["mapping": mapping, "policy": policy, "skipInvalid": skipInvalid, "filename": filename]
        let report: ImportReport
        do {
            if token.hasPrefix("imp_v") {
                report = try await importer.runVCard([UInt8](handle.readDataToEndOfFile()), options: options, by: try context.principal())
            } else {
                report = try await importer.run(file: handle, options: options, by: try context.principal())
            }
        } catch StoreError.invalid(let error) {
            var values = base
            values["formError"] = error.issues.map(\.reason).joined(separator: "; ")
            return page(request, context, values: values, status: .unprocessableContent)
        }
        let canImport = dryRun && report.rows > report.problems.count && (report.problems.isEmpty || skipInvalid)
        if !canImport { KeptUploads.remove(token) }
        let lang = context.language
        func n(_ x: Int) -> String { views.formatting.number(x, lang) }
        var values = base
        values["result"] = [
            "dryRun": dryRun, "committed": report.committed, "refused": report.refused && !dryRun,
            "rows": n(report.rows), "created": n(report.created), "updated": n(report.updated),
            "skipped": n(report.duplicatesSkipped), "invalid": n(report.problems.count), "encoding": report.encoding,
            "ignored": report.ignoredColumns.joined(separator: "، "),
            "problems": report.problems.prefix(500).map { ["line": n($0.line), "reasons": $0.reasons.joined(separator: "; ")] },
            "canImport": canImport, "token": token,
        ] as [String: Any]
        return page(request, context, values: values)
    }
}
