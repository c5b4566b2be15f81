import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb
import Testing

/// The analytics page rendered from data built here, with no database: every model's typed
/// result written for the reader, in either language, in the organisation's currency.
@Suite struct AnalyticsViewTests {
    static func result<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    static func data() throws -> AnalyticsData {
        let when = Date(timeIntervalSince1970: 1_765_000_000)
        func run(_ result: AnalyticsResult, customers: Int = 150) -> AnalyticsRun {
            AnalyticsRun(model: result.model, asOf: when, customers: customers, result: result, seconds: 0.123456, finishedAt: when)
        }
        let usd = #"{"amount":"%@","currency":"USD"}"#
        let pareto = try result(ParetoResult.self, """
            {"totalProfit":\(usd.replacingOccurrences(of: "%@", with: "98765.43")),"topFifthShare":0.6234,"customerShareFor80Percent":0.41,
             "curve":[{"customerShare":0,"profitShare":0},{"customerShare":0.5,"profitShare":0.9},{"customerShare":1,"profitShare":1}],
             "deciles":[{"decile":1,"customers":15,"profitShare":0.345}],"unprofitableCustomers":3,
             "unprofitableTotal":\(usd.replacingOccurrences(of: "%@", with: "-120.50"))}
            """)
        let bgnbd = try result(BGNBDResult.self, #"{"r":0.24312,"alpha":4.4137,"a":0.79293,"b":2.4259,"logLikelihood":-9582.43,"penalizer":0}"#)
        let segments = try result(SegmentsResult.self, """
            {"k":2,"suggestedK":2,"silhouette":0.512,"inertia":812.5,"segments":[
             {"number":1,"customers":60,"profile":{"recencyDays":12.4,"purchases":8.2,"spend":\(usd.replacingOccurrences(of: "%@", with: "1500.00")),"tenureDays":400},
              "levels":{"recency":"low","frequency":"high","monetary":"high","tenure":"typical"}},
             {"number":2,"customers":90,"profile":{"recencyDays":300,"purchases":1.1,"spend":\(usd.replacingOccurrences(of: "%@", with: "80.00")),"tenureDays":310},
              "levels":{"recency":"high","frequency":"low","monetary":"low","tenure":"typical"}}]}
            """)
        let churn = try result(ChurnResult.self, """
            {"auc":0.8123,"precisionTopDecile":0.7,"churnRate":0.35,"trainCustomers":100,"testCustomers":40,"horizonDays":90,"cutDay":20300,
             "intercept":-0.5,"coefficients":[{"feature":"recency","coefficient":-0.0123456,"standardized":0.95},
             {"feature":"log_spend","coefficient":1.5e-7,"standardized":null}]}
            """)
        let survival = try result(SurvivalResult.self, """
            {"lapseDays":180,"curves":[{"segment":null,"customers":150,"points":[{"day":0,"retained":1},{"day":360,"retained":0.4}],"medianDays":300},
             {"segment":1,"customers":60,"points":[{"day":0,"retained":1},{"day":30,"retained":0.9}],"medianDays":null}]}
            """)
        let holdout = try result(HoldoutResult.self, """
            {"calibrationEndDay":20300,"holdoutDays":90,"model":{"r":0.2,"alpha":4,"a":0.8,"b":2.4,"logLikelihood":-100,"penalizer":0.001},
             "bins":[{"repeatPurchases":0,"customers":80,"predicted":0.21,"actual":0.18},{"repeatPurchases":1,"customers":40,"predicted":0.62,"actual":0.7}],
             "totalPredicted":41.25,"totalActual":40,"meanAbsoluteError":0.3333}
            """)
        let entry = RetentionEntry(rank: 1, customerId: 42, name: "مریم احمدی", value: Money(minorUnits: 250_000, currency: Currency(rawValue: "USD")),
                                   churnRisk: 0.82, recencyDays: 45, reason: .highValueHighRisk, action: .retentionOffer)
        return AnalyticsData(
            counts: [.champions: 12, .lost: 30], runs: [
                .rfm: run(.rfm(RFMResult())), .pareto: run(.pareto(pareto)), .bgnbd: run(.bgnbd(bgnbd)), .segments: run(.segments(segments)),
                .churn: run(.churn(churn), customers: 140), .survival: run(.survival(survival)), .bgnbdHoldout: run(.bgnbdHoldout(holdout), customers: 120),
                .gammaGamma: AnalyticsRun(model: .gammaGamma, asOf: when, customers: 0, result: nil, seconds: 0.01, finishedAt: when,
                                          note: "too few customers with repeat purchases"),
            ], churnHistogram: [5, 10, 20, 30, 20, 10, 3, 1, 1, 0], keep: [entry], winBack: [])
    }

    static func render(_ lang: Language) async throws -> String {
        let views = try await Views(formatting: Formatting(timeZone: TimeZone(identifier: "Asia/Tehran")!))
        let x = PageText(views: views, lang: lang, toman: false)
        var page: [String: Any] = ["t": views.catalogs.table(lang), "lang": lang.rawValue, "dir": lang == .fa ? "rtl" : "ltr",
                                   "isFa": lang == .fa, "title": x.t("analytics_title")]
        page.merge(Views.values(of: AnalyticsModel(try data(), text: x))) { _, new in new }
        return try #require(views.library.render(page, withTemplate: "analytics"))
    }

    static let rawKeys = ["s1.recency.level", "s1.", "f0.predicted", "decile0", "curve0", "coef.", "std.", "all.d", "topFifthShare",
                          "unprofitableTotal", "logLikelihood", "e-0", "e+0", "--1", "−−", "−-"]

    @Test("in Persian: Persian digits and separators, three significant figures, the base currency, no raw parameter names")
    func persian() async throws {
        let html = try await Self.render(.fa)
        for key in Self.rawKeys { #expect(!html.contains(key), "\(key) on the Persian page") }
        #expect(html.contains("۶۲٫۳٪"), "the top fifth's share, Persian digits and decimal separator")
        #expect(html.contains("−۰٫۰۱۲۳"), "a coefficient to three figures with a true minus")
        #expect(html.contains("۰٫۰۰۰۰۰۰۱۵"), "a tiny coefficient without e-notation")
        #expect(html.contains("−۹٬۵۸۰"), "the log-likelihood to three figures, grouped")
        #expect(html.contains("۰٫۲۴۳"), "BG/NBD r to three figures")
        #expect(html.contains("لگاریتم درست‌نمایی"))
        #expect(html.contains("مریم احمدی"))
        #expect(html.contains("۹۸٬۷۶۵٫۴۳ دلار"), "total profit in the organisation's currency, not rials")
        #expect(!html.contains("0.243") && !html.contains("62.3"), "no Latin digits for the figures")
        #expect(html.contains("too few customers with repeat purchases"), "a model that was not fitted says why")
        #expect(html.contains("class=\"behaviour-row\""))
    }

    @Test("in English: the figures, the sections, money in the organisation's currency")
    func english() async throws {
        let html = try await Self.render(.en)
        for key in Self.rawKeys { #expect(!html.contains(key), "\(key) on the English page") }
        #expect(html.contains("<html lang=\"en\" dir=\"ltr\">"))
        #expect(html.contains("62.3%"))
        #expect(html.contains("−0.0123") && html.contains("0.00000015") && html.contains("−9,580") && html.contains("0.243"))
        #expect(html.contains("Log-likelihood"))
        #expect(html.contains("98,765.43 USD"), "total profit in the organisation's currency, not rials")
        #expect(html.components(separatedBy: "class=\"behaviour-row\"").count == 3, "two behavioural segments")
        #expect(html.contains("id=\"holdout-table\"") && html.contains("id=\"churn-coefficients\"") && html.contains("id=\"survival-table\""))
    }

    @Test("figures: three significant figures, no e-notation, one minus sign, Persian separators")
    func figures() async throws {
        let views = try await Views(formatting: Formatting(timeZone: .gmt))
        let en = PageText(views: views, lang: .en, toman: false), fa = PageText(views: views, lang: .fa, toman: false)
        #expect(en.figure(-0.0123456) == "−0.0123")
        #expect(en.figure(0.000000123456) == "0.000000123")
        #expect(en.figure(9.996) == "10")
        #expect(en.figure(123456) == "123,000")
        #expect(en.figure(2) == "2")
        #expect(en.figure(0) == "0")
        #expect(en.figure(-1.5) == "−1.5")
        #expect(en.figure(.nan) == "—")
        #expect(fa.figure(-0.0123456) == "−۰٫۰۱۲۳")
        #expect(fa.figure(1234.5) == "۱٬۲۳۰")
        #expect(fa.share(0.4567) == "۴۵٫۷٪")
    }
}
