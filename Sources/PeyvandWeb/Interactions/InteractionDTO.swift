import Foundation
import PeyvandCore
import PeyvandStore

struct MoneyDTO: Encodable {
    let amount: String
    let currency: String
    init(_ m: Money) {
        amount = m.majorString
        currency = m.currency.rawValue
    }
}

struct InteractionDTO: Encodable {
    let id: String
    let customerId: String
    let kind: String
    let channel: String?
    let direction: String?
    let occurredAt: Date
    let staffId: String?
    let staffName: String?
    let subject: String?
    let body: String?
    let outcome: String?
    let durationSeconds: Int?
    let cost: MoneyDTO?
    let createdAt: Date

    init(_ i: Interaction) {
        let f = i.fields
        id = String(i.id)
        customerId = String(i.customerId)
        kind = f.kind.rawValue
        channel = f.channel?.rawValue
        direction = f.direction?.rawValue
        occurredAt = f.occurredAt
        staffId = f.staffId.map(String.init)
        staffName = i.staffName
        subject = f.subject
        body = f.body
        outcome = f.outcome
        durationSeconds = f.durationSeconds
        cost = f.cost.map(MoneyDTO.init)
        createdAt = i.createdAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(customerId, forKey: .customerId)
        try c.encode(kind, forKey: .kind)
        try c.encode(channel, forKey: .channel)
        try c.encode(direction, forKey: .direction)
        try c.encode(occurredAt, forKey: .occurredAt)
        try c.encode(staffId, forKey: .staffId)
        try c.encode(staffName, forKey: .staffName)
        try c.encode(subject, forKey: .subject)
        try c.encode(body, forKey: .body)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(cost, forKey: .cost)
        try c.encode(createdAt, forKey: .createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, customerId, kind, channel, direction, occurredAt, staffId, staffName, subject, body, outcome, durationSeconds, cost, createdAt
    }
}

/// A timeline entry in the API: `source` tells which area it comes from.
struct TimelineEntryDTO: Encodable {
    let entry: TimelineEntry

    init(_ entry: TimelineEntry) { self.entry = entry }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entry.source, forKey: .source)
        try c.encode(String(entry.id), forKey: .id)
        try c.encode(String(entry.customerId), forKey: .customerId)
        try c.encode(entry.at, forKey: .at)
        try c.encode(entry.kind, forKey: .kind)
        try c.encode(entry.channel?.rawValue, forKey: .channel)
        try c.encode(entry.direction?.rawValue, forKey: .direction)
        try c.encode(entry.staffId.map(String.init), forKey: .staffId)
        try c.encode(entry.staffName, forKey: .staffName)
        try c.encode(entry.title, forKey: .title)
        try c.encode(entry.detail, forKey: .detail)
        try c.encode(entry.outcome, forKey: .outcome)
        try c.encode(entry.durationSeconds, forKey: .durationSeconds)
        try c.encode(entry.cost.map(MoneyDTO.init), forKey: .cost)
    }

    enum CodingKeys: String, CodingKey {
        case source, id, customerId, at, kind, channel, direction, staffId, staffName, title, detail, outcome, durationSeconds, cost
    }
}

struct LookupDTO: Encodable {
    let customer: CustomerDTO
    let recent: [TimelineEntryDTO]
}

struct LookupBody: Encodable {
    let phone: String
    let items: [LookupDTO]
}
