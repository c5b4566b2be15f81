import Foundation
import Hummingbird
import PeyvandAnalytics
import PeyvandCore
import PeyvandStore

/// What the models say: `/api/v1/customers/{id}/scores` and `/api/v1/analytics/rfm`.
struct AnalyticsController {
    let scores: CustomerScores
    let catalogs: Catalogs

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/:id/scores", use: customerScores)
        group.get("analytics/rfm", use: rfm)
    }

    struct ScoreDTO: Encodable {
        let customerId: String
        let recencyDays: Int
        let purchases: Int
        let monetary: Money
        let r: Int, f: Int, m: Int
        let segment: String
        let repeatPurchases: Int
        let probabilityAlive: Double?
        let expectedPurchases90Days: Double?
        let lifetimeValue: Money?
        let computedAt: Date
    }

    @Sendable func customerScores(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try CustomersController.id(context)
        guard let s = try await scores.score(of: id, by: try context.principal()) else {
            throw Problem(.notFound, "not-scored", "Not scored", detail: "customer \(id) has no purchases in the last scoring run")
        }
        return try JSONResponse.make(ScoreDTO(
            customerId: String(s.customerId), recencyDays: s.recencyDays, purchases: s.purchases, monetary: s.monetary, r: s.r, f: s.f, m: s.m,
            segment: s.segment.rawValue, repeatPurchases: s.repeatPurchases, probabilityAlive: s.probabilityAlive,
            expectedPurchases90Days: s.expectedPurchases, lifetimeValue: s.lifetimeValue, computedAt: s.computedAt))
    }

    struct RunDTO: Encodable {
        let model: String
        let asOf: Date
        let customers: Int
        let parameters: [String: Double]
        let seconds: Double
        let finishedAt: Date
    }

    struct SegmentDTO: Encodable {
        let segment: String
        let label: String
        let customers: Int
    }

    struct RFMDTO: Encodable {
        let segments: [SegmentDTO]
        let runs: [RunDTO]
    }

    @Sendable func rfm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.customersRead) else { throw StoreError.forbidden("the role may not read analytics") }
        let counts = try await scores.segmentCounts()
        let runs = try await scores.latestRuns()
        return try JSONResponse.make(RFMDTO(
            segments: RFMSegment.allCases.map { SegmentDTO(segment: $0.rawValue, label: catalogs.label("rfmseg", $0.rawValue, context.language),
                                                           customers: counts[$0] ?? 0) },
            runs: runs.map { RunDTO(model: $0.model, asOf: $0.asOf, customers: $0.customers, parameters: $0.parameters, seconds: $0.seconds,
                                    finishedAt: $0.finishedAt) }))
    }
}
