import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The service-level forms of `/settings/service`: policies (add, edit, delete), a team's business
/// hours, the holidays of a Jalali year (add, remove). Each re-renders the page with its problems
/// beside its fields, what was typed kept; only `service.configure` may send them.
extension ServiceSettingsPages {
    func addServiceLevelRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("settings/service/sla", use: createPolicy)
        group.post("settings/service/sla/:id", use: updatePolicy)
        group.post("settings/service/sla/:id/delete", use: deletePolicy)
        group.post("settings/service/teams/:id/hours", use: setHours)
        group.post("settings/service/holidays", use: addHoliday)
        group.post("settings/service/holidays/:id/delete", use: removeHoliday)
    }

    /// The Jalali year whose holidays are shown (`?year=`, this year or next), and the years offered.
    static func holidayYear(_ request: Request) -> (Int, [Int]) {
        let current = JalaliDate(Date(), timeZone: TimeZone(identifier: "Asia/Tehran")!).year
        let years = [current, current + 1]
        let asked = FormData.query(request).get("year").flatMap { Int(PersianText.latinDigits($0)) }
        return (asked.flatMap { years.contains($0) ? $0 : nil } ?? current, years)
    }

    /// Runs a service-level change; a refusal re-renders the page with the form's problems.
    func attemptLevel(_ request: Request, _ context: AppRequestContext, key: String, form: FormData, anchor: String,
                      year shown: () -> Int? = { nil }, _ action: () async throws -> Void) async throws -> Response {
        func failed(_ issues: [FieldIssue], _ status: HTTPResponse.Status) async throws -> Response {
            try await render(request, context, issues: [], failure: ServiceLevelFailure(key: key, form: form, issues: issues), status: status)
        }
        do {
            try await action()
            let asked = FormData.query(request).get("year").flatMap { Int(PersianText.latinDigits($0).filter(\.isNumber).prefix(5)) }
            let year = (shown() ?? asked).map { "&year=\($0)" } ?? ""
            return .redirect("/settings/service?saved=1\(year)#\(anchor)")
        } catch StoreError.invalid(let error) {
            return try await failed(error.issues, .unprocessableContent)
        } catch StoreError.versionMismatch {
            return try await failed([FieldIssue(field: "version", reason: "changed by someone else", code: "version.conflict")], .conflict)
        } catch StoreError.conflict(let why) {
            // The policies' one conflict is a second policy for a priority and value floor; the holidays', their number.
            let issue = key == "holiday" ? FieldIssue(field: "holiday", reason: why, code: "holiday.limit", params: ["max": "2000"])
                : FieldIssue(field: "policy", reason: why, code: "sla.policyTaken")
            return try await failed([issue], .conflict)
        }
    }

    /// A policy form's fields: durations typed as hours and minutes (Persian digits welcome), the
    /// value floor in the organisation's currency.
    func policyInput(_ form: FormData) async throws -> SLAPolicies.Input {
        var issues: [FieldIssue] = []
        func whole(_ name: String) -> Int? {
            let text = PersianText.latinDigits(form[name] ?? "").trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return 0 }
            guard text.count <= 7, let n = Int(text), n >= 0 else { return nil }
            return n
        }
        func duration(_ field: String, _ h: String, _ m: String) -> Int {
            guard let hours = whole(h), let minutes = whole(m) else {
                issues.append(FieldIssue(field: field, reason: "hours and minutes must be whole numbers", code: "sla.duration",
                                         params: ["max": String(SLAPolicies.Input.maxMinutes / 60)]))
                return 0
            }
            return hours * 60 + minutes
        }
        let first = duration("firstResponse", "firstH", "firstM")
        let next = duration("nextResponse", "nextH", "nextM")
        let resolution = duration("resolution", "resolutionH", "resolutionM")
        var minValue: Int64 = 0
        let rawValue = PersianText.latinDigits(form["minValue"] ?? "").replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "٬", with: "")
            .trimmingCharacters(in: .whitespaces)
        if !rawValue.isEmpty {
            let currency = try await policies.currency()
            if let money = try? Money(major: rawValue, currency: currency), !money.isNegative { minValue = money.minorUnits } else {
                issues.append(FieldIssue(field: "minValue", reason: "must be an amount, 0 or more", code: "sla.money"))
            }
        }
        let warnText = PersianText.latinDigits(form["warnPercent"] ?? "").replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "٪", with: "")
            .trimmingCharacters(in: .whitespaces)
        let warn = warnText.isEmpty ? 80 : Int(warnText.prefix(4)) ?? -1
        let input = SLAPolicies.Input(name: form["name"] ?? "", priority: form["priority"] ?? "", minValueMinor: minValue,
                                      firstResponseMinutes: first, nextResponseMinutes: next, resolutionMinutes: resolution, warnPercent: warn)
        // The store's own checks, named by the form's fields; the durations' only when they read.
        for issue in Self.storeIssues(input) where !issues.contains(where: { $0.field == Self.formField(issue.field) }) {
            if issue.field.hasSuffix("Minutes") {
                issues.append(FieldIssue(field: Self.formField(issue.field), reason: issue.reason, code: "sla.duration",
                                         params: ["max": String(SLAPolicies.Input.maxMinutes / 60)]))
            } else {
                issues.append(FieldIssue(field: issue.field, reason: issue.reason, code: issue.code, params: issue.params))
            }
        }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        return input
    }

    /// The store's field names as the form names them.
    static func formField(_ field: String) -> String {
        switch field {
        case "firstResponseMinutes": "firstResponse"
        case "nextResponseMinutes": "nextResponse"
        case "resolutionMinutes": "resolution"
        default: field
        }
    }

    /// The checks `SLAPolicies.save` makes, run first so the form can name its own fields.
    static func storeIssues(_ input: SLAPolicies.Input) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { issues.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        if name.count > 100 { issues.append(FieldIssue(field: "name", reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
        if TicketPriority(rawValue: input.priority) == nil { issues.append(FieldIssue(field: "priority", reason: "unknown", code: "choice.unknown")) }
        for (field, minutes) in [("firstResponseMinutes", input.firstResponseMinutes), ("nextResponseMinutes", input.nextResponseMinutes),
                                 ("resolutionMinutes", input.resolutionMinutes)] where !(1...SLAPolicies.Input.maxMinutes).contains(minutes) {
            issues.append(FieldIssue(field: field, reason: "out of range", code: "sla.duration"))
        }
        if !(1...99).contains(input.warnPercent) {
            issues.append(FieldIssue(field: "warnPercent", reason: "must be from 1 to 99", code: "number.range", params: ["min": "1", "max": "99"]))
        }
        return issues
    }

    @Sendable func createPolicy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attemptLevel(request, context, key: "policy-new", form: form, anchor: "service-sla") {
            let principal = try context.principal()
            try principal.require(.serviceConfigure, to: "set service levels")
            _ = try await policies.save(nil, try await policyInput(form), by: principal)
        }
    }

    @Sendable func updatePolicy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "SLA policy")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attemptLevel(request, context, key: "policy-\(id)", form: form, anchor: "service-sla") {
            let principal = try context.principal()
            try principal.require(.serviceConfigure, to: "set service levels")
            _ = try await policies.save(id, try await policyInput(form), expectedVersion: form["version"].flatMap { Int(PersianText.latinDigits($0)) },
                                        by: principal)
        }
    }

    @Sendable func deletePolicy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "SLA policy")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attemptLevel(request, context, key: "policy-\(id)", form: form, anchor: "service-sla") {
            try await policies.delete(id, by: try context.principal())
        }
    }

    @Sendable func setHours(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "service team")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attemptLevel(request, context, key: "hours-\(id)", form: form, anchor: "service-hours") {
            _ = try await teams.setHours(id, text: form["hours"], by: try context.principal())
        }
    }

    @Sendable func addHoliday(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var added: Int?
        return try await attemptLevel(request, context, key: "holiday", form: form, anchor: "service-holidays", year: { added }) {
            let principal = try context.principal()
            try principal.require(.serviceConfigure, to: "edit the holiday calendar")
            let text = (form["date"] ?? "").trimmingCharacters(in: .whitespaces)
            let zone = views.formatting.timeZone
            var issues: [FieldIssue] = []
            var day: JalaliDate?
            if text.isEmpty {
                issues.append(FieldIssue(field: "date", reason: "is required", code: "required"))
            } else if let date = FormDates.parse(text, timeZone: zone) {
                day = JalaliDate(date, timeZone: zone)
            } else {
                issues.append(FieldIssue(field: "date", reason: "must be a date", code: "date.invalid"))
            }
            let fa = form["nameFa"] ?? "", en = form["nameEn"] ?? ""
            if fa.trimmingCharacters(in: .whitespaces).isEmpty && en.trimmingCharacters(in: .whitespaces).isEmpty {
                issues.append(FieldIssue(field: "nameFa", reason: "a holiday needs a name", code: "required"))
            }
            guard issues.isEmpty, let day else { throw StoreError.invalid(ValidationError(issues)) }
            _ = try await holidays.add(on: day, nameFa: fa, nameEn: en, by: principal)
            added = day.year
        }
    }

    @Sendable func removeHoliday(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "holiday")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attemptLevel(request, context, key: "holiday", form: form, anchor: "service-holidays") {
            try await holidays.remove(id, by: try context.principal())
        }
    }
}
