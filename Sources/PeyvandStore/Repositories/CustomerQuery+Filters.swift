import Foundation
import PeyvandAnalytics
import PeyvandCore

extension CustomerQuery {
    /// The filter parameters of a customer list, as a URL query or a saved view carries them:
    /// `q`, `stage`, `ownerId`, `tag`, `city`, `consent` (a channel the customer agreed to),
    /// `createdFrom` / `createdTo` (dates, Gregorian `2026-03-20` or Jalali `1405/01/01`),
    /// `updatedFrom` / `updatedTo` (the same for the last change), `rfm` (an RFM segment), `behaviour`
    /// (a behavioural segment's number), `minChurnRisk` (0…1), `satisfaction` (classes, comma-separated), `includeDeleted`, `limit`, `after`. Unknown names are ignored; bad values are reported.
    public static func parse(_ pairs: [(String, String)], timeZone: TimeZone = TimeZone(identifier: "Asia/Tehran") ?? .gmt,
                             defaultLimit: Int = 50) throws(ValidationError) -> CustomerQuery {
        var query = CustomerQuery(limit: defaultLimit)
        var issues: [FieldIssue] = []
        func value(_ name: String) -> String? {
            pairs.last { $0.0 == name }.map { $0.1.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let raw = value("limit") {
            if let n = Int(raw), (1...Page<Customer>.maxLimit).contains(n) { query.limit = n } else {
                issues.append(FieldIssue(field: "limit", reason: "must be a whole number from 1 to \(Page<Customer>.maxLimit)", code: "number.range", params: ["min": "1", "max": "\(Page<Customer>.maxLimit)"]))
            }
        }
        if let q = value("q") {
            if q.count > 200 { issues.append(FieldIssue(field: "q", reason: "must be at most 200 characters", code: "text.tooLong", params: ["max": "200"])) } else { query.q = q }
        }
        if let s = value("stage") {
            if let stage = LifecycleStage(rawValue: s) { query.stage = stage } else {
                issues.append(FieldIssue(field: "stage", reason: "must be one of: \(LifecycleStage.allCases.map(\.rawValue).joined(separator: ", "))", code: "choice.unknown"))
            }
        }
        if let o = value("ownerId") {
            if let id = Int64(o), id > 0 { query.ownerId = id } else { issues.append(FieldIssue(field: "ownerId", reason: "must be a user id", code: "id.user")) }
        }
        // Refused, not cut: a filter that silently matched something else would mislead.
        if let t = value("tag") {
            if t.count > 50 { issues.append(FieldIssue(field: "tag", reason: "must be at most 50 characters", code: "text.tooLong", params: ["max": "50"])) } else { query.tag = t }
        }
        if let c = value("city") {
            if c.count > 100 { issues.append(FieldIssue(field: "city", reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"])) } else { query.city = c }
        }
        if let c = value("consent") {
            if Consents.channels.contains(c) { query.consent = c } else {
                issues.append(FieldIssue(field: "consent", reason: "must be one of: \(Consents.channels.joined(separator: ", "))", code: "choice.unknown"))
            }
        }
        for name in ["createdFrom", "createdTo", "updatedFrom", "updatedTo"] {
            guard let raw = value(name) else { continue }
            guard let day = Self.day(raw, timeZone: timeZone) else {
                issues.append(FieldIssue(field: name, reason: "must be a date such as 2026-03-20 or 1405/01/01", code: "date.invalid"))
                continue
            }
            switch name {
            case "createdFrom": query.createdFrom = day
            case "createdTo": query.createdBefore = day.addingTimeInterval(86400)
            case "updatedFrom": query.updatedFrom = day
            default: query.updatedBefore = day.addingTimeInterval(86400)
            }
        }
        if let r = value("rfm") {
            if RFMSegment(rawValue: r) != nil { query.rfmSegment = r } else {
                issues.append(FieldIssue(field: "rfm", reason: "must be one of: \(RFMSegment.allCases.map(\.rawValue).joined(separator: ", "))", code: "choice.unknown"))
            }
        }
        if let b = value("behaviour") {
            if let n = Int(b), (1...20).contains(n) { query.behaviourSegment = n } else {
                issues.append(FieldIssue(field: "behaviour", reason: "must be a behavioural segment number from 1 to 20", code: "number.range", params: ["min": "1", "max": "20"]))
            }
        }
        if let c = value("minChurnRisk") {
            if let x = Double(c), x >= 0, x <= 1 { query.minChurnRisk = x } else {
                issues.append(FieldIssue(field: "minChurnRisk", reason: "must be a probability from 0 to 1", code: "number.probability"))
            }
        }
        if let s = value("satisfaction"), s.count > 80 {
            issues.append(FieldIssue(field: "satisfaction", reason: "must be at most 80 characters", code: "text.tooLong", params: ["max": "80"]))
        } else if let s = value("satisfaction") {
            let names = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let classes = names.compactMap(SatisfactionClass.init(rawValue:))
            if !classes.isEmpty, classes.count == names.count { query.satisfaction = SatisfactionClass.allCases.filter(classes.contains) } else {
                let all = SatisfactionClass.allCases.map(\.rawValue).joined(separator: ", ")
                issues.append(FieldIssue(field: "satisfaction", reason: "must be one or more of: \(all), separated by commas", code: "choice.unknown", params: ["allowed": all]))
            }
        }
        if let d = value("includeDeleted") {
            if let flag = Bool(d.lowercased()) { query.includeDeleted = flag } else {
                issues.append(FieldIssue(field: "includeDeleted", reason: "must be true or false", code: "json.bool"))
            }
        }
        if let after = value("after"), !query.resume(after: after) {
            issues.append(FieldIssue(field: "after", reason: "is not a cursor from this list", code: "list.cursor"))
        }
        if !issues.isEmpty { throw ValidationError(issues) }
        return query
    }

    /// Midnight of a Gregorian (`2026-03-20`) or Jalali (`1405/01/01`, Persian digits welcome) date.
    static func day(_ text: String, timeZone: TimeZone) -> Date? {
        let numbers = PersianText.latinDigits(text).split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        if numbers[0] < 1700 {
            return (try? JalaliDate(year: numbers[0], month: numbers[1], day: numbers[2]))?.date(timeZone: timeZone)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2])
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}
