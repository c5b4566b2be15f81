import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/orders/import`: upload past sales as CSV, see the dry run (orders that would be stored, every
/// bad row with its line and reason), then import. Larger files: `peyvand import transactions`.
struct HistoryImportPages {
    let views: Views
    let importer: TransactionImporter

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("orders/import", use: show)
        group.post("orders/import", use: upload)
        group.post("orders/import/confirm", use: confirm)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        page(request, context, values: [:])
    }

    private func page(_ request: Request, _ context: AppRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        views.page("history-import", request, context, title: views.t("history_import_title", context), current: "orders", status: status, values)
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let kept: (token: String, form: Multipart)?
        do {
            kept = try await KeptUploads.keep(request, context, allowed: TransactionImporter.authorize, prefix: { _ in "imp_t" })
        } catch is KeptUploads.QuotaExceeded {
            return page(request, context, values: ["formError": views.t("import_quota", context)], status: .tooManyRequests)
        }
        guard let (token, form) = kept else {
            return page(request, context, values: ["formError": views.t("import_no_file", context)], status: .unprocessableContent)
        }
        return try await run(request, context, token: token, skipInvalid: form.value("skipInvalid") != nil, dryRun: true)
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        guard let token = KeptUploads.kept(form, prefix: "imp_t", by: try context.principal()) else {
            return page(request, context, values: ["formError": views.t("import_expired", context)], status: .gone)
        }
        return try await run(request, context, token: token, skipInvalid: form["skipInvalid"] == "1", dryRun: false)
    }

    private func run(_ request: Request, _ context: AppRequestContext, token: String, skipInvalid: Bool, dryRun: Bool) async throws -> Response {
        let path = KeptUploads.path(token)
        guard let handle = FileHandle(forReadingAtPath: path) else { throw HTTPError(.gone) }
        defer { try? handle.close() }
        let report: TransactionImporter.Report
        do {
            report = try await importer.run(file: handle, dryRun: dryRun, skipInvalid: skipInvalid, by: try context.principal())
        } catch StoreError.invalid(let error) {
            return page(request, context, values: ["formError": error.issues.map(\.reason).joined(separator: "; "), "skipInvalid": skipInvalid],
                        status: .unprocessableContent)
        }
        let canImport = dryRun && report.orders + report.problems.count > 0 && (report.problems.isEmpty || skipInvalid)
        if !canImport { KeptUploads.remove(token) }
        let lang = context.language
        func n(_ x: Int) -> String { views.formatting.number(x, lang) }
        return page(request, context, values: [
            "skipInvalid": skipInvalid,
            "result": [
                "dryRun": dryRun, "committed": report.committed, "refused": report.refused && !dryRun,
                "rows": n(report.rows), "orders": n(report.orders), "already": n(report.alreadyImported), "invalid": n(report.problems.count),
                "encoding": report.encoding,
                "problems": report.problems.prefix(500).map { ["line": n($0.line), "reasons": $0.reasons.joined(separator: "; ")] },
                "canImport": canImport, "token": token,
            ] as [String: Any],
        ])
    }
}
