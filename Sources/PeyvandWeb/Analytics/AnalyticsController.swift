import Foundation
import Hummingbird
import PeyvandAnalytics
import PeyvandCore
import PeyvandStore

/// What the models say: `/api/v1/customers/{id}/scores`, `/api/v1/analytics/rfm`, the latest run
/// of each model (`/api/v1/analytics/runs/{model}`) and the keep and win-back lists
/// (`/api/v1/analytics/retention/{list}`). Customers by segment or churn risk are the customer
/// list's filters (`/api/v1/customers?rfm=…&behaviour=…&minChurnRisk=…`).
struct AnalyticsController {
    let scores: CustomerScores
    let catalogs: Catalogs

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/:id/scores", use: customerScores)
        group.get("analytics/rfm", use: rfm)
        group.get("analytics/runs", use: runs)
        group.get("analytics/runs/:model", use: run)
        group.get("analytics/retention/:list", use: retention)
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
        let behaviourSegment: Int?
        let churnRisk90Days: Double?
        let churnReasons: [String]
    }

    @Sendable func customerScores(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        guard let s = try await scores.score(of: id, by: try context.principal()) else {
            throw Problem(.notFound, "not-scored", "Not scored", detail: "customer \(id) has no purchases in the last scoring run")
        }
        return try JSONResponse.make(ScoreDTO(
            customerId: String(s.customerId), recencyDays: s.recencyDays, purchases: s.purchases, monetary: s.monetary, r: s.r, f: s.f, m: s.m,
            segment: s.segment.rawValue, repeatPurchases: s.repeatPurchases, probabilityAlive: s.probabilityAlive,
            expectedPurchases90Days: s.expectedPurchases, lifetimeValue: s.lifetimeValue, computedAt: s.computedAt,
            behaviourSegment: s.segmentNumber, churnRisk90Days: s.churnRisk, churnReasons: s.churnReasons))
    }

    /// A run with what the model found as its own type (`result`, shaped per `model`; null when `note` says why it could not be fitted).
    struct RunDTO: Encodable {
        let run: AnalyticsRun

        enum CodingKeys: String, CodingKey { case model, asOf, customers, result, seconds, finishedAt, note }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(run.model.rawValue, forKey: .model)
            try c.encode(run.asOf, forKey: .asOf)
            try c.encode(run.customers, forKey: .customers)
            if let result = run.result { try c.encode(result.value, forKey: .result) } else { try c.encodeNil(forKey: .result) }
            try c.encode(run.seconds, forKey: .seconds)
            try c.encode(run.finishedAt, forKey: .finishedAt)
            try c.encode(run.note, forKey: .note)
        }
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
        async let counts = scores.segmentCounts(by: principal)
        async let runs = scores.latestRuns(by: principal)
        let (segmentCounts, latest) = (try await counts, try await runs)
        return try JSONResponse.make(RFMDTO(
            segments: RFMSegment.allCases.map { SegmentDTO(segment: $0.rawValue, label: catalogs.label("rfmseg", $0.rawValue, context.language),
                                                           customers: segmentCounts[$0] ?? 0) },
            runs: latest.map { RunDTO(run: $0) }))
    }

    /// A customer's scores and the retention lists are limited to the customers the caller reaches.
    func requireCustomerAnalytics(_ context: AppRequestContext) throws {
        try context.principal().require(.customersRead, to: "read analytics")
    }

    @Sendable func runs(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await scores.latestRuns(by: try context.principal()).map { RunDTO(run: $0) })
    }

    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.requireOrganisationWide()
        let name = context.parameters.get("model") ?? ""
        guard let model = AnalyticsModelName(rawValue: name) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "there is no model named '\(name)'; models: "
                          + AnalyticsModelName.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let run = try await scores.latestRun(model, by: principal) else {
            throw Problem(.notFound, "not-scored", "Not scored", detail: "\(model.rawValue) has not run yet (peyvand analyze refresh)")
        }
        return try JSONResponse.make(RunDTO(run: run))
    }

    struct RetentionDTO: Encodable {
        let rank: Int
        let customerId: String
        let name: String
        let value: Money
        let churnRisk: Double
        let recencyDays: Int
        let reason: String
        let action: String
    }

    @Sendable func retention(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireCustomerAnalytics(context)
        let list = context.parameters.get("list") ?? ""
        guard ["keep", "win-back"].contains(list) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "lists: keep, win-back")
        }
        let after = try ListQuery.after(request, Cursor.decode)
        let page = try await scores.retentionList(list, after: after, limit: try ListQuery.limit(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map {
            RetentionDTO(rank: $0.rank, customerId: String($0.customerId), name: $0.name, value: $0.value, churnRisk: $0.churnRisk,
                         recencyDays: $0.recencyDays, reason: $0.reason.rawValue, action: $0.action.rawValue)
        }, next: page.next))
    }
}
