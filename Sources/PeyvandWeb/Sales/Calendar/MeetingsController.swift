import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/meetings`: list by time range, create, read, update (PATCH with If-Match), mark held,
/// cancel.
struct MeetingsController {
    let meetings: MeetingRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("meetings", use: list)
        group.post("meetings", use: create)
        group.get("meetings/:id", use: show)
        group.patch("meetings/:id", use: update)
        group.post("meetings/:id/held", use: held)
        group.post("meetings/:id/cancel", use: cancel)
    }

    static let fields: Set<String> = ["title", "startsAt", "endsAt", "location", "notes", "organiserId", "customerId", "dealId", "userIds", "contactIds"]

    static func input(_ body: inout JSONBody, over base: MeetingInput) -> MeetingInput {
        body.allow(only: fields)
        var input = base
        if body.has("title") { input.title = body.string("title") }
        if body.has("startsAt") { input.startsAt = body.instant("startsAt") }
        if body.has("endsAt") { input.endsAt = body.instant("endsAt") }
        if body.has("location") { input.location = body.string("location") }
        if body.has("notes") { input.notes = body.string("notes") }
        if body.has("organiserId") { input.organiserId = SalesAPI.id(&body, "organiserId") }
        if body.has("customerId") { input.customerId = SalesAPI.id(&body, "customerId") }
        if body.has("dealId") { input.dealId = SalesAPI.id(&body, "dealId") }
        if body.has("userIds") { input.userIds = SalesAPI.ids(&body, "userIds") ?? [] }
        if body.has("contactIds") { input.contactIds = SalesAPI.ids(&body, "contactIds") ?? [] }
        return input
    }

    static func base(_ m: Meeting) -> MeetingInput {
        MeetingInput(title: m.title, startsAt: m.startsAt, endsAt: m.endsAt, location: m.location, notes: m.notes, organiserId: m.organiserId,
                     customerId: m.customerId, dealId: m.dealId, userIds: m.attendees.filter { $0.kind == .user }.map(\.id),
                     contactIds: m.attendees.filter { $0.kind == .contact }.map(\.id))
    }

    static func answer(_ meeting: Meeting, overlaps: [MeetingOverlap] = [], status: HTTPResponse.Status = .ok) throws -> Response {
        var headers: HTTPFields = [.eTag: "\"\(meeting.version)\""]
        if status == .created { headers[.location] = "/api/v1/meetings/\(meeting.id)" }
        return try JSONResponse.make(MeetingDTO(meeting, overlaps: overlaps), status: status, headers: headers)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let q = FormData.query(request)
        let from = try SalesAPI.queryInstant(q, "from") ?? Date().addingTimeInterval(-7 * 86400)
        let to = try SalesAPI.queryInstant(q, "to") ?? from.addingTimeInterval(42 * 86400)
        guard to > from, to.timeIntervalSince(from) <= MeetingQuery.maxSpan else {
            throw Problem.validation(ValidationError(field: "to", reason: "must be after from, at most 400 days later", code: "date.order"))
        }
        var query = MeetingQuery(from: from, to: to, limit: try ListQuery.limit(request))
        query.userId = try SalesAPI.queryId(q, "userId")
        query.customerId = try SalesAPI.queryId(q, "customerId")
        query.dealId = try SalesAPI.queryId(q, "dealId")
        if let raw = q.get("status"), !raw.isEmpty {
            guard let status = MeetingStatus(rawValue: raw) else { throw Problem.badRequest("status must be scheduled, held or cancelled", field: "status") }
            query.status = status
        }
        query.after = try ListQuery.after(request, MeetingCursor.decode)
        let page = try await meetings.list(query, by: principal)
        return try JSONResponse.make(ListBody(items: page.items.map { MeetingDTO($0) }, next: page.next))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        var body = try await JSONBody.read(request, context)
        let input = Self.input(&body, over: MeetingInput())
        try body.check()
        let saved = try await meetings.create(input, by: principal)
        return try Self.answer(saved.meeting, overlaps: saved.overlaps, status: .created)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.answer(try await meetings.get(try RouteID.require(context, resource: "meeting"), by: try context.principal()))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let id = try RouteID.require(context, resource: "meeting")
        let expected = try SalesAPI.ifMatch(request, resource: "meeting")
        var body = try await JSONBody.read(request, context)
        let current = try await meetings.get(id, by: principal)
        let input = Self.input(&body, over: Self.base(current))
        try body.check()
        let saved = try await meetings.update(id, input, expectedVersion: expected, by: principal)
        return try Self.answer(saved.meeting, overlaps: saved.overlaps)
    }

    @Sendable func held(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let id = try RouteID.require(context, resource: "meeting")
        let expected = try SalesAPI.ifMatch(request, resource: "meeting")
        var notes: String?
        if var body = try await JSONBody.readOptional(request, context) {
            body.allow(only: ["notes"])
            notes = body.string("notes")
            try body.check()
        }
        return try Self.answer(try await meetings.markHeld(id, notes: notes, expectedVersion: expected, by: principal))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.answer(try await meetings.cancel(try RouteID.require(context, resource: "meeting"),
                                                  expectedVersion: try SalesAPI.ifMatch(request, resource: "meeting"), by: try context.principal()))
    }
}
