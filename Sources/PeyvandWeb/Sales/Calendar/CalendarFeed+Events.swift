import Foundation
import PeyvandCore
import PeyvandExchange
import PeyvandStore

/// What a member of staff's feed holds: their meetings (organised or attended) from eight weeks
/// back to 48 weeks ahead, cancelled ones marked so, and their open tasks with a due time as all-day
/// events on the due day. Tasks are events rather than VTODOs because the calendars phones
/// subscribe to (iOS, Google, Samsung) show no VTODO from a subscribed feed.
struct CalendarFeedBuilder {
    let meetings: MeetingRepository
    let tasks: TaskRepository
    let baseURL: String
    let zone: TimeZone

    static let back: TimeInterval = 8 * 7 * 86400
    /// Eight weeks back and 48 ahead: within the 400 days one meeting list may span.
    static let ahead: TimeInterval = 48 * 7 * 86400

    func document(for principal: Principal, language: Language, now: Date = Date()) async throws -> String {
        var events: [ICalendarEvent] = []
        var query = MeetingQuery(from: now.addingTimeInterval(-Self.back), to: now.addingTimeInterval(Self.ahead), userId: principal.userId, limit: 500)
        // At most 2,000 meetings: a feed stays a size a phone reads.
        for _ in 0..<4 {
            let page = try await meetings.list(query, by: principal)
            events += page.items.map { event($0, language: language) }
            guard let next = page.next.flatMap(MeetingCursor.decode) else { break }
            query.after = next
        }
        var taskQuery = TaskQuery(assigneeId: principal.userId, status: .open, dueFrom: now.addingTimeInterval(-Self.back), limit: 500)
        for _ in 0..<2 {
            let page = try await tasks.list(taskQuery, by: principal)
            events += page.items.compactMap { event($0, language: language, stamp: now) }
            guard let next = page.next.flatMap(TaskCursor.decode) else { break }
            taskQuery.after = next
        }
        let name = language == .fa ? "پیوند · \(principal.name)" : "Peyvand · \(principal.name)"
        return ICalendarWriter.calendar(name: name, events: events)
    }

    var root: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }

    func event(_ m: Meeting, language: Language) -> ICalendarEvent {
        let fa = language == .fa
        var lines: [String] = []
        if let customer = m.customerName { lines.append((fa ? "مشتری: " : "Customer: ") + customer) }
        if let deal = m.dealTitle { lines.append((fa ? "معامله: " : "Deal: ") + deal) }
        let people = m.attendees.map(\.name)
        if !people.isEmpty { lines.append((fa ? "حاضران: " : "Attendees: ") + people.joined(separator: fa ? "، " : ", ")) }
        if let notes = m.notes { lines.append(notes) }
        lines.append(root + "/meetings/\(m.id)")
        if let customer = m.customerId { lines.append(root + "/customers/\(customer)") }
        let status: ICalendarEvent.Status = m.status == .cancelled ? .cancelled : .confirmed
        return ICalendarEvent(
            uid: m.uid, stamp: m.updatedAt, when: .timed(start: m.startsAt, end: m.endsAt), summary: m.title, location: m.location,
            description: lines.joined(separator: "\n"), url: root + "/meetings/\(m.id)", status: status, sequence: m.sequence,
            organizer: ICalendarEvent.Person(name: m.organiserName, email: nil),
            attendees: m.attendees.map { ICalendarEvent.Person(name: $0.name, email: $0.email) })
    }

    func event(_ t: SalesTask, language: Language, stamp: Date) -> ICalendarEvent? {
        guard let due = t.dueAt else { return nil }
        let local = CivilTime(due, offsetSeconds: zone.secondsFromGMT(for: due))
        let fa = language == .fa
        var lines = [(fa ? "موعد: " : "Due: ") + local.timeString]
        if let customer = t.customerName { lines.append((fa ? "مشتری: " : "Customer: ") + customer) }
        if let notes = t.notes { lines.append(notes) }
        lines.append(root + "/tasks/\(t.id)")
        return ICalendarEvent(
            uid: "task-\(t.id)@peyvand", stamp: t.updatedAt, when: .allDay(year: local.year, month: local.month, day: local.day),
            summary: (fa ? "کار: " : "Task: ") + t.title, description: lines.joined(separator: "\n"), url: root + "/tasks/\(t.id)",
            sequence: t.version)
    }
}
