import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `GET /api/v1/reports/service`: the service report of a period (see `ServiceReportParameters`),
/// for those who read organisation-wide analytics and tickets.
struct ServiceReportsController {
    let reports: ServiceReports

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("reports/service", use: read)
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try ServiceReports.requireRead(principal)
        let query = try ServiceReportParameters.query(FormData.query(request), language: nil)
        return try JSONResponse.make(ServiceReportDTO(try await reports.read(query, by: principal)))
    }
}
