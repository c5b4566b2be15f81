import Foundation
import PeyvandCore
import PeyvandStore

/// What `/meetings/new` and `/meetings/{id}` (`meeting.mustache`) render: the meeting (when it
/// exists) with its overlaps and actions, and its form as stored or as typed, with a customer
/// search when no customer is chosen yet.
struct MeetingPageModel {
    struct Option { let value: String, label: String, selected: Bool }
    struct Overlap { let who: String, title: String, when: String, href: String }
    struct Found { let name: String, href: String }
    struct Details {
        let id: Int64
        let status: String
        let statusLabel: String
        let scheduled: Bool
        let when: String
        let location: String?
        let organiser: String
        let customerName: String?
        let customerHref: String?
        let dealTitle: String?
        let attendees: [String]
        let notes: String?
        let interactionHref: String?
        let version: Int
    }
    struct Form {
        let action: String
        let title: String, date: String, time: String, location: String, notes: String
        let datePlaceholder: String
        let durations: [Option]
        let customerId: String, customerName: String?
        let dealId: String, dealTitle: String?
        let staff: [Option]
        let contacts: [Option]
        let version: String?
    }

    let heading: String
    let meeting: Details?
    let overlaps: [Overlap]
    let form: Form
    let search: String
    let found: [Found]
    let chooseCustomer: Bool
    let canWrite: Bool
    let errors: [FieldError]
}

extension MeetingPageModel {
    struct Inputs {
        var meeting: Meeting?
        var overlaps: [MeetingOverlap] = []
        var staff: [User] = []
        var contacts: [MeetingContact] = []
        var customer: (Int64, String)?
        var deal: (Int64, String)?
        var day: Int?
        var search = ""
        var found: [Customer] = []
    }

    init(_ d: Inputs, principal: Principal, form: FormData?, issues: [FieldIssue], text x: PageText, zone: TimeZone, path: String) {
        let m = d.meeting
        heading = m?.title ?? x.t("meeting_new")
        func local(_ date: Date) -> CivilTime { CivilTime(date, offsetSeconds: zone.secondsFromGMT(for: date)) }
        meeting = m.map { m in
            Details(id: m.id, status: m.status.rawValue, statusLabel: x.label("meeting_status", m.status.rawValue), scheduled: m.status == .scheduled,
                    when: x.when(m.startsAt) + " – " + x.digits(local(m.endsAt).timeString), location: m.location, organiser: m.organiserName,
                    customerName: m.customerName, customerHref: m.customerId.map { "/customers/\($0)" }, dealTitle: m.dealTitle,
                    attendees: m.attendees.map(\.name), notes: m.notes,
                    interactionHref: m.interactionId != nil ? m.customerId.map { "/customers/\($0)#timeline" } : nil, version: m.version)
        }
        overlaps = d.overlaps.map { Overlap(who: $0.attendeeName, title: $0.meetingTitle, when: x.when($0.startsAt), href: "/meetings/\($0.meetingId)") }
        let minutes = form?["duration"] ?? m.map { String(Int($0.endsAt.timeIntervalSince($0.startsAt) / 60)) } ?? "60"
        var durations = MeetingFormInput.durations.map { String($0) }
        if !durations.contains(minutes), let n = Int(minutes), n > 0 { durations.append(minutes) }
        let chosenUsers = Set(form.map { f in f.pairs.filter { $0.0 == "user" }.map(\.1) } ?? m?.attendees.filter { $0.kind == .user }.map { String($0.id) } ?? [])
        var contactIds: [String]
        if let form { contactIds = form.pairs.filter { $0.0 == "contact" }.map(\.1) }
        else if let m { contactIds = m.attendees.filter { $0.kind == .contact }.map { String($0.id) } }
        else { contactIds = d.contacts.count == 1 ? d.contacts.map { String($0.id) } : [] }
        let chosenContacts = Set(contactIds)
        let startDay = d.day.map { CalendarGrid.start(of: $0, zone: zone) }
        self.form = Form(
            action: m.map { "/meetings/\($0.id)" } ?? "/meetings",
            title: form?["title"] ?? m?.title ?? "",
            date: form?["date"] ?? (m?.startsAt ?? startDay).map { x.digits(FormDates.format($0, x.lang, timeZone: zone, withTime: false)) } ?? "",
            time: form?["time"] ?? m.map { local($0.startsAt).timeString } ?? "10:00",
            location: form?["location"] ?? m?.location ?? "", notes: form?["notes"] ?? m?.notes ?? "",
            datePlaceholder: x.lang == .fa ? "۱۴۰۵/۰۹/۰۲" : "2026-11-23",
            durations: durations.map { Option(value: $0, label: x.number(Int($0) ?? 0) + " " + x.t("meeting_minutes"), selected: $0 == minutes) },
            customerId: d.customer.map { String($0.0) } ?? "", customerName: d.customer?.1,
            dealId: d.deal.map { String($0.0) } ?? "", dealTitle: d.deal?.1,
            staff: d.staff.filter { $0.id != (m?.organiserId ?? principal.userId) }.map {
                Option(value: String($0.id), label: $0.name, selected: chosenUsers.contains(String($0.id)))
            },
            contacts: d.contacts.map { Option(value: String($0.id), label: $0.name, selected: chosenContacts.contains(String($0.id))) },
            version: m.map { String($0.version) })
        search = d.search
        found = d.found.map { Found(name: $0.fields.name, href: path + "customer=\($0.id)") }
        chooseCustomer = d.customer == nil && m == nil
        canWrite = principal.may(.tasksWrite)
        errors = x.fieldErrorList(issues, labelled: true)
    }
}
