import Foundation
import PeyvandCore
import PeyvandStore

/// What the service-level sections of `/settings/service` read: the policies, the organisation's
/// currency (the value floors' unit), the holidays of the chosen Jalali year and which years may be chosen.
struct ServiceLevelData: Sendable {
    let policies: [SLAPolicy]
    let currency: Currency
    let year: Int
    let years: [Int]
    let holidays: [ServiceHolidays.Entry]
}

/// A service-level form sent back with its problems: which form (`policy-new`, `policy-12`,
/// `hours-3`, `holiday`), what was typed, and the issues by field.
struct ServiceLevelFailure {
    let key: String
    let form: FormData
    let issues: [FieldIssue]
}

/// The three service-level sections of `service-settings.mustache`: service levels, business
/// hours per team, holidays of a Jalali year.
struct ServiceLevelModel {
    /// One policy form (add, or a row's edit): the values as shown or as typed, and each field's problem.
    struct PolicyForm {
        let key: String, action: String, id: Int64?, version: Int?
        let name: String, priorities: [Choice], minValue: String
        let firstH: String, firstM: String, nextH: String, nextM: String, resolutionH: String, resolutionM: String, warn: String
        let errName: String?, errPriority: String?, errMinValue: String?, errFirst: String?, errNext: String?, errResolution: String?
        let errWarn: String?, errForm: String?
        let open: Bool
    }
    struct Policy {
        let id: Int64, name: String, priority: String, priorityKey: String, minValue: String
        let first: String, next: String, resolution: String, warn: String, edit: PolicyForm
    }
    struct TeamHours {
        let id: Int64, name: String, hours: String, standard: Bool, text: String, err: String?
    }
    struct DayCode { let code: String, name: String }
    struct HolidayRow { let id: Int64, date: String, name: String, kind: String, kindKey: String, lunar: Bool }

    let policies: [Policy]
    let newPolicy: PolicyForm
    let currencyUnit: String
    let teamHours: [TeamHours]
    let standardWeek: String
    let dayCodes: [DayCode]
    let yearValue: String
    let years: [Choice]
    let year: String
    let holidays: [HolidayRow]
    let lunarSource: String?
    let noLunarData: String?
    let holidayDate: String
    let holidayNameFa: String
    let holidayNameEn: String
    let holidayDatePlaceholder: String
    let errHolidayDate: String?
    let errHolidayName: String?
    let errHolidayNameEn: String?
    let errHolidayForm: String?
}

extension ServiceLevelModel {
    /// `failures`: the form sent back (one on a page; the samples give one for every form).
    init(_ d: ServiceLevelData, teams: [ServiceTeam], failures: [ServiceLevelFailure], text x: PageText) {
        func failure(_ key: String) -> ServiceLevelFailure? { failures.first { $0.key == key } }
        func errors(_ key: String) -> [String: FieldError] { failure(key).map { x.fieldErrorMap($0.issues) } ?? [:] }
        let unit = x.unitLabel(d.currency)
        currencyUnit = unit
        func policyForm(_ p: SLAPolicy?) -> PolicyForm {
            let key = p.map { "policy-\($0.id)" } ?? "policy-new"
            let typed = failure(key)?.form
            let e = errors(key)
            func split(_ minutes: Int?) -> (String, String) {
                guard let minutes else { return ("", "") }
                return (x.number(minutes / 60), x.number(minutes % 60))
            }
            let first = split(p?.firstResponseMinutes), next = split(p?.nextResponseMinutes), resolution = split(p?.resolutionMinutes)
            let priority = typed?["priority"] ?? p?.priority ?? "normal"
            let minValue = p.map { x.digits(Money(minorUnits: $0.minValueMinor, currency: d.currency).majorString) } ?? x.number(0)
            let formError = [e["version"]?.message, e["policy"]?.message].compactMap { $0 }.joined(separator: " ")
            return PolicyForm(
                key: key, action: p.map { "/settings/service/sla/\($0.id)" } ?? "/settings/service/sla", id: p?.id, version: p?.version,
                name: typed?["name"] ?? p.map { Self.policyName($0.name, x) } ?? "",
                priorities: TicketPriority.allCases.map { x.choice($0.rawValue, "ticket_priority", selected: $0.rawValue == priority) },
                minValue: typed?["minValue"] ?? minValue,
                firstH: typed?["firstH"] ?? first.0, firstM: typed?["firstM"] ?? first.1, nextH: typed?["nextH"] ?? next.0,
                nextM: typed?["nextM"] ?? next.1, resolutionH: typed?["resolutionH"] ?? resolution.0, resolutionM: typed?["resolutionM"] ?? resolution.1,
                warn: typed?["warnPercent"] ?? x.number(p?.warnPercent ?? 80),
                errName: e["name"]?.message, errPriority: e["priority"]?.message, errMinValue: e["minValue"]?.message,
                errFirst: e["firstResponse"]?.message, errNext: e["nextResponse"]?.message, errResolution: e["resolution"]?.message,
                errWarn: e["warnPercent"]?.message, errForm: formError.isEmpty ? nil : formError, open: typed != nil)
        }
        policies = d.policies.map { p in
            Policy(id: p.id, name: Self.policyName(p.name, x), priority: x.label("ticket_priority", p.priority), priorityKey: p.priority,
                   minValue: x.money(Money(minorUnits: p.minValueMinor, currency: d.currency)),
                   first: x.workingTime(p.firstResponseMinutes), next: x.workingTime(p.nextResponseMinutes),
                   resolution: x.workingTime(p.resolutionMinutes), warn: x.number(p.warnPercent) + (x.lang == .fa ? "٪" : "%"), edit: policyForm(p))
        }
        newPolicy = policyForm(nil)
        let digits: JalaliDate.Digits = x.lang == .fa ? .persian : .latin
        teamHours = teams.map { team in
            let key = "hours-\(team.id)"
            let typed = failure(key)?.form["hours"]
            return TeamHours(id: team.id, name: team.name, hours: team.hours.formatted(digits: digits), standard: team.businessHours == nil,
                             text: typed ?? (team.businessHours == nil ? "" : team.hours.formatted(digits: digits)),
                             err: errors(key).values.map(\.message).sorted().joined(separator: x.lang == .fa ? "؛ " : "; ").nilIfEmpty)
        }
        standardWeek = BusinessHours.iranDefault.formatted(digits: digits)
        dayCodes = BusinessHours.Day.allCases.map { DayCode(code: $0.code, name: x.t("sla_day_\($0.code)")) }
        yearValue = String(d.year)
        // The Solar Hijri year; in English with the Gregorian years it spans (1405 → 2026/27).
        years = d.years.map { y in
            Choice(value: String(y), label: x.lang == .fa ? x.number(y) : "\(y) (\(y + 621)/\(String(y + 622).suffix(2)))", selected: y == d.year)
        }
        year = x.number(d.year)
        holidays = d.holidays.map { h in
            HolidayRow(id: h.id, date: x.views.formatting.day(h.holiday.date, x.lang), name: h.holiday.name(language: x.lang.rawValue),
                       kind: x.t("holiday_kind_\(h.holiday.kind.rawValue)"), kindKey: h.holiday.kind.rawValue, lunar: h.holiday.kind == .lunar)
        }
        lunarSource = d.holidays.first { $0.holiday.kind == .lunar }?.source ?? (d.holidays.contains { $0.holiday.kind == .lunar } ? IranHolidays.lunarSource : nil)
        noLunarData = IranHolidays.hasLunarData(for: d.year) ? nil : x.t("holiday_no_lunar").replacingOccurrences(of: "{year}", with: x.number(d.year))
        let typed = failure("holiday")?.form
        holidayDate = typed?["date"] ?? ""
        holidayNameFa = typed?["nameFa"] ?? ""
        holidayNameEn = typed?["nameEn"] ?? ""
        holidayDatePlaceholder = x.lang == .fa ? PersianText.persianDigits("\(d.year)/11/22") : "2027-02-11"
        let e = errors("holiday")
        errHolidayDate = e["date"]?.message
        errHolidayName = e["nameFa"]?.message
        errHolidayNameEn = e["nameEn"]?.message
        errHolidayForm = e["holiday"]?.message
    }
}

extension PageText {
    /// Working time as hours and minutes: «۴ ساعت و ۳۰ دقیقه» / "4 h 30 min".
    func workingTime(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        func part(_ n: Int, _ key: String) -> String { t(key).replacingOccurrences(of: "{n}", with: number(n)) }
        if h > 0 && m > 0 { return part(h, "sla_hours") + (lang == .fa ? " و " : " ") + part(m, "sla_minutes") }
        return h > 0 ? part(h, "sla_hours") : part(m, "sla_minutes")
    }
}

extension ServiceLevelModel {
    /// A policy's name for the reader: the standard policies the product ships are stored as
    /// "Standard" and read in the page's language; a name the administrator gave is shown as it is.
    static func policyName(_ name: String, _ x: PageText) -> String {
        name == "Standard" ? x.t("sla_policy_standard") : name
    }
}
