import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/settings/quotes`: the seller's details every quote prints, the VAT rate new quotes start with,
/// and how long a quote stays valid (`sales.configure`).
struct QuoteSettingsPages {
    let views: Views
    let settings: QuoteSettingsStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("settings/quotes", use: show)
        group.post("settings/quotes", use: save)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.principal().require(.salesConfigure, to: "change the quote settings")
        let s = try await settings.read()
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        let model = QuoteSettingsModel(sellerName: s.sellerName, sellerAddress: s.sellerAddress, sellerNationalId: s.sellerNationalId,
                                       sellerEconomicCode: s.sellerEconomicCode, sellerPhone: s.sellerPhone, taxRate: x.decimal(s.taxRate.percentString),
                                       validDays: x.number(s.validDays), saved: FormData.query(request).has("saved"), errors: [])
        return views.page("quote-settings", request, context, title: x.t("quote_settings_title"), current: "quotes", model: model)
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        do {
            _ = try await settings.update(sellerName: form["sellerName"] ?? "", sellerAddress: form["sellerAddress"] ?? "",
                                          sellerNationalId: form["sellerNationalId"] ?? "", sellerEconomicCode: form["sellerEconomicCode"] ?? "",
                                          sellerPhone: form["sellerPhone"] ?? "", taxRate: form["taxRate"] ?? "", validDays: form["validDays"] ?? "",
                                          by: try context.principal())
            return .redirect("/settings/quotes?saved=1")
        } catch StoreError.invalid(let error) {
            let x = PageText(views: views, lang: context.language, toman: context.toman)
            let model = QuoteSettingsModel(sellerName: form["sellerName"] ?? "", sellerAddress: form["sellerAddress"] ?? "",
                                           sellerNationalId: form["sellerNationalId"] ?? "", sellerEconomicCode: form["sellerEconomicCode"] ?? "",
                                           sellerPhone: form["sellerPhone"] ?? "", taxRate: form["taxRate"] ?? "", validDays: form["validDays"] ?? "",
                                           saved: false, errors: x.fieldErrorList(error.issues, labelled: true))
            return views.page("quote-settings", request, context, title: x.t("quote_settings_title"), current: "quotes", status: .unprocessableContent,
                              model: model)
        }
    }
}

/// What `quote-settings.mustache` renders: the settings as stored, or as typed with the problems.
struct QuoteSettingsModel {
    let sellerName: String
    let sellerAddress: String
    let sellerNationalId: String
    let sellerEconomicCode: String
    let sellerPhone: String
    let taxRate: String
    let validDays: String
    let saved: Bool
    let errors: [FieldError]
}
