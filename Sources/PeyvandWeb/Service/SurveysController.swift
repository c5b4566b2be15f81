import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/surveys` (the list, filtered by customer, ticket, answered or not, occasion and score
/// ranges; one survey), `POST /api/v1/tickets/{id}/survey` (send the ticket's survey by hand; 409
/// when it has one) — `tickets.read` and `tickets.write` — and the public
/// `POST /api/v1/public/surveys/{token}`: the customer's answer through their link, no sign-in
/// (the token is the credential), counted once.
struct SurveysController {
    let surveys: Surveys

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("surveys", use: list)
        group.get("surveys/:id", use: show)
        group.post("tickets/:id/survey", use: send)
    }

    func addPublicRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("public/surveys/:token", use: answer)
    }

    static func score(_ raw: String?, _ field: String, strict: Bool, _ range: ClosedRange<Int>) throws -> Int? {
        guard let raw, !raw.isEmpty || strict else { return nil }
        guard let v = Int(PersianText.latinDigits(raw)), range.contains(v) else {
            throw Problem.badRequest("\(field) must be a whole number from \(range.lowerBound) to \(range.upperBound)", field: field)
        }
        return v
    }

    /// The list's filters. `strict` (the API): an empty filter is refused; the page's form sends them empty for "all".
    static func query(_ request: Request, strict: Bool = true) throws -> SurveyQuery {
        let p = FormData.query(request)
        var query = SurveyQuery(limit: try ListQuery.limit(request))
        query.customerId = try TicketsController.idParam(p.get("customerId"), "customerId", strict: strict)
        query.ticketId = try TicketsController.idParam(p.get("ticketId"), "ticketId", strict: strict)
        if let raw = p.get("answered"), !raw.isEmpty || strict {
            switch raw {
            case "true": query.answered = true
            case "false": query.answered = false
            default: throw Problem.badRequest("answered must be true or false", field: "answered")
            }
        }
        query.occasion = try TicketsController.enumValue(p.get("occasion"), "occasion", strict: strict)
        query.csatMin = try score(p.get("csatMin"), "csatMin", strict: strict, SurveyAnswer.csatRange)
        query.csatMax = try score(p.get("csatMax"), "csatMax", strict: strict, SurveyAnswer.csatRange)
        query.npsMin = try score(p.get("npsMin"), "npsMin", strict: strict, SurveyAnswer.npsRange)
        query.npsMax = try score(p.get("npsMax"), "npsMax", strict: strict, SurveyAnswer.npsRange)
        query.after = try ListQuery.after(request, Cursor.decode)
        return query
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await surveys.list(try Self.query(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(SurveyDTO.init), next: page.next))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let survey = try await surveys.get(try RouteID.require(context, resource: "survey"), by: try context.principal())
        return try JSONResponse.make(SurveyDTO(survey))
    }

    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try TicketsController.id(context)
        let principal = try context.principal()
        try principal.require(.ticketsWrite, to: "send surveys")
        // No body is needed; one given must be an empty object.
        if var body = try await JSONBody.readOptional(request, context) {
            body.allow(only: [])
            try body.check()
        }
        let survey = try await surveys.send(ticketId: id, by: principal)
        return try JSONResponse.make(SurveyDTO(survey), status: .created, headers: [.location: "/api/v1/surveys/\(survey.id)"])
    }

    /// A score as sent: a whole JSON number; anything else (a fraction, a string, 1e19) is out of range.
    static func score(_ body: inout JSONBody, _ key: String, _ range: ClosedRange<Int>) -> Int? {
        switch body.object[key] {
        case nil, .null?: return nil
        case .number(let n)?:
            if let whole = JSONBody.exactInteger(n), let v = Int(exactly: whole), abs(v) <= 1_000_000 { return v }
        default: break
        }
        body.append(FieldIssue(field: key, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)", code: "survey.range",
                               params: ["min": String(range.lowerBound), "max": String(range.upperBound)]))
        return nil
    }

    /// The customer's answer: 200 with the stored answer; 404 for a token that is not one of
    /// ours; 409 when it was answered before (nothing changed); 410 when the link's time ran out;
    /// 422 for a score out of range or a comment over 2,000 characters (nothing stored).
    @Sendable func answer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["csat", "nps", "comment"])
        let csat = Self.score(&body, "csat", SurveyAnswer.csatRange)
        let nps = Self.score(&body, "nps", SurveyAnswer.npsRange)
        let comment = body.string("comment")
        guard let link = try await surveys.open(token: token) else { throw Self.unknownLink }
        if !link.survey.isAnswered, !link.survey.isExpired() { try body.check() }
        switch try await surveys.answer(token: token, SurveyAnswer(csat: csat, nps: nps, comment: comment)) {
        case .answered(let s): return try JSONResponse.make(PublicSurveyAnswerDTO(s))
        case .alreadyAnswered: throw Problem(.conflict, "survey-answered", "Already answered", detail: "this survey was answered before; the answer counted once and stands")
        case .expired: throw Problem(.gone, "survey-expired", "Link expired", detail: "this survey's link is no longer valid")
        case .unknown: throw Self.unknownLink
        }
    }

    static let unknownLink = Problem(.notFound, "not-found", "Not found", detail: "no survey has this link")
}

/// A survey as the API shows it to staff.
struct SurveyDTO: Encodable {
    let id: String
    let customerId: String
    let customerName: String
    let occasion: String
    let ticketId: String?
    let ticketNumber: String?
    let shipmentId: String?
    let orderId: String?
    let channel: String?
    let language: String
    let deliveryStatus: String?
    let sentAt: Date?
    let expiresAt: Date
    let state: String
    let answeredAt: Date?
    let csat: Int?
    let nps: Int?
    let comment: String?
    let createdBy: String?
    let createdAt: Date

    init(_ s: Survey) {
        (id, customerId, customerName, occasion) = (String(s.id), String(s.customerId), s.customerName, s.occasion.rawValue)
        (ticketId, ticketNumber) = (s.ticketId.map(String.init), s.ticketNumber)
        (shipmentId, orderId) = (s.shipmentId.map(String.init), s.orderId.map(String.init))
        (channel, language, deliveryStatus) = (s.channel?.rawValue, s.language.rawValue, s.deliveryStatus)
        (sentAt, expiresAt, answeredAt) = (s.sentAt, s.expiresAt, s.answeredAt)
        state = s.isAnswered ? "answered" : s.isExpired() ? "expired" : "waiting"
        (csat, nps, comment) = (s.csat, s.nps, s.comment)
        (createdBy, createdAt) = (s.createdBy.map(String.init), s.createdAt)
    }
}

/// What the customer is told back: their answer, nothing about anyone else.
struct PublicSurveyAnswerDTO: Encodable {
    let state: String
    let answeredAt: Date?
    let csat: Int?
    let nps: Int?
    let comment: String?

    init(_ s: Survey) {
        (state, answeredAt, csat, nps, comment) = ("answered", s.answeredAt, s.csat, s.nps, s.comment)
    }
}
