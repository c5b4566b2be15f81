import Foundation
import PeyvandCore
import PeyvandStore

/// What the forecast page reads, at once: the forecast, the pipelines and people to filter by,
/// the teams, and the quotas of the period (for the form that sets them).
struct ForecastPageData: Sendable {
    let forecast: Forecast
    let pipelines: [(id: Int64, name: String)]
    let sellers: [SalesQuotas.Seller]
    let teams: [String]
    let quotas: [SalesQuotas.Quota]
}

struct ForecastPageQuery: Sendable {
    let forecast: SalesForecast
    let quotas: SalesQuotas

    func read(_ query: ForecastQuery, by principal: Principal) async throws -> ForecastPageData {
        async let figures = forecast.read(query, by: principal)
        async let pipelines = quotas.pipelines()
        async let sellers = quotas.sellers(by: principal)
        async let teams = quotas.teams()
        async let set = quotas.list(query.period, by: principal)
        return ForecastPageData(forecast: try await figures, pipelines: try await pipelines, sellers: try await sellers, teams: try await teams,
                                quotas: try await set)
    }
}
