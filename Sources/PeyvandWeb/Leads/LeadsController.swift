import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/leads`: list (filters status, ownerId, source, campaign, q), capture, read, change
/// (PATCH with If-Match), convert, disqualify, notes, and CSV import.
struct LeadsController {
    let leads: Leads
    let conversion: LeadConversion
    let importer: LeadImporter

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("leads", use: list)
        group.post("leads", use: create)
        group.post("lead-imports", use: importFile)
        group.get("leads/:id", use: show)
        group.patch("leads/:id", use: update)
        group.post("leads/:id/convert", use: convert)
        group.post("leads/:id/disqualify", use: disqualify)
        group.get("leads/:id/notes", use: notes)
        group.post("leads/:id/notes", use: addNote)
    }

    static let fields: Set<String> = ["name", "company", "email", "phone", "province", "city", "message", "source", "campaign", "ownerId",
                                      "need", "budget", "authority", "timing", "consent", "consentText"]

    static func id(_ context: AppRequestContext) throws -> Int64 { try RouteID.require(context, resource: "lead") }

    /// The version `If-Match` names, if it is there.
    static func ifMatch(_ request: Request) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(trimmed) else { throw Problem.badRequest("If-Match must be the lead's version, e.g. \"3\"", field: "If-Match") }
        return version
    }

    static func apply(_ body: inout JSONBody, to input: inout LeadInput) {
        for key in ["name", "company", "email", "phone", "province", "city", "message", "source", "campaign", "consentText"] where body.has(key) {
            let value = body.string(key)
            switch key {
            case "name": input.name = value
            case "company": input.company = value
            case "email": input.email = value
            case "phone": input.phone = value
            case "province": input.province = value
            case "city": input.city = value
            case "message": input.message = value
            case "source": input.source = value
            case "campaign": input.campaign = value
            default: input.consentText = value
            }
        }
        if body.has("ownerId") { input.ownerId = body.id("ownerId") }
        if body.has("need") { input.need = body.bool("need") }
        if body.has("budget") { input.budget = body.bool("budget") }
        if body.has("authority") { input.authority = body.bool("authority") }
        if body.has("timing") { input.timing = body.bool("timing") }
        if body.has("consent") { input.consent = body.bool("consent") ?? false }
    }

    static func check(_ body: JSONBody, _ input: LeadInput) throws {
        guard !body.issues.isEmpty else { return }
        var issues = body.issues
        do { _ = try input.validated() } catch { issues += error.issues }
        throw Problem.validation(ValidationError(issues))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try Self.query(request)
        let page = try await leads.list(query, by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(LeadDTO.init), next: page.next))
    }

    /// The list's filters. `strict` (the API): an empty `status` or `ownerId` is refused; the page's
    /// form sends them empty for "all".
    static func query(_ request: Request, strict: Bool = true) throws -> LeadQuery {
        let params = FormData.query(request)
        var query = LeadQuery(limit: try ListQuery.limit(request))
        if let raw = params.get("status"), !raw.isEmpty || strict {
            guard let status = LeadStatus(rawValue: raw) else {
                throw Problem.badRequest("status must be one of \(LeadStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            query.status = status
        }
        if let raw = params.get("ownerId"), !raw.isEmpty || strict {
            guard let id = Int64(raw), id > 0 else { throw Problem.badRequest("ownerId must be a user id", field: "ownerId") }
            query.ownerId = id
        }
        for (name, value) in [("source", params.get("source")), ("campaign", params.get("campaign")), ("q", params.get("q"))] {
            if let value, value.count > 200 { throw Problem.badRequest("\(name) must be at most 200 characters", field: name) }
        }
        query.source = params.get("source")
        query.campaign = params.get("campaign")
        query.q = params.get("q")
        query.after = try ListQuery.after(request, Cursor.decode)
        return query
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.leadsManage, to: "capture leads")
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.fields)
        var input = LeadInput()
        Self.apply(&body, to: &input)
        try Self.check(body, input)
        let lead = try await leads.create(input, channel: .api, by: principal)
        return try JSONResponse.make(LeadDTO(lead), status: .created, headers: [.location: "/api/v1/leads/\(lead.id)", .eTag: "\"\(lead.version)\""])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let lead = try await leads.get(try Self.id(context), by: try context.principal())
        return try JSONResponse.make(LeadDTO(lead), headers: [.eTag: "\"\(lead.version)\""])
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        try principal.require(.leadsManage, to: "change leads")
        let expected = try Self.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.fields.union(["status"]))
        let current = try await leads.get(id, by: principal)
        var input = LeadInput(current)
        Self.apply(&body, to: &input)
        var status: LeadStatus?
        if let raw = body.string("status") {
            status = LeadStatus(rawValue: raw)
            if status == nil || status?.isOpen == false {
                body.append(FieldIssue(field: "status", reason: "must be new, working or qualified; convert or disqualify instead", code: "lead.status"))
            }
        }
        try Self.check(body, input)
        let lead = try await leads.update(id, with: input, status: status, expectedVersion: expected, by: principal)
        return try JSONResponse.make(LeadDTO(lead), headers: [.eTag: "\"\(lead.version)\""])
    }

    @Sendable func convert(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        try principal.require(.leadsManage, to: "convert leads")
        let expected = try Self.ifMatch(request)
        var input = LeadConversionInput()
        if var body = try await JSONBody.readOptional(request, context) {
            body.allow(only: ["pipelineId", "dealTitle", "amount"])
            input.pipelineId = body.id("pipelineId")
            input.dealTitle = body.string("dealTitle")
            input.amount = body.decimal("amount")
            try body.check()
        }
        let result = try await conversion.convert(id, input, expectedVersion: expected, by: principal)
        return try JSONResponse.make(LeadConversionDTO(result))
    }

    @Sendable func disqualify(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        try principal.require(.leadsManage, to: "disqualify leads")
        let expected = try Self.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["reason"])
        let reason = body.string("reason")
        if reason == nil, !body.issues.contains(where: { $0.field == "reason" }) {
            body.append(FieldIssue(field: "reason", reason: "is required", code: "required"))
        }
        try body.check()
        let lead = try await leads.disqualify(id, reason: reason ?? "", expectedVersion: expected, by: principal)
        return try JSONResponse.make(LeadDTO(lead), headers: [.eTag: "\"\(lead.version)\""])
    }

    @Sendable func notes(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await leads.notes(try Self.id(context), by: try context.principal())
        return try JSONResponse.make(ListBody(items: items.map(LeadNoteDTO.init), next: nil))
    }

    @Sendable func addNote(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        try principal.require(.leadsManage, to: "keep notes on leads")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["body"])
        let text = body.string("body")
        if text == nil, !body.issues.contains(where: { $0.field == "body" }) { body.append(FieldIssue(field: "body", reason: "is required", code: "required")) }
        try body.check()
        let note = try await leads.addNote(id, body: text ?? "", by: principal)
        return try JSONResponse.make(LeadNoteDTO(note), status: .created)
    }

    /// A CSV file as the body (`text/csv`, UTF-8 or Windows-1256): every good row is a lead, every
    /// bad one is reported by line.
    @Sendable func importFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.leadsManage, to: "import leads")
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("text/csv") || type.hasPrefix("text/plain") || type.hasPrefix("application/octet-stream") else {
            throw Problem(.unsupportedMediaType, "unsupported-media-type", "Unsupported media type", detail: "send the file as text/csv")
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw Problem.badRequest("the file is empty; send a CSV file with a header row", field: "file") }
        let report = try await importer.run(Array(buffer.readableBytesView), by: principal)
        return try JSONResponse.make(LeadImportDTO(report), status: report.imported > 0 ? .created : .ok)
    }
}
