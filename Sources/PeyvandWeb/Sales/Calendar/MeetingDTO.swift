import Foundation
import PeyvandCore

/// A meeting as the API writes it, with the overlaps its staff have (on create and update).
struct MeetingDTO: Encodable {
    struct Attendee: Encodable {
        let kind: String
        let id: String
        let name: String
    }

    struct Overlap: Encodable {
        let attendeeName: String
        let meetingId: String
        let meetingTitle: String
        let startsAt: Date
    }

    let id: String
    let title: String
    let startsAt: Date
    let endsAt: Date
    let location: String?
    let notes: String?
    let organiserId: String
    let organiserName: String
    let customerId: String?
    let customerName: String?
    let dealId: String?
    let dealTitle: String?
    let status: String
    let interactionId: String?
    let uid: String
    let sequence: Int
    let version: Int
    let attendees: [Attendee]
    let overlaps: [Overlap]
    let createdAt: Date
    let updatedAt: Date

    init(_ m: Meeting, overlaps: [MeetingOverlap] = []) {
        (id, title, startsAt, endsAt, location, notes) = (String(m.id), m.title, m.startsAt, m.endsAt, m.location, m.notes)
        (organiserId, organiserName, customerId, customerName) = (String(m.organiserId), m.organiserName, m.customerId.map(String.init), m.customerName)
        (dealId, dealTitle, status, interactionId, uid) = (m.dealId.map(String.init), m.dealTitle, m.status.rawValue, m.interactionId.map(String.init), m.uid)
        (sequence, version, createdAt, updatedAt) = (m.sequence, m.version, m.createdAt, m.updatedAt)
        attendees = m.attendees.map { Attendee(kind: $0.kind.rawValue, id: String($0.id), name: $0.name) }
        self.overlaps = overlaps.map { Overlap(attendeeName: $0.attendeeName, meetingId: String($0.meetingId), meetingTitle: $0.meetingTitle, startsAt: $0.startsAt) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(title, forKey: .title); try c.encode(startsAt, forKey: .startsAt); try c.encode(endsAt, forKey: .endsAt)
        try c.encode(location, forKey: .location); try c.encode(notes, forKey: .notes); try c.encode(organiserId, forKey: .organiserId)
        try c.encode(organiserName, forKey: .organiserName); try c.encode(customerId, forKey: .customerId); try c.encode(customerName, forKey: .customerName)
        try c.encode(dealId, forKey: .dealId); try c.encode(dealTitle, forKey: .dealTitle); try c.encode(status, forKey: .status)
        try c.encode(interactionId, forKey: .interactionId); try c.encode(uid, forKey: .uid); try c.encode(sequence, forKey: .sequence)
        try c.encode(version, forKey: .version); try c.encode(attendees, forKey: .attendees); try c.encode(overlaps, forKey: .overlaps)
        try c.encode(createdAt, forKey: .createdAt); try c.encode(updatedAt, forKey: .updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, title, startsAt, endsAt, location, notes, organiserId, organiserName, customerId, customerName, dealId, dealTitle, status
        case interactionId, uid, sequence, version, attendees, overlaps, createdAt, updatedAt
    }
}
