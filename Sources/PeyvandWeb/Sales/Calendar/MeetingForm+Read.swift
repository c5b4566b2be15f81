import Foundation
import PeyvandCore

/// A meeting form as posted: title, the day (Jalali in fa, Gregorian in en), start time and
/// duration, place, notes, customer, deal, and the attendees ticked (staff and the customer's people).
struct MeetingFormInput {
    let input: MeetingInput
    let issues: [FieldIssue]

    /// Durations offered, in minutes.
    static let durations = [15, 30, 45, 60, 90, 120, 180, 240, 480]

    init(_ form: FormData, zone: TimeZone, organiser: Int64?) {
        var issues: [FieldIssue] = []
        var input = MeetingInput(title: form["title"], location: form["location"], notes: form["notes"], organiserId: organiser)
        let day = form["date"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let time = PersianText.latinDigits(form["time"]?.trimmingCharacters(in: .whitespaces) ?? "")
        if day.isEmpty || time.isEmpty {
            issues.append(FieldIssue(field: "startsAt", reason: "is required", code: "required"))
        } else if let start = FormDates.parse(day + " " + time, timeZone: zone) {
            input.startsAt = start
            if let minutes = form["duration"].flatMap({ Int($0) }), Self.durations.contains(minutes) {
                input.endsAt = start.addingTimeInterval(Double(minutes) * 60)
            } else {
                issues.append(FieldIssue(field: "duration", reason: "is not one of the choices", code: "choice.unknown"))
            }
        } else {
            issues.append(FieldIssue(field: "startsAt", reason: "must be a date such as 2026-11-23 or 1405/09/02 and a time", code: "date.format"))
        }
        input.customerId = form.id("customerId", issues: &issues)
        input.dealId = form.id("dealId", issues: &issues)
        let all = form.pairs
        input.userIds = all.filter { $0.0 == "user" }.prefix(MeetingInput.Limits.attendees + 1).compactMap { Int64($0.1) }
        input.contactIds = all.filter { $0.0 == "contact" }.prefix(MeetingInput.Limits.attendees + 1).compactMap { Int64($0.1) }
        self.input = input
        self.issues = issues
    }
}
