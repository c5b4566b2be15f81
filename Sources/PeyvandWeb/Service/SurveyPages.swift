import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/surveys`: the surveys sent, newest first, for those who read tickets — filtered by answered
/// or not, occasion and score ranges (`csatMax=2` finds the unhappy ones), paged.
struct SurveyPages {
    let views: Views
    let surveys: Surveys

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("surveys", use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let query: SurveyQuery
        do { query = try SurveysController.query(request, strict: false) } catch let problem as Problem {
            throw HTTPError(.badRequest, message: problem.detail)
        }
        let page = try await surveys.list(query, by: principal)
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        let model = SurveysListModel(page, query: query, params: FormData.query(request), text: x)
        return views.page("surveys-list", request, context, title: x.t("surveys_title"), current: "service", model: model)
    }
}

/// What `surveys-list.mustache` renders.
struct SurveysListModel {
    let rows: [SurveyBox]
    let answeredChoices: [Choice]
    let occasions: [Choice]
    let csatMin: [Choice]
    let csatMax: [Choice]
    let npsMin: [Choice]
    let npsMax: [Choice]
    let next: String?
}

extension SurveysListModel {
    init(_ page: Page<Survey>, query: SurveyQuery, params: FormData, text x: PageText) {
        rows = page.items.map { SurveyBox($0, text: x) }
        let any = x.t("rule_any")
        let answeredValue = query.answered.map { $0 ? "true" : "false" } ?? ""
        answeredChoices = [Choice(value: "", label: x.t("surveys_all"), selected: answeredValue == ""),
                    Choice(value: "true", label: x.t("survey_state_answered"), selected: answeredValue == "true"),
                    Choice(value: "false", label: x.t("survey_not_answered"), selected: answeredValue == "false")]
        occasions = [Choice(value: "", label: any, selected: query.occasion == nil)]
            + SurveyOccasion.allCases.map { Choice(value: $0.rawValue, label: x.t("survey_occasion_\($0.rawValue)"), selected: query.occasion == $0) }
        func scale(_ range: ClosedRange<Int>, _ chosen: Int?) -> [Choice] {
            [Choice(value: "", label: "—", selected: chosen == nil)] + range.map { Choice(value: String($0), label: x.number($0), selected: chosen == $0) }
        }
        csatMin = scale(SurveyAnswer.csatRange, query.csatMin)
        csatMax = scale(SurveyAnswer.csatRange, query.csatMax)
        npsMin = scale(SurveyAnswer.npsRange, query.npsMin)
        npsMax = scale(SurveyAnswer.npsRange, query.npsMax)
        if let cursor = page.next {
            let kept = params.pairs.filter { $0.0 != "after" }
            var c = URLComponents()
            c.queryItems = (kept + [("after", cursor)]).map { URLQueryItem(name: $0.0, value: $0.1) }
            next = "/surveys?" + (c.percentEncodedQuery ?? "")
        } else {
            next = nil
        }
    }
}
