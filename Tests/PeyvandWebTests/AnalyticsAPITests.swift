import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// The analytics endpoints through the router, each answer decoded into the shape the OpenAPI
/// document gives it: one typed `result` per model, and refusals for roles that may not read
/// organisation-wide figures.
@Suite struct AnalyticsAPITests {
    struct MoneyBody: Decodable, Equatable { let amount: String; let currency: String }
    struct Run<Result: Decodable>: Decodable {
        let model: String; let asOf: String; let customers: Int; let result: Result?; let seconds: Double; let finishedAt: String; let note: String?
    }
    struct Empty: Decodable {}
    struct BGNBD: Decodable { let r: Double; let alpha: Double; let a: Double; let b: Double; let logLikelihood: Double; let penalizer: Double }
    struct GammaGamma: Decodable { let p: Double; let q: Double; let v: Double; let logLikelihood: Double }
    struct Pareto: Decodable {
        struct Point: Decodable { let customerShare: Double; let profitShare: Double }
        struct Decile: Decodable { let decile: Int; let customers: Int; let profitShare: Double }
        let totalProfit: MoneyBody; let topFifthShare: Double; let customerShareFor80Percent: Double; let curve: [Point]; let deciles: [Decile]
        let unprofitableCustomers: Int; let unprofitableTotal: MoneyBody
    }
    struct Holdout: Decodable {
        struct Bin: Decodable { let repeatPurchases: Int; let customers: Int; let predicted: Double; let actual: Double }
        let calibrationEndDay: Int; let holdoutDays: Int; let model: BGNBD; let bins: [Bin]; let totalPredicted: Double; let totalActual: Double
        let meanAbsoluteError: Double?
    }
    struct Segments: Decodable {
        struct Profile: Decodable { let recencyDays: Double; let purchases: Double; let spend: MoneyBody; let tenureDays: Double }
        struct Levels: Decodable { let recency: String; let frequency: String; let monetary: String; let tenure: String }
        struct Segment: Decodable { let number: Int; let customers: Int; let profile: Profile; let levels: Levels }
        let k: Int; let suggestedK: Int; let silhouette: Double?; let inertia: Double; let segments: [Segment]
    }
    struct Churn: Decodable {
        struct Coefficient: Decodable { let feature: String; let coefficient: Double; let standardized: Double? }
        let auc: Double?; let precisionTopDecile: Double?; let churnRate: Double; let trainCustomers: Int; let testCustomers: Int
        let horizonDays: Int; let cutDay: Int; let intercept: Double; let coefficients: [Coefficient]
    }
    struct Survival: Decodable {
        struct Point: Decodable { let day: Int; let retained: Double }
        struct Curve: Decodable { let segment: Int?; let customers: Int; let points: [Point]; let medianDays: Double? }
        let lapseDays: Int; let curves: [Curve]
    }
    struct AnyRun: Decodable { let model: String }
    struct Summary: Decodable {
        struct Segment: Decodable { let segment: String; let label: String; let customers: Int }
        let segments: [Segment]; let runs: [AnyRun]
    }
    struct Problem: Decodable { let status: Int; let type: String; let detail: String }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(buffer: response.body))
    }

    static func scored(_ app: TestApp) async throws {
        let now = Date()
        try await DemoGenerator(database: app.database, seed: 5).run(customers: 200, interactionsPerCustomer: 0, now: now)
        try await DemoCommerce(database: app.database, seed: 5).run(now: now)
        try await CustomerScores(app.database).refresh(asOf: now)
    }

    @Test("each model's latest run answers with its own typed result, money in the base currency")
    func typedResults() async throws {
        try await TestApp.with { app, client in
            try await Self.scored(app)
            func get<R: Decodable>(_ model: String, _ type: R.Type) async throws -> Run<R> {
                let answer = try await client.send(.get, "/api/v1/analytics/runs/\(model)", headers: app.auth)
                #expect(answer.status == .ok, "\(model)")
                #expect(!answer.text.contains("\"parameters\""))
                let run = try Self.decode(Run<R>.self, answer)
                #expect(run.model == model && run.customers > 0)
                return run
            }
            #expect(try await get("rfm", Empty.self).result != nil)
            let bgnbd = try #require(try await get("bgnbd", BGNBD.self).result)
            #expect(bgnbd.r > 0 && bgnbd.alpha > 0 && bgnbd.a > 0 && bgnbd.b > 0 && bgnbd.logLikelihood < 0)
            let pareto = try #require(try await get("pareto", Pareto.self).result)
            #expect(pareto.totalProfit.currency == "IRR" && pareto.unprofitableTotal.currency == "IRR")
            #expect(Int64(pareto.totalProfit.amount) != nil, "an exact amount, not a float")
            #expect(pareto.curve.count == 21 && pareto.deciles.map(\.decile) == Array(1...10))
            #expect(pareto.topFifthShare > 0 && pareto.customerShareFor80Percent <= 1)
            let segments = try #require(try await get("segments", Segments.self).result)
            #expect(segments.segments.count == segments.k && segments.segments.allSatisfy { ["low", "typical", "high"].contains($0.levels.recency) })
            let churn = try #require(try await get("churn", Churn.self).result)
            #expect(churn.coefficients.contains { $0.feature == "recency" } && churn.horizonDays == 90)
            let survival = try #require(try await get("survival", Survival.self).result)
            #expect(survival.curves.first?.segment == nil && survival.lapseDays == 180)
            let holdout = try await get("bgnbd-holdout", Holdout.self)
            if let h = holdout.result { #expect(h.holdoutDays == 90 && !h.bins.isEmpty) } else { #expect(holdout.note != nil) }
            let gg = try await get("gamma-gamma", GammaGamma.self)
            #expect(gg.result != nil || gg.note != nil)

            let runs = try Self.decode([AnyRun].self, try await client.send(.get, "/api/v1/analytics/runs", headers: app.auth))
            #expect(runs.map(\.model) == ["rfm", "bgnbd", "gamma-gamma", "bgnbd-holdout", "segments", "churn", "survival", "pareto"])
            let summary = try Self.decode(Summary.self, try await client.send(.get, "/api/v1/analytics/rfm", headers: app.auth))
            #expect(summary.segments.map(\.customers).reduce(0, +) > 0 && summary.runs.count == runs.count)

            // The page over the same runs, in Persian: every section, no raw parameter names, no e-notation.
            let page = try await client.send(.get, "/analytics?lang=fa", headers: [.authorization: "Bearer \(app.token)"])
            #expect(page.status == .ok)
            for id in ["id=\"value\"", "id=\"behaviour\"", "id=\"churn\"", "id=\"survival\"", "id=\"clv\"", "class=\"behaviour-row\""] {
                #expect(page.text.contains(id), "\(id)")
            }
            for raw in ["s1.recency", "f0.predicted", "decile0", "curve0", "coef.", "topFifthShare", "e-0", "e+0"] {
                #expect(!page.text.contains(raw), "\(raw)")
            }
        }
    }

    @Test("an unknown model is a 404 problem naming it; a model that has not run is a 404 too")
    func unknownModel() async throws {
        try await TestApp.with { app, client in
            let answer = try await client.send(.get, "/api/v1/analytics/runs/royalty", headers: app.auth)
            #expect(answer.status == .notFound)
            #expect(answer.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let problem = try Self.decode(Problem.self, answer)
            #expect(problem.detail.contains("royalty") && problem.detail.contains("bgnbd-holdout"))
            let notRun = try await client.send(.get, "/api/v1/analytics/runs/pareto", headers: app.auth)
            let notRunProblem = try Self.decode(Problem.self, notRun)
            #expect(notRun.status == .notFound && notRunProblem.type.contains("not-scored"))
        }
    }

    @Test("a sales rep and a partner are refused organisation-wide figures, on the API and the page (403); an analyst reads them")
    func refusedToOwnCustomerRoles() async throws {
        try await TestApp.with { app, client in
            for (role, email) in [(Role.salesRep, "rep@example.test"), (.partner, "partner@example.test")] {
                let (_, token) = try await app.token(for: role, email: email)
                let auth: HTTPFields = [.authorization: "Bearer \(token)"]
                for path in ["/api/v1/analytics/rfm", "/api/v1/analytics/runs", "/api/v1/analytics/runs/pareto", "/api/v1/analytics/runs/nope"] {
                    let answer = try await client.send(.get, path, headers: auth)
                    #expect(answer.status == .forbidden, "\(role.rawValue) \(path)")
                    #expect(answer.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                }
                #expect(try await client.send(.get, "/analytics", headers: auth).status == .forbidden, "\(role.rawValue) page")
                #expect(try await client.send(.get, "/api/v1/analytics/retention/keep", headers: auth).status == .ok, "their own customers' list")
            }
            let (_, analyst) = try await app.token(for: .crmAnalyst, email: "analyst@example.test")
            let auth: HTTPFields = [.authorization: "Bearer \(analyst)"]
            #expect(try await client.send(.get, "/api/v1/analytics/runs", headers: auth).status == .ok)
            #expect(try await client.send(.get, "/analytics", headers: auth).status == .ok)
        }
    }
}
