import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/q/{token}`: the quote as its customer opens it from the message, in the quote's language,
/// where they accept or decline it, once. No sign-in: the secret token in the link (stored only as
/// its digest) is the credential, so the form needs no CSRF token; a link scanner's GET changes nothing.
struct PublicQuotePages {
    let views: Views
    let quotes: QuoteRepository
    let settings: QuoteSettingsStore
    let customers: CustomerRepository

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("q/:token", use: show)
        router.post("q/:token", use: answer)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let quote = try await quotes.quote(token: token) else { return try await invalid(request, context) }
        // The customer reads it in the quote's language unless they chose one.
        if request.uri.queryParameters.get("lang") == nil, request.cookies[AuthMiddleware.languageCookie] == nil,
           quote.language != context.language.rawValue {
            return .redirect("/q/\(token)?lang=\(quote.language)")
        }
        let done = FormData.query(request).get("done")
        return try await page(request, context, quote, token: token, answered: done, problem: nil)
    }

    func page(_ request: Request, _ context: AppRequestContext, _ quote: Quote, token: String, answered: String?, problem: String?,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        let settings = try await self.settings.read()
        let answeredText = answered.flatMap { ["accepted", "declined"].contains($0) ? x.t("quote_public_\($0)") : nil }
        let model = PublicQuoteModel(token: token, document: QuoteDocument(quote, settings: settings, customer: nil, text: x),
                                     canAnswer: quote.status == .sent && problem == nil, answered: answeredText, problem: problem)
        return views.page("quote-public", request, context, title: x.t("quote_title") + " " + x.digits(quote.number), status: status, model: model)
    }

    func invalid(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        return views.page("quote-public-invalid", request, context, title: x.t("quote_public_invalid_title"), status: .notFound, [:])
    }

    @Sendable func answer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let form = FormData(String(buffer: try await request.body.collect(upTo: 16 * 1024)))
        guard let quote = try await quotes.quote(token: token) else { return try await invalid(request, context) }
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        let accept: Bool
        switch form["answer"] {
        case "accept": accept = true
        case "decline": accept = false
        default: return try await page(request, context, quote, token: token, answered: nil, problem: x.t("quote_public_choose"), status: .unprocessableContent)
        }
        do {
            let answered = try await quotes.answer(token: token, accept: accept, reason: form["reason"])
            return .redirect("/q/\(token)?done=\(answered.status.rawValue)")
        } catch StoreError.conflict {
            let now = try await quotes.quote(token: token) ?? quote
            return try await page(request, context, now, token: token, answered: nil,
                                  problem: x.t(now.status == .expired ? "quote_public_expired" : "quote_public_already"), status: .conflict)
        } catch StoreError.invalid {
            return try await page(request, context, quote, token: token, answered: nil, problem: x.t("quote_public_unavailable"),
                                  status: .unprocessableContent)
        }
    }
}
