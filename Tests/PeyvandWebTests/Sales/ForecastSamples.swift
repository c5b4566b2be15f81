import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb

/// A fully populated forecast page, for `TemplateKeysTests` and the view tests.
enum ForecastSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("forecast", forecast(x))]
    }

    static func figures(_ won: Int64) -> ForecastFigures {
        var f = ForecastFigures()
        f.won = won; f.wonDeals = 2; f.lost = 10; f.lostDeals = 1; f.weighted = won * 2; f.commit = won + 5; f.bestCase = won + 9
        f.pipeline = won * 4; f.openDeals = 7; f.quota = won * 3
        return f
    }

    static func data() throws -> ForecastPageData {
        let q1 = try ForecastPeriod(.jalali, .quarter, year: 1405, index: 1)
        var source = LeadFunnel.Row(key: "نمایشگاه"); source.leads = 10; source.converted = 4; source.won = 1; source.wonAmount = 5_000_000
        var channel = LeadFunnel.Row(key: "web-form"); channel.leads = 10; channel.converted = 4; channel.won = 1; channel.wonAmount = 5_000_000
        var activity = RepActivity(userId: 2, name: "مریم"); activity.calls = 3; activity.tasksDone = 1; activity.dealsWon = 2
        let forecast = Forecast(
            query: ForecastQuery(period: q1), currency: Currency(rawValue: "IRR"), thresholds: .standard,
            periods: q1.siblings.map { .init(period: $0, figures: figures(1_000_000)) }, total: figures(1_000_000),
            owners: [.init(userId: 2, name: "مریم", team: "تهران", figures: figures(1_000_000))],
            teams: [.init(team: "تهران", figures: figures(1_000_000)), .init(team: nil, figures: figures(0))],
            pipelines: [.init(pipelineId: 1, name: "فروش", figures: figures(1_000_000))],
            funnel: LeadFunnel(bySource: [source], byChannel: [channel], total: source), activity: [activity], undated: figures(500))
        return ForecastPageData(forecast: forecast, pipelines: [(1, "فروش")], sellers: [.init(userId: 2, name: "مریم", team: "تهران")],
                                teams: ["تهران"], quotas: [.init(userId: 2, period: q1, amount: 3_000_000)])
    }

    static func forecast(_ x: PageText) -> ForecastModel {
        let admin = Principal(userId: 1, name: "مدیر", role: .administrator)
        return ForecastModel((try? data())!, principal: admin, issues: [FieldIssue(field: "quota", reason: "must not be negative", code: "amount.negative")],
                             flash: x.t("forecast_saved"), text: x)
    }
}
