import Foundation
import PeyvandCore
import PeyvandStore

/// The service report's query parameters, shared by the API and the page: `calendar` (jalali or
/// gregorian; the page defaults to the reader's, the API to jalali), `from` and `to` (months such
/// as `1405-07`; default the six months up to the current one), `team` and `agent` (ids) and
/// `channel`. Persian digits are read too.
enum ServiceReportParameters {
    static func query(_ p: FormData, language: Language?, now: Date = Date()) throws -> ServiceReportQuery {
        var issues: [FieldIssue] = []
        var calendar = ForecastPeriod.CalendarKind.jalali
        do { calendar = try ForecastParameters.calendar(p.get("calendar"), language: language) } catch { issues += error.issues }
        let current = ForecastPeriod.containing(day: Tehran.day(of: now).daysSinceUnixEpoch, calendar, .month)
        func month(_ name: String, default fallback: ForecastPeriod) -> ForecastPeriod? {
            guard let raw = p.get(name), !raw.isEmpty else { return fallback }
            let text = PersianText.latinDigits(raw).trimmingCharacters(in: .whitespaces)
            guard text.count <= 7, text.range(of: "^[0-9]{1,4}-[0-9]{1,2}$", options: .regularExpression) != nil,
                  let period = try? ForecastPeriod(key: text, calendar) else {
                issues.append(FieldIssue(field: name, reason: "must be a month such as 1405-07", code: "report.month"))
                return nil
            }
            return period
        }
        var start = current
        for _ in 0..<5 { start = start.previous }
        let from = month("from", default: start), to = month("to", default: current)
        func id(_ name: String) -> Int64? {
            guard let raw = p.get(name).map(PersianText.latinDigits), !raw.isEmpty else { return nil }
            guard raw.range(of: "^[1-9][0-9]{0,17}$", options: .regularExpression) != nil, let id = Int64(raw) else {
                issues.append(FieldIssue(field: name, reason: "must be an id", code: "id.invalid"))
                return nil
            }
            return id
        }
        let team = id("team"), agent = id("agent")
        var channel: TicketChannel?
        if let raw = p.get("channel"), !raw.isEmpty {
            channel = TicketChannel(rawValue: raw)
            if channel == nil { issues.append(FieldIssue(field: "channel", reason: "must be one of \(TicketChannel.allCases.map(\.rawValue).joined(separator: ", "))", code: "choice.unknown")) }
        }
        if !issues.isEmpty { throw Problem.validation(ValidationError(issues)) }
        guard let from, let to else { throw Problem.validation(ValidationError(issues)) }
        do { return try ServiceReportQuery(from: from, to: to, teamId: team, channel: channel, agentId: agent) } catch {
            throw Problem.validation(error)
        }
    }
}
