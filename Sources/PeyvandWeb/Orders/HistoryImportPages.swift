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
        page(request, context, HistoryImportModel())
    }

    private func page(_ request: Request, _ context: AppRequestContext, _ model: HistoryImportModel, status: HTTPResponse.Status = .ok) -> Response {
        views.page("history-import", request, context, title: views.t("history_import_title", context), current: "orders", status: status, model: model)
    }

    private func refused(_ request: Request, _ context: AppRequestContext, _ key: String, status: HTTPResponse.Status) -> Response {
        page(request, context, HistoryImportModel(formError: views.t(key, context)), status: status)
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let kept: (token: String, form: Multipart)?
        do {
            kept = try await KeptUploads.keep(request, context, allowed: TransactionImporter.authorize, prefix: { _ in "imp_t" })
        } catch is KeptUploads.QuotaExceeded {
            return refused(request, context, "import_quota", status: .tooManyRequests)
        }
        guard let (token, form) = kept else {
            return refused(request, context, "import_no_file", status: .unprocessableContent)
        }
        return try await run(request, context, token: token, skipInvalid: form.value("skipInvalid") != nil, dryRun: true)
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        guard let token = KeptUploads.kept(form, prefix: "imp_t", by: try context.principal()) else {
            return refused(request, context, "import_expired", status: .gone)
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
            let x = PageText(views: views, lang: context.language, toman: context.toman)
            return page(request, context, HistoryImportModel(errors: x.fieldErrorList(error.issues, labelled: true), skipInvalid: skipInvalid),
                        status: .unprocessableContent)
        }
        let canImport = dryRun && report.orders + report.problems.count > 0 && (report.problems.isEmpty || skipInvalid)
        if !canImport { KeptUploads.remove(token) }
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        return page(request, context, HistoryImportModel(
            skipInvalid: skipInvalid, result: .init(report, dryRun: dryRun, canImport: canImport, token: token, text: x)))
    }
}
