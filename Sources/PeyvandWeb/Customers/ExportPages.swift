import Foundation
import Hummingbird
import PeyvandCore
import PeyvandExchange
import PeyvandStore

/// `/customers/export.csv|.vcf|.jsonl`: the list as shown — every filter of the list page
/// (`CustomerQuery.filterParameters`) — streamed page by page so the size of the database does
/// not matter. CSV carries a BOM so Excel reads Persian text; it is written for a person unless
/// `headers=machine` (`CustomerExportColumns`).
struct ExportPages {
    let views: Views
    let customers: CustomerRepository
    let users: UserRepository
    let scores: CustomerScores

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/export.csv") { request, context in try await self.export(request, context, format: "csv") }
        group.get("customers/export.vcf") { request, context in try await self.export(request, context, format: "vcf") }
        group.get("customers/export.jsonl") { request, context in try await self.export(request, context, format: "jsonl") }
    }

    func export(_ request: Request, _ context: AppRequestContext, format: String) async throws -> Response {
        let principal = try context.principal()
        let params = FormData.query(request)
        var query: CustomerQuery
        do {
            query = try CustomerQuery.parse(params.pairs.filter { $0.0 != "after" && $0.0 != "limit" }, timeZone: views.formatting.timeZone)
        } catch {
            throw HTTPError(.badRequest, message: error.issues.map { "\(views.t("field_\($0.field)", context)): \(views.issueText($0, context.language))" }
                .joined(separator: context.language == .fa ? "؛ " : "; "))
        }
        query.limit = 500
        _ = try await customers.list(CustomerQuery(limit: 1), by: principal)
        var staff: [User] = []
        if format == "csv" { staff = try await users.list(limit: 500).items }
        let columns = CustomerExportColumns(params: params, lang: context.language, views: views,
                                            owners: Dictionary(staff.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
        let repository = customers, scores = scores
        let start = query
        let contentType = ["csv": "text/csv; charset=utf-8", "vcf": "text/vcard; charset=utf-8", "jsonl": "application/x-ndjson"][format]!
        let body = ResponseBody { writer in
            var q = start
            var first = true
            while true {
                let page = try await repository.list(q, by: principal)
                var text = ""
                if first, format == "csv" {
                    text = "\u{FEFF}" + CSVWriter.string(rows: [columns.header])
                }
                first = false
                switch format {
                case "csv":
                    // The segments of this page's customers, in one query (none for a machine's file).
                    let segments = columns.machine ? [:] : try await scores.segments(of: page.items.map(\.id))
                    text += CSVWriter.string(rows: page.items.map { columns.row($0, segment: segments[$0.id]) })
                case "vcf": text += page.items.map(CustomerFormats.vCard).joined()
                default: text += page.items.map(CustomerFormats.jsonLine).joined()
                }
                try await writer.write(ByteBuffer(string: text))
                guard let next = page.next else { break }
                guard q.resume(after: next) else { break }
            }
            try await writer.finish(nil)
        }
        let filename = format == "csv" ? columns.filename : "customers.\(format)"
        return Response(status: .ok, headers: [
            .contentType: contentType,
            .contentDisposition: "attachment; filename=\"\(filename)\"",
            .cacheControl: "no-store",
        ], body: body)
    }
}
