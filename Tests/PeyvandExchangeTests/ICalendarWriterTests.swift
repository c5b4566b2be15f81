import Foundation
import PeyvandExchange
import Testing

@Suite("iCalendar writer (RFC 5545)")
struct ICalendarWriterTests {
    static let start = Date(timeIntervalSince1970: 1_796_547_600)  // 2026-12-06T09:00:00Z

    @Test("TEXT values escape backslash, semicolon, comma and line breaks")
    func escaping() {
        #expect(ICalendarWriter.escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf")
        #expect(ICalendarWriter.escape("تهران، خیابان ولیعصر; پلاک ۱۲") == "تهران، خیابان ولیعصر\\; پلاک ۱۲")
        #expect(ICalendarWriter.escape("bell\u{07}tab\t") == "belltab\t", "control characters other than tab are dropped")
    }

    @Test("long Persian lines fold at 75 octets, never inside a character's UTF-8 bytes, and unfold to the original")
    func folding() throws {
        let text = "SUMMARY:" + String(repeating: "جلسهٔ معرفی محصول با مدیر خرید شرکت آلفا ", count: 6)
        let folded = ICalendarWriter.fold(text)
        #expect(folded.hasSuffix("\r\n"))
        let lines = folded.dropLast(2).components(separatedBy: "\r\n")
        #expect(lines.count > 4)
        for (i, line) in lines.enumerated() {
            #expect(line.utf8.count <= 75, "line \(i) has \(line.utf8.count) octets")
            if i > 0 { #expect(line.hasPrefix(" ")) }
            // Each physical line is valid UTF-8 on its own: no character was cut.
            #expect(String(validating: Array(line.utf8), as: UTF8.self) != nil)
        }
        // Persian letters are two octets: a full line of them is 74 or 75 octets, never 76.
        #expect(lines.dropLast().allSatisfy { $0.utf8.count >= 74 })
        let unfolded = folded.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n", with: "")
        #expect(unfolded == text)
        #expect(ICalendarWriter.fold("SHORT:x") == "SHORT:x\r\n")
        // A four-octet emoji at the boundary moves whole to the next line.
        let emoji = ICalendarWriter.fold(String(repeating: "a", count: 73) + "😀b")
        #expect(emoji == String(repeating: "a", count: 73) + "\r\n 😀b\r\n")
    }

    @Test("a calendar: CRLF everywhere, UTC instants, all-day dates, cancelled status, sequence, attendees with addresses")
    func document() {
        let meeting = ICalendarEvent(uid: "meeting-1@peyvand", stamp: Self.start, when: .timed(start: Self.start, end: Self.start.addingTimeInterval(5400)),
                                     summary: "جلسه, مهم", location: "دفتر; طبقه ۲", description: "خط اول\nخط دوم", url: "https://crm.example/meetings/1",
                                     status: .cancelled, sequence: 3, organizer: .init(name: "سارا \"فروش\"", email: "sara@example.com"),
                                     attendees: [.init(name: "Omid", email: "omid@example.com"), .init(name: "بدون نشانی", email: nil)])
        let task = ICalendarEvent(uid: "task-7@peyvand", stamp: Self.start, when: .allDay(year: 2026, month: 12, day: 31), summary: "Task")
        let text = ICalendarWriter.calendar(name: "پیوند", events: [meeting, task])
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare line feeds")
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        for line in ["DTSTART:20261206T090000Z", "DTEND:20261206T103000Z", "DTSTAMP:20261206T090000Z", "SUMMARY:جلسه\\, مهم",
                     "LOCATION:دفتر\\; طبقه ۲", "DESCRIPTION:خط اول\\nخط دوم", "STATUS:CANCELLED", "SEQUENCE:3",
                     "ORGANIZER;CN=\"سارا فروش\":mailto:sara@example.com", "ATTENDEE;CN=\"Omid\";ROLE=REQ-PARTICIPANT:mailto:omid@example.com",
                     "DTSTART;VALUE=DATE:20261231", "DTEND;VALUE=DATE:20270101", "UID:task-7@peyvand", "STATUS:CONFIRMED"] {
            #expect(unfolded.contains(line + "\r\n"), "missing \(line)")
        }
        #expect(!unfolded.contains("بدون نشانی"), "an attendee without an address is not written as one")
        #expect(ICalendarWriter.utc(Date(timeIntervalSince1970: 951_782_400)) == "20000229T000000Z")
    }
}
