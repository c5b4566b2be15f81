import Foundation
import PeyvandCore
import PeyvandStore

/// What `/calendar` (`calendar.mustache`) renders: the month grid (days with their meetings,
/// dots on a phone), or the week or day by hour, and the agenda of the same days below.
struct CalendarModel {
    struct Link { let key: String, label: String, href: String, current: Bool }
    struct Chip { let id: Int64, time: String, title: String, customer: String?, cancelled: Bool, held: Bool }
    struct Cell { let number: String, href: String, inMonth: Bool, today: Bool, holiday: Bool, label: String, chips: [Chip], more: String?, count: String? }
    struct Week { let cells: [Cell] }
    struct Column { let label: String, short: String, href: String, today: Bool, holiday: Bool }
    struct HourRow { let label: String, cells: [HourCell] }
    struct HourCell { let holiday: Bool, chips: [Chip] }
    struct AgendaDay { let label: String, href: String, today: Bool, chips: [Chip] }

    let heading: String
    let views: [Link]
    let prev: String
    let next: String
    let today: String
    let isMonth: Bool
    let weekdays: [Column]
    let weeks: [Week]
    let columns: [Column]
    let hours: [HourRow]
    let agenda: [AgendaDay]
    let newHref: String
    let canWrite: Bool
}

extension CalendarModel {
    init(grid: CalendarGrid, meetings: [Meeting], todayDay: Int, principal: Principal, text x: PageText, zone: TimeZone) {
        let lang = x.lang
        func href(_ view: CalendarGrid.View, _ day: Int) -> String { "/calendar?view=\(view.rawValue)&date=\(CalendarGrid.iso(day))" }
        func time(_ d: Date) -> String { x.digits(CivilTime(d, offsetSeconds: zone.secondsFromGMT(for: d)).timeString) }
        func chip(_ m: Meeting) -> Chip {
            Chip(id: m.id, time: time(m.startsAt), title: m.title, customer: m.customerName, cancelled: m.status == .cancelled, held: m.status == .held)
        }
        func dayNumber(_ day: Int) -> String {
            let j = JalaliDate(daysSinceUnixEpoch: day)
            return x.number(lang == .fa ? j.day : j.gregorian.day)
        }
        func dayLabel(_ day: Int) -> String {
            let weekday = x.t("calendar_wd_\(JalaliDate(daysSinceUnixEpoch: day).weekday)")
            return weekday + " " + x.views.formatting.day(JalaliDate(daysSinceUnixEpoch: day), lang)
        }
        var byDay: [Int: [Meeting]] = [:]
        for m in meetings.sorted(by: { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }) {
            byDay[CalendarGrid.day(of: m.startsAt, zone: zone), default: []].append(m)
        }
        let mid = CalendarGrid.start(of: (grid.monthFirst + grid.monthLast) / 2, zone: zone)
        switch grid.view {
        case .month: heading = x.monthName(mid)
        case .week: heading = x.views.formatting.day(JalaliDate(daysSinceUnixEpoch: grid.first), lang) + " – "
            + x.views.formatting.day(JalaliDate(daysSinceUnixEpoch: grid.last), lang)
        case .day: heading = dayLabel(grid.focus)
        }
        views = CalendarGrid.View.allCases.map { Link(key: $0.rawValue, label: x.t("calendar_view_\($0.rawValue)"), href: href($0, grid.focus), current: $0 == grid.view) }
        prev = href(grid.view, grid.previous)
        next = href(grid.view, grid.next)
        today = href(grid.view, todayDay)
        isMonth = grid.view == .month
        weekdays = (0..<7).map { c in
            let w = CalendarGrid.weekday(ofColumn: c, lang)
            return Column(label: x.t("calendar_wd_\(w)"), short: x.t("calendar_wds_\(w)"), href: "", today: false, holiday: w == 6)
        }
        var weeks: [Week] = []
        if grid.view == .month {
            var day = grid.first
            while day <= grid.last {
                var cells: [Cell] = []
                for d in day..<(day + 7) {
                    let list = byDay[d] ?? []
                    cells.append(Cell(number: dayNumber(d), href: href(.day, d), inMonth: d >= grid.monthFirst && d <= grid.monthLast, today: d == todayDay,
                                      holiday: CalendarGrid.isFriday(d), label: dayLabel(d), chips: list.prefix(3).map(chip),
                                      more: list.count > 3 ? "+" + x.number(list.count - 3) : nil, count: list.isEmpty ? nil : x.number(list.count)))
                }
                weeks.append(Week(cells: cells))
                day += 7
            }
        }
        self.weeks = weeks
        let days = grid.view == .month ? [] : Array(grid.first...grid.last)
        columns = days.map { Column(label: dayLabel($0), short: "", href: href(.day, $0), today: $0 == todayDay, holiday: CalendarGrid.isFriday($0)) }
        var hours: [HourRow] = []
        if grid.view != .month {
            let local = meetings.map { CivilTime($0.startsAt, offsetSeconds: zone.secondsFromGMT(for: $0.startsAt)).hour }
            let lo = min(8, local.min() ?? 8), hi = max(19, local.max() ?? 19)
            for h in lo...hi {
                hours.append(HourRow(label: x.digits(String(format: "%02d:00", h)), cells: days.map { d in
                    HourCell(holiday: CalendarGrid.isFriday(d), chips: (byDay[d] ?? []).filter {
                        CivilTime($0.startsAt, offsetSeconds: zone.secondsFromGMT(for: $0.startsAt)).hour == h
                    }.map(chip))
                }))
            }
        }
        self.hours = hours
        let agendaDays = grid.view == .month ? Array(grid.monthFirst...grid.monthLast) : days
        agenda = agendaDays.compactMap { d in
            guard let list = byDay[d], !list.isEmpty else { return nil }
            return AgendaDay(label: dayLabel(d), href: href(.day, d), today: d == todayDay, chips: list.map(chip))
        }
        newHref = "/meetings/new?date=\(CalendarGrid.iso(grid.focus))"
        canWrite = principal.may(.tasksWrite)
    }
}
