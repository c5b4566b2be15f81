import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/calls`: a PBX connector reports ringing, answered and ended calls (`calls.report`);
/// staff list them. `/api/v1/users/{id}/extension`: administrators set who answers which
/// extension. A reported call is pushed to the browsers signed in here (`GET /events`).
struct CallsController {
    let calls: CallLog
    let extensions: StaffExtensions
    let notifier: CallNotifier

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("calls", use: report)
        group.get("calls", use: list)
        group.put("users/:id/extension", use: setExtension)
    }

    static let fields: Set<String> = ["callId", "event", "from", "to", "direction", "agentExtension", "agentUserId", "at"]

    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.callsReport, to: "report calls")
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.fields)
        let callId = body.string("callId"), eventText = body.string("event"), from = body.string("from"), to = body.string("to")
        let directionText = body.string("direction"), agentExtension = body.string("agentExtension")
        let agentText = body.id("agentUserId"), at = body.instant("at")
        if callId == nil, !body.issues.contains(where: { $0.field == "callId" }) {
            body.append(FieldIssue(field: "callId", reason: "is required", code: "required"))
        }
        var kind: CallEventKind?
        if let eventText {
            kind = CallEventKind(rawValue: eventText)
            if kind == nil { body.append(FieldIssue(field: "event", reason: "must be ringing, answered or ended", code: "choice.unknown")) }
        } else if !body.issues.contains(where: { $0.field == "event" }) {
            body.append(FieldIssue(field: "event", reason: "is required", code: "required"))
        }
        var direction = Direction.inbound
        if let directionText {
            if let d = Direction(rawValue: directionText) { direction = d } else {
                body.append(FieldIssue(field: "direction", reason: "must be in or out", code: "choice.unknown"))
            }
        }
        var agentUserId: Int64?
        if let agentText {
            if let id = Int64(agentText), id > 0 { agentUserId = id } else {
                body.append(FieldIssue(field: "agentUserId", reason: "must be a user id", code: "id.user"))
            }
        }
        let event = CallEvent(callKey: callId ?? "", kind: kind ?? .ringing, from: from ?? "", to: to ?? "", direction: direction,
                              agentExtension: agentExtension, agentUserId: agentUserId, at: at ?? Date())
        if !body.issues.isEmpty {
            var issues = body.issues
            do { _ = try event.validated() } catch { issues += error.issues.filter { i in !issues.contains { $0.field == i.field } } }
            throw Problem.validation(ValidationError(issues))
        }
        let outcome = try await calls.report(event, by: principal)
        await notifier.notify(outcome)
        return try JSONResponse.make(CallDTO(outcome.call))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let p = FormData.query(request)
        var query = CallQuery(limit: try ListQuery.limit(request))
        // An empty id filter means no filter (`IdFilter` in the document); an empty state is not a state.
        if let s = p.get("state") {
            guard let state = CallState(rawValue: s) else {
                throw Problem.badRequest("state must be one of \(CallState.allCases.map(\.rawValue).joined(separator: ", "))", field: "state")
            }
            query.state = state
        }
        for (name, keyPath) in [("customerId", \CallQuery.customerId), ("agentUserId", \CallQuery.agentId)] {
            if let raw = p.get(name), !raw.isEmpty {
                guard raw.range(of: "^[1-9][0-9]{0,17}$", options: .regularExpression) != nil, let id = Int64(raw) else { throw Problem.badRequest("\(name) must be an id", field: name) }
                query[keyPath: keyPath] = id
            }
        }
        if let id = try ListQuery.after(request, Cursor.decode) { query.before = id }
        let page = try await calls.list(query, by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(CallDTO.init), next: page.next))
    }

    @Sendable func setExtension(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.usersManage, to: "set extensions")
        let userId = try RouteID.require(context, resource: "user")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["extension"])
        let text = body.string("extension")
        if !body.has("extension") { body.append(FieldIssue(field: "extension", reason: "is required (null clears it)", code: "required")) }
        try body.check()
        let ext = try await extensions.set(userId, to: text, by: principal)
        return try JSONResponse.make(ExtensionDTO(userId: String(userId), extension: ext))
    }
}

struct ExtensionDTO: Encodable {
    let userId: String
    let `extension`: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(userId, forKey: .userId)
        try c.encode(`extension`, forKey: .extension)
    }

    enum CodingKeys: String, CodingKey { case userId, `extension` }
}

/// A call as the API writes it; absent values are `null`.
struct CallDTO: Encodable {
    let call: Call

    init(_ call: Call) { self.call = call }

    enum CodingKeys: String, CodingKey {
        case id, callId, direction, from, fromRaw, to, toRaw, customerId, customerName, agentUserId, agentName, state
        case startedAt, answeredAt, endedAt, durationSeconds, interactionId
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(String(call.id), forKey: .id)
        try c.encode(call.callKey, forKey: .callId)
        try c.encode(call.direction.rawValue, forKey: .direction)
        try c.encode(call.fromNumber, forKey: .from)
        try c.encode(call.fromRaw, forKey: .fromRaw)
        try c.encode(call.toNumber, forKey: .to)
        try c.encode(call.toRaw, forKey: .toRaw)
        try c.encode(call.customerId.map(String.init), forKey: .customerId)
        try c.encode(call.customerName, forKey: .customerName)
        try c.encode(call.agentId.map(String.init), forKey: .agentUserId)
        try c.encode(call.agentName, forKey: .agentName)
        try c.encode(call.state.rawValue, forKey: .state)
        try c.encode(call.startedAt, forKey: .startedAt)
        try c.encode(call.answeredAt, forKey: .answeredAt)
        try c.encode(call.endedAt, forKey: .endedAt)
        try c.encode(call.durationSeconds, forKey: .durationSeconds)
        try c.encode(call.interactionId.map(String.init), forKey: .interactionId)
    }
}
