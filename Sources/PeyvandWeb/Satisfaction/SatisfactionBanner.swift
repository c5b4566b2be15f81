import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The red banner shown wherever an angry customer appears — their 360 page, their tickets,
/// deals, orders, invoices and converted leads — so nobody talks to them unaware. One model and one
/// partial (`satisfaction-banner.mustache`) for every page: the layout shows it whenever the page's
/// values carry `angryBanner`, which `Views.page(…, customerId:)` adds (the 360 model has its own).
struct SatisfactionBanner {
    let customerId: Int64
    let text: String
    let since: String
    /// The open service-recovery case, when there is one.
    let caseHref: String?
    let caseLabel: String?
    /// The case's number, isolated on the page (`R-1405-000003`).
    let caseNumber: String?
}

extension SatisfactionBanner {
    init?(_ angry: AngryCustomer?, text x: PageText) {
        guard let angry else { return nil }
        customerId = angry.customerId
        text = x.t("satisfaction_banner")
        since = x.t("satisfaction_since").replacingOccurrences(of: "{when}", with: x.when(angry.since))
        caseHref = angry.recoveryCaseId.map { "/recovery/\($0)" }
        caseLabel = angry.recoveryCaseId.map { _ in x.t("satisfaction_banner_case") }
        caseNumber = angry.recoveryCaseNumber.map(x.digits)
    }
}

extension Views {
    /// Renders a page from its typed model with the angry banner of the customer it shows (when
    /// that customer is angry) as `angryBanner`: how the ticket, deal, order and lead pages do it.
    func page<Model>(_ template: String, _ request: Request, _ context: AppRequestContext, title: String, current: String? = nil,
                     status: HTTPResponse.Status = .ok, model: Model, customerId: Int64?) async -> Response {
        var values = Self.values(of: model)
        if let satisfaction, let customerId, let angry = try? await satisfaction.angry(customerId),
           let banner = SatisfactionBanner(angry, text: PageText(views: self, lang: context.language, toman: context.toman)) {
            values["angryBanner"] = Self.values(of: banner)
        }
        return page(template, request, context, title: title, current: current, status: status, values)
    }
}
