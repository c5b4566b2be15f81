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
        page(request, context, CustomerImportModel(text: text(context)))
    }

    private func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    private func page(_ request: Request, _ context: AppRequestContext, _ model: CustomerImportModel, status: HTTPResponse.Status = .ok) -> Response {
        views.page("customer-import", request, context, title: views.t("import_title", context), current: "customers", status: status, model: model)
    }

    private func refused(_ request: Request, _ context: AppRequestContext, _ key: String, status: HTTPResponse.Status) -> Response {
        var model = CustomerImportModel(text: text(context))
        model.formError = views.t(key, context)
        return page(request, context, model, status: status)
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let kept: (token: String, form: Multipart)?
        do {
            kept = try await KeptUploads.keep(request, context, allowed: { try $0.require(.customersWrite, to: "import customers") },
                                              prefix: { ($0 ?? "").lowercased().hasSuffix(".vcf") ? "imp_v" : "imp_c" })
        } catch is KeptUploads.QuotaExceeded {
            return refused(request, context, "import_quota", status: .tooManyRequests)
        }
        guard let (token, form) = kept else {
            return refused(request, context, "import_no_file", status: .unprocessableContent)
        }
        return try await run(request, context, token: token, mapping: form.value("mapping") ?? "", policy: form.value("onDuplicate") ?? "skip",
                             skipInvalid: form.value("skipInvalid") != nil, dryRun: true, filename: form.file("file")?.filename ?? "")
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        guard let token = KeptUploads.kept(form, prefix: "imp_", by: try context.principal()) else {
            return refused(request, context, "import_expired", status: .gone)
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
        let x = text(context)
        var model = CustomerImportModel(policy: policy, text: x)
        model.mapping = mapping
        model.skipInvalid = skipInvalid
        model.filename = filename
        let report: ImportReport
        do {
            if token.hasPrefix("imp_v") {
                report = try await importer.runVCard([UInt8](handle.readDataToEndOfFile()), options: options, by: try context.principal())
            } else {
                report = try await importer.run(file: handle, options: options, by: try context.principal())
            }
        } catch StoreError.invalid(let error) {
            model.errors = x.fieldErrorList(error.issues, labelled: true)
            return page(request, context, model, status: .unprocessableContent)
        }
        let someValid = dryRun && report.rows > report.problems.count
        let canImport = someValid && (report.problems.isEmpty || skipInvalid)
        let canImportValid = someValid && !report.problems.isEmpty && !skipInvalid
        if !canImport && !canImportValid { KeptUploads.remove(token) }
        model.result = .init(report, dryRun: dryRun, canImport: canImport, canImportValid: canImportValid, token: token, text: x)
        return page(request, context, model)
    }
}
