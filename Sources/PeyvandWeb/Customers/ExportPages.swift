import Foundation
import Hummingbird
import PeyvandCore
import PeyvandExchange
import PeyvandStore

/// `/customers/export.csv|.vcf|.jsonl`: the list as shown (same filters), streamed page by page
/// so the size of the database does not matter. CSV carries a BOM so Excel reads Persian text.
struct ExportPages {
    let customers: CustomerRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/export.csv") { request, context in try await self.export(request, context, format: "csv") }
        group.get("customers/export.vcf") { request, context in try await self.export(request, context, format: "vcf") }
        group.get("customers/export.jsonl") { request, context in try await self.export(request, context, format: "jsonl") }
    }

    func export(_ request: Request, _ context: AppRequestContext, format: String) async throws -> Response {
        let principal = try context.principal()
        var query: CustomerQuery
        do { query = try CustomerQuery.parse(FormData.query(request).pairs.filter { $0.0 != "after" && $0.0 != "limit" }) } catch {
            throw HTTPError(.badRequest, message: error.issues.map { "\($0.field): \($0.reason)" }.joined(separator: "; "))
        }
        query.limit = 500
        _ = try await customers.list(CustomerQuery(limit: 1), by: principal)
        let repository = customers
        let start = query
        let contentType = ["csv": "text/csv; charset=utf-8", "vcf": "text/vcard; charset=utf-8", "jsonl": "application/x-ndjson"][format]!
        let body = ResponseBody { writer in
            var q = start
            var first = true
            while true {
                let page = try await repository.list(q, by: principal)
                var text = ""
                if first, format == "csv" {
                    text = "\u{FEFF}" + CSVWriter.string(rows: [CustomerFormats.csvHeader])
                }
                first = false
                switch format {
                case "csv": text += CSVWriter.string(rows: page.items.map(CustomerFormats.csvRow))
                case "vcf": text += page.items.map(CustomerFormats.vCard).joined()
                default: text += page.items.map(CustomerFormats.jsonLine).joined()
                }
                try await writer.write(ByteBuffer(string: text))
                guard let next = page.next else { break }
                guard q.resume(after: next) else { break }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: contentType,
            .contentDisposition: "attachment; filename=\"customers.\(format)\"",
            .cacheControl: "no-store",
        ], body: body)
    }
}
